package cairn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /v2/stats/leader} as etcd 2.3's {@code LeaderStats} writes it. */
class LeaderStatsTest {

  @Test
  void aSingleMemberLeaderHasNoFollowers() {
    // etcd 3.4 capture of a one-member cluster.
    assertEquals(
        "{\"leader\":\"bdae9bbc11dd390d\",\"followers\":{}}",
        new LeaderStats("bdae9bbc11dd390d").toJson());
  }

  @Test
  void latencyIsInMillisecondsWithRunningMeanAndPopulationDeviation() {
    LeaderStats ls = new LeaderStats("3eb5319275c205c9");
    LeaderStats.FollowerStats f = ls.follower("9e8217a12029fcba");
    f.succ(Duration.ofMillis(1));
    f.succ(Duration.ofMillis(3));
    // mean (1+3)/2 = 2; mean of squares (1+9)/2 = 5; deviation sqrt(5 - 2*2) = 1.
    assertEquals(
        "{\"leader\":\"3eb5319275c205c9\",\"followers\":{\"9e8217a12029fcba\":"
            + "{\"latency\":{\"current\":3,\"average\":2,\"standardDeviation\":1,"
            + "\"minimum\":1,\"maximum\":3},\"counts\":{\"fail\":0,\"success\":2}}}}",
        ls.toJson());
  }

  @Test
  void subMillisecondLatenciesKeepNanosecondPrecision() {
    LeaderStats ls = new LeaderStats("1");
    ls.follower("2").succ(Duration.ofNanos(552)); // etcd 3.4 printed 552ns as 0.000552
    ls.follower("2").fail();
    assertEquals(
        "{\"leader\":\"1\",\"followers\":{\"2\":{\"latency\":{\"current\":0.000552,"
            + "\"average\":0.000552,\"standardDeviation\":0,\"minimum\":0.000552,"
            + "\"maximum\":0.000552},\"counts\":{\"fail\":1,\"success\":1}}}}",
        ls.toJson());
  }

  @Test
  void aFollowerThatNeverAnsweredShowsTheInitialMinimumOfTwoToThe63() {
    LeaderStats ls = new LeaderStats("3eb5319275c205c9");
    ls.follower("ad5fbfd12b5fe3b4").fail();
    // etcd 3.4 (Go 1.8+ JSON) printed this minimum as 9223372036854776000.
    assertEquals(
        "{\"leader\":\"3eb5319275c205c9\",\"followers\":{\"ad5fbfd12b5fe3b4\":"
            + "{\"latency\":{\"current\":0,\"average\":0,\"standardDeviation\":0,"
            + "\"minimum\":9.223372036854776e+18,\"maximum\":0},"
            + "\"counts\":{\"fail\":1,\"success\":0}}}}",
        ls.toJson());
  }

  @Test
  void followersPrintInIdOrderAndRemovedOnesDisappear() {
    LeaderStats ls = new LeaderStats("a");
    ls.follower("d8812d7cd4d463e").fail();
    ls.follower("9e8217a12029fcba").fail();
    ls.follower("ad5fbfd12b5fe3b4").fail();
    ls.removeFollower("ad5fbfd12b5fe3b4");
    String json = ls.toJson();
    // Go sorts map keys as strings: "9e…" < "d8…".
    assertEquals(true, json.indexOf("9e8217a12029fcba") < json.indexOf("d8812d7cd4d463e"));
    assertEquals(-1, json.indexOf("ad5fbfd12b5fe3b4"));
  }
}
