package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** etcd 2.3's --strict-reconfig-check: counts of started members against the changed quorum. */
class StartedQuorumTest {

  /** {@code started} members that published a name, then {@code unstarted} that have not. */
  private static List<Member> cluster(int started, int unstarted) {
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= started + unstarted; i++) {
      String url = "http://127.0.0.1:" + (2380 + i);
      members.add(new Member(i, i <= started ? "m" + i : "", List.of(url), List.of()));
    }
    return members;
  }

  @Test
  void aOneMemberClusterMayAlwaysGrowToTwo() {
    assertEquals(Optional.empty(), StartedQuorum.refusalToAdd(cluster(1, 0)));
  }

  @Test
  void addingIsRefusedWhenTheStartedMembersWouldBeBelowTheNewQuorum() {
    // Two members, one not started yet: with a third, quorum 2, one started.
    assertEquals(
        Optional.of(
            "Reject add member request: the number of started member (1) will be less than the"
                + " quorum number of the cluster (2)"),
        StartedQuorum.refusalToAdd(cluster(1, 1)));
    assertEquals(Optional.empty(), StartedQuorum.refusalToAdd(cluster(2, 0)));
    // Three started members may take a fourth (quorum 3); two started of three may not.
    assertEquals(Optional.empty(), StartedQuorum.refusalToAdd(cluster(3, 0)));
    assertTrue(StartedQuorum.refusalToAdd(cluster(2, 1)).isPresent());
  }

  @Test
  void removingIsRefusedWhenTheOthersWouldHaveNoStartedQuorum() {
    // Three members, one never started: removing a started one leaves 1 started of 2.
    assertEquals(
        Optional.of(
            "Reject remove member request: the number of started member (1) will be less than the"
                + " quorum number of the cluster (2)"),
        StartedQuorum.refusalToRemove(cluster(2, 1), 1));
    // Removing the one that never started is fine: 2 started of 2.
    assertEquals(Optional.empty(), StartedQuorum.refusalToRemove(cluster(2, 1), 3));
    assertEquals(Optional.empty(), StartedQuorum.refusalToRemove(cluster(3, 0), 2));
  }
}
