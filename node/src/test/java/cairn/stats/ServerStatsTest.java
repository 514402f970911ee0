package cairn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/stats/self} as etcd 2.3's {@code ServerStats} writes it: field order, the leader seen
 * from append traffic, Go's durations and times, and rates over the last 200 appends that are left
 * out when zero.
 */
class ServerStatsTest {

  static final Instant START = Instant.parse("2026-11-25T18:55:28.131022709Z");
  static final long T0 = 5_000_000_000L; // the nanoTime reading taken with START
  static final long MS = 1_000_000L;

  private final ServerStats stats = new ServerStats("c3", "3eb5319275c205c9", START, T0);

  @Test
  void aFreshMemberIsAFollowerOfNoLeaderSinceItsStart() {
    assertEquals(
        "{\"name\":\"c3\",\"id\":\"3eb5319275c205c9\",\"state\":\"StateFollower\","
            + "\"startTime\":\"2026-11-25T18:55:28.131022709Z\","
            + "\"leaderInfo\":{\"leader\":\"\",\"uptime\":\"1.5s\","
            + "\"startTime\":\"2026-11-25T18:55:28.131022709Z\"},"
            + "\"recvAppendRequestCnt\":0,\"sendAppendRequestCnt\":0}",
        stats.toJson(T0 + 1500 * MS));
  }

  @Test
  void sendingAppendsMakesTheMemberLeaderWithSendRates() {
    stats.becomeLeader(T0 + 200 * MS);
    stats.sendAppendReq(100, T0 + 300 * MS);
    stats.sendAppendReq(60, T0 + 800 * MS);
    // 2 requests, 160 bytes over 0.5 s.
    assertEquals(
        "{\"name\":\"c3\",\"id\":\"3eb5319275c205c9\",\"state\":\"StateLeader\","
            + "\"startTime\":\"2026-11-25T18:55:28.131022709Z\","
            + "\"leaderInfo\":{\"leader\":\"3eb5319275c205c9\",\"uptime\":\"800ms\","
            + "\"startTime\":\"2026-11-25T18:55:28.331022709Z\"},"
            + "\"recvAppendRequestCnt\":0,"
            + "\"sendAppendRequestCnt\":2,\"sendPkgRate\":4,\"sendBandwidthRate\":320}",
        stats.toJson(T0 + 1000 * MS));
  }

  @Test
  void receivingAppendsMakesTheMemberAFollowerOfTheSenderWithReceiveRates() {
    stats.becomeLeader(T0);
    stats.recvAppendReq("821309faf680798a", 10, T0 + 100 * MS);
    stats.recvAppendReq("821309faf680798a", 20, T0 + 200 * MS);
    stats.recvAppendReq("821309faf680798a", 30, T0 + 400 * MS);
    assertEquals(
        "{\"name\":\"c3\",\"id\":\"3eb5319275c205c9\",\"state\":\"StateFollower\","
            + "\"startTime\":\"2026-11-25T18:55:28.131022709Z\","
            + "\"leaderInfo\":{\"leader\":\"821309faf680798a\",\"uptime\":\"900ms\","
            + "\"startTime\":\"2026-11-25T18:55:28.231022709Z\"},"
            + "\"recvAppendRequestCnt\":3,\"recvPkgRate\":10,\"recvBandwidthRate\":200,"
            + "\"sendAppendRequestCnt\":0}",
        stats.toJson(T0 + 1000 * MS));
  }

  @Test
  void theLeadersUptimeRestartsOnlyWhenTheSenderChanges() {
    stats.recvAppendReq("a", 1, T0 + 1000 * MS);
    stats.recvAppendReq("a", 1, T0 + 2000 * MS);
    assertEquals(true, stats.toJson(T0 + 3000 * MS).contains("\"uptime\":\"2s\""));
    stats.recvAppendReq("b", 1, T0 + 2500 * MS);
    assertEquals(true, stats.toJson(T0 + 3000 * MS).contains("\"uptime\":\"500ms\""));
  }

  @Test
  void ratesVanishOnceTheNewestAppendIsOverASecondOld() {
    stats.recvAppendReq("a", 10, T0);
    stats.recvAppendReq("a", 10, T0 + 500 * MS);
    assertEquals(true, stats.toJson(T0 + 1500 * MS).contains("\"recvPkgRate\":4,"));
    // Just past the second: the window is dropped, and stays empty.
    assertEquals(false, stats.toJson(T0 + 1500 * MS + 1).contains("recvPkgRate"));
    assertEquals(false, stats.toJson(T0 + 1500 * MS).contains("recvPkgRate"));
    assertEquals(true, stats.toJson(T0 + 1500 * MS).contains("\"recvAppendRequestCnt\":2,"));
  }

  @Test
  void ratesCoverOnlyTheLast200Appends() {
    // 100 appends of 1 byte, then 200 of 5 bytes, one per millisecond: only the last 200 count.
    long t = T0;
    for (int i = 0; i < 100; i++) {
      stats.sendAppendReq(1, t += MS);
    }
    for (int i = 0; i < 200; i++) {
      stats.sendAppendReq(5, t += MS);
    }
    // 200 appends spanning 199 ms: 200 / 0.199 s and 1000 bytes / 0.199 s, as etcd computes them.
    String json = stats.toJson(t);
    assertEquals(
        true,
        json.endsWith(
            "\"sendAppendRequestCnt\":300,\"sendPkgRate\":"
                + cairn.util.GoText.float64(200.0 / (199 * MS) * 1e9)
                + ",\"sendBandwidthRate\":"
                + cairn.util.GoText.float64(1000.0 / (199 * MS) * 1e9)
                + "}"),
        json);
    assertEquals(true, json.contains("\"sendPkgRate\":1005.0251256281407,"), json);
  }

  @Test
  void aWindowSpanningNoTimeHasNoRate() {
    stats.recvAppendReq("a", 10, T0);
    assertEquals(false, stats.toJson(T0).contains("recvPkgRate"));
  }

  @Test
  void namesAreEscapedAsGoDoes() {
    ServerStats s = new ServerStats("a<b>&\"c\"", "1", START, T0);
    assertEquals(
        true,
        s.toJson(T0).startsWith("{\"name\":\"a\\u003cb\\u003e\\u0026\\\"c\\\"\",\"id\":\"1\""));
  }
}
