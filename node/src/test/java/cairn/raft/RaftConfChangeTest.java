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

  /**
   * Simulation seed 977175788 (no pre-vote). Voters {1, 2, 4} removed their leader 2 while node 1
   * was cut off; node 1 had not even applied the addition of 4, so it still sees voters {1, 2}. It
   * campaigns to node 2 only, which refuses (node 1's log is behind), and each failed campaign
   * raises its term. Node 4 can win only with node 1's vote, but node 1 never sends it anything, so
   * node 4 learns node 1's term only from the answer to its own vote request. Silently dropping a
   * stale vote request (as etcd does) leaves node 4 behind in term for as long as node 1 keeps
   * campaigning: the cluster had no leader for the whole liveness phase. Answering it with a
   * rejection carrying our term (Raft §5.1, Figure 2: the reply holds currentTerm "for the
   * candidate to update itself") lets node 4 win at its next campaign.
   */
  @Test
  void section5_1_aVoterBehindOnConfigurationTellsAStaleCandidateItsTerm() {
    TestNet net = new TestNet(0, b -> b.preVote(false));
    // The log: 2 a normal entry, 3 adds node 4, 4 (term 8) removes node 2. Node 1 has up to 3 and
    // has applied none of it; nodes 2 and 4 have applied all of it.
    List<Entry> log =
        List.of(
            Entry.normal(3, 2, "x".getBytes()),
            new Entry(3, 3, EntryType.CONF_CHANGE, ConfChange.addNode(4).encode()),
            new Entry(8, 4, EntryType.CONF_CHANGE, ConfChange.removeNode(2).encode()));
    net.add(1, storage(log.subList(0, 2), new HardState(18, 1, 1), 1));
    net.add(2, storage(log, new HardState(18, 0, 4), 4));
    net.add(4, storage(log, new HardState(15, 4, 4), 4));
    assertEquals(List.of(1L, 2L), net.raft(1).tracker.confState().voters());
    assertEquals(List.of(1L, 4L), net.raft(4).tracker.confState().voters());
    net.campaign(1); // term 19, asks node 2 only, which refuses: node 1's log is behind
    assertEquals(StateType.FOLLOWER, net.state(1));
    assertEquals(19, net.term(1));
    net.campaign(4); // term 16: stale at node 1, which answers with its term
    assertEquals(19, net.term(4), "node 4 learned node 1's term");
    net.campaign(4); // term 20: node 1's vote makes a majority of {1, 4}
    assertEquals(StateType.LEADER, net.state(4));
    net.propose(4, "after");
    assertEquals(List.of("x", "after"), net.appliedData(1));
    assertEquals(List.of(1L, 4L), net.raft(1).tracker.confState().voters(), "node 1 caught up");
  }

  /**
   * Voters {1, 2} bootstrapped at index 1, then {@code log}, with a snapshot at {@code applied}.
   */
  private static MemoryStorage storage(List<Entry> log, HardState hs, long applied) {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
    s.append(log);
    s.setHardState(hs);
    if (applied > 1) {
      s.createSnapshot(applied, new ConfState(List.of(1L, 4L)), new byte[0]);
    }
    return s;
  }
}
