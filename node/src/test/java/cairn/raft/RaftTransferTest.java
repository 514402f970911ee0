package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Raft thesis §3.10: leadership transfer. */
class RaftTransferTest {

  @Test
  void thesis3_10_anUpToDateTargetIsToldToCampaignAndBecomesLeader() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    long term = net.term(1);
    net.node(1).transferLeadership(2);
    net.settle();
    assertEquals(StateType.LEADER, net.state(2));
    assertEquals(StateType.FOLLOWER, net.state(1));
    assertEquals(term + 1, net.term(2), "no pre-vote round, straight to the next term");
  }

  @Test
  void thesis3_10_aLaggingTargetIsCaughtUpFirst() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(3L);
    net.propose(1, "a");
    net.heal();
    net.node(1).transferLeadership(3);
    net.settle();
    assertEquals(StateType.LEADER, net.state(3));
    assertEquals(java.util.List.of("a"), net.appliedData(3));
  }

  @Test
  void thesis3_10_proposalsAreDroppedWhileATransferIsUnderWay() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(3L);
    net.node(1).transferLeadership(3);
    net.settle();
    assertFalse(net.node(1).propose("x".getBytes()));
  }

  @Test
  void thesis3_10_aTransferThatDoesNotFinishWithinAnElectionTimeoutIsAborted() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(3L);
    net.node(1).transferLeadership(3);
    net.settle();
    net.tick(1, net.raft(1).electionTimeout);
    assertEquals(0, net.raft(1).leadTransferee);
    assertEquals(StateType.LEADER, net.state(1));
    net.propose(1, "y");
    assertEquals(java.util.List.of("y"), net.appliedData(2));
  }

  @Test
  void aTransferRequestToAFollowerIsForwardedToTheLeader() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.node(2).transferLeadership(3);
    net.settle();
    assertEquals(StateType.LEADER, net.state(3));
  }

  @Test
  void aTransferOvercomesTheLeaderLeaseOfTheOtherFollowers() {
    TestNet net = new TestNet(3, b -> b.checkQuorum(true));
    net.campaign(1);
    net.node(1).transferLeadership(3);
    net.settle();
    assertEquals(StateType.LEADER, net.state(3), "node 2 voted despite its recent leader");
  }
}
