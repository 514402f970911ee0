package cairn.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.InjectedBug;
import cairn.raft.StateType;
import org.junit.jupiter.api.Test;

/**
 * Named, scripted schedules on the simulator, checked by the same {@link SimChecker}. The Figure 8
 * scenario of the Raft paper (§5.4.2) shows that the checker catches a leader that commits an entry
 * of an earlier term by counting replicas.
 */
class SimulationScenariosTest {

  private static SimOptions options(InjectedBug bug) {
    // 3 nodes, no pre-vote or check-quorum (elections only on command), a perfect network, and
    // one entry per append so that an earlier-term entry can reach a majority alone.
    return new SimOptions(8, 3, false, false, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, bug);
  }

  /**
   * Figure 8: node 1 (term 2) writes X at index 3 alone; node 2 wins term 3 and writes Y at index 3
   * alone; node 1 wins term 4 and copies X to node 3, which puts X on a majority; node 1 is lost;
   * node 2 wins term 5 with node 3's vote (its last term 3 beats X's 2) and overwrites X. Safe only
   * if node 1 did not commit X by counting.
   */
  private static Simulator figure8(InjectedBug bug) {
    Simulator s = Simulator.scripted(options(bug));
    s.campaign(1);
    assertTrue(s.runUntil(() -> s.applied(3) >= 2, 20), "node 1 leads term 2 everywhere");
    s.partition(new long[] {2, 3}, new long[] {1});
    s.propose(1, 3); // X at 3..5, term 2, on node 1 only
    s.campaign(2);
    assertTrue(s.runUntil(() -> s.role(2) == StateType.LEADER, 20));
    s.partition(new long[] {3, 1}, new long[] {2}); // Y (term 3 no-op) stays on node 2
    s.crash(1); // the clocks are stopped: restarting is how the old leader turns follower
    s.restart(1);
    s.campaign(1); // term 3: node 3 already voted for 2
    s.runUntil(() -> false, 3);
    s.campaign(1); // term 4
    assertTrue(s.runUntil(() -> s.role(1) == StateType.LEADER, 20), "node 1 leads term 4");
    s.runUntil(() -> s.storage(3).lastIndex() >= 3, 20); // X reached node 3: a majority
    s.runUntil(() -> s.applied(1) >= 3, 1); // the ack comes back; node 3 gets nothing new yet
    s.crash(1); // before its term-4 entry reaches node 3
    s.partition(new long[] {2, 3}, new long[] {1}); // its messages still in flight are lost
    s.crash(2);
    s.restart(2);
    s.campaign(2); // term 4: node 3 voted for 1
    s.runUntil(() -> false, 3);
    s.campaign(2); // term 5
    s.runUntil(() -> s.role(2) == StateType.LEADER, 20);
    return s;
  }

  @Test
  void figure8_withTheRuleTheNewLeaderMayOverwriteTheUncommittedEntry() {
    Simulator s = figure8(InjectedBug.NONE);
    assertEquals(StateType.LEADER, s.role(2));
    assertTrue(s.applied(1) < 3, "node 1 never committed X");
    assertTrue(s.runUntil(() -> s.applied(3) >= 4, 20));
    assertEquals(3, s.storage(3).term(3), "X was replaced by node 2's entry of term 3");
  }

  @Test
  void figure8_theCheckerCatchesALeaderCommittingByCountingEarlierTermReplicas() {
    SafetyViolation v =
        assertThrows(
            SafetyViolation.class, () -> figure8(InjectedBug.COMMIT_EARLIER_TERM_BY_COUNTING));
    assertTrue(
        v.getMessage().contains("leader completeness")
            || v.getMessage().contains("state machine safety"),
        v.getMessage());
  }

  /**
   * Seed 977175788 (no pre-vote): voters {1, 4} with node 1 behind on configuration (it still sees
   * {1, 2}) and ahead in term; node 1 dropped node 4's stale vote requests, so node 4 never caught
   * up in term and no leader was elected after the faults stopped. See
   * RaftConfChangeTest#section5_1_aVoterBehindOnConfigurationTellsAStaleCandidateItsTerm.
   */
  @Test
  void seed977175788_aVoterBehindOnConfigurationNoLongerKeepsTheClusterLeaderless() {
    Simulator.Result r = new Simulator(SimOptions.fromSeed(977175788L, InjectedBug.NONE)).run();
    assertTrue(r.leaders() > 0);
  }
}
