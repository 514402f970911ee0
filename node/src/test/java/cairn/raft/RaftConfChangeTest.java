package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.confchange.Changer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft thesis §4.1: membership changes one server at a time, at most one pending. */
class RaftConfChangeTest {

  @Test
  void thesis4_1_aNodeAddedToTheClusterCatchesUpAndVotes() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.propose(1, "before");
    net.add(4, new MemoryStorage());
    assertTrue(net.node(1).proposeConfChange(ConfChange.addNode(4)));
    net.settle();
    net.tickAll(2);
    assertEquals(List.of(1L, 2L, 3L, 4L), net.raft(1).tracker.confState().voters());
    assertEquals(List.of("before"), net.appliedData(4), "caught up from the snapshot and log");
    // Four voters: a majority is three.
    net.isolated.add(2L);
    net.isolated.add(3L);
    net.propose(1, "needs three");
    assertFalse(net.appliedData(1).contains("needs three"));
    net.heal();
    net.tickAll(2);
    assertTrue(net.appliedData(4).contains("needs three"));
  }

  @Test
  void section7_aNewNodeJoiningAfterCompactionCatchesUpThroughTheLeadersSnapshot() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    for (int i = 0; i < 5; i++) {
      net.propose(1, "e" + i);
    }
    MemoryStorage s = net.storage(1);
    long applied = net.raft(1).log.applied;
    s.createSnapshot(applied, net.raft(1).tracker.confState(), "app state".getBytes());
    s.compact(applied);
    net.add(4, new MemoryStorage());
    net.node(1).proposeConfChange(ConfChange.addNode(4));
    net.settle();
    net.tickAll(3);
    assertEquals(s.snapshot(), net.storage(4).snapshot(), "installed the leader's snapshot");
    assertEquals(List.of(1L, 2L, 3L, 4L), net.raft(4).tracker.confState().voters());
    net.propose(1, "after");
    assertEquals(List.of("after"), net.appliedData(4), "earlier entries came in the snapshot");
  }

  @Test
  void thesis4_1_aRemovedNodeNoLongerCountsTowardsTheMajority() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.node(1).proposeConfChange(ConfChange.removeNode(3));
    net.settle();
    assertEquals(List.of(1L, 2L), net.raft(1).tracker.confState().voters());
    net.isolated.add(3L);
    net.propose(1, "two of two");
    assertEquals(List.of("two of two"), net.appliedData(2));
    assertFalse(net.raft(3).promotable(), "node 3 applied its removal: it never campaigns");
  }

  @Test
  void thesis4_1_atMostOneConfChangeIsPending() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(2L);
    net.isolated.add(3L);
    assertTrue(net.node(1).proposeConfChange(ConfChange.addNode(4)));
    assertFalse(net.node(1).proposeConfChange(ConfChange.addNode(5)), "the first is pending");
    net.heal();
    net.tickAll(2);
    assertEquals(List.of(1L, 2L, 3L, 4L), net.raft(1).tracker.confState().voters());
    assertTrue(net.node(1).proposeConfChange(ConfChange.removeNode(4)), "applied: next one");
  }

  @Test
  void aNewLeaderAcceptsAConfChangeOnlyAfterCommittingInItsTerm() {
    TestNet net = new TestNet(3);
    net.isolated.add(2L);
    net.isolated.add(3L);
    net.node(1).campaign();
    net.raft(1).becomeCandidate();
    net.raft(1).becomeLeader(); // forced: its no-op cannot commit
    assertFalse(net.node(1).proposeConfChange(ConfChange.addNode(4)));
  }

  @Test
  void invalidChangesAreRefused() {
    assertEquals(
        "node 1 is already a voter", Changer.invalidReason(List.of(1L, 2L), ConfChange.addNode(1)));
    assertEquals(
        "node 3 is not a voter", Changer.invalidReason(List.of(1L, 2L), ConfChange.removeNode(3)));
    assertEquals(
        "removing the last voter", Changer.invalidReason(List.of(1L), ConfChange.removeNode(1)));
    TestNet net = new TestNet(3);
    net.campaign(1);
    assertFalse(net.node(1).proposeConfChange(ConfChange.addNode(2)));
  }

  @Test
  void aRemovedLeaderStopsTakingProposalsAndTheRestElectASuccessor() {
    TestNet net = new TestNet(3, b -> b.preVote(false));
    net.campaign(1);
    net.node(1).proposeConfChange(ConfChange.removeNode(1));
    net.settle();
    net.tickAll(2); // the removed leader still tells the others the commit index
    assertEquals(List.of(2L, 3L), net.raft(2).tracker.confState().voters());
    assertFalse(net.node(1).propose("x".getBytes()));
    net.isolated.add(1L); // the server stops a removed node
    net.tickAll(3 * net.raft(2).electionTimeout);
    assertTrue(net.state(2) == StateType.LEADER || net.state(3) == StateType.LEADER);
    long leader = net.state(2) == StateType.LEADER ? 2 : 3;
    net.propose(leader, "after");
    assertTrue(net.appliedData(2).contains("after") && net.appliedData(3).contains("after"));
  }

  @Test
  void confChangeRoundTripsThroughEntryData() {
    ConfChange cc = new ConfChange(ConfChangeType.ADD_NODE, 7, "http://n7:2380".getBytes());
    assertEquals(cc, ConfChange.decode(cc.encode()));
  }
}
