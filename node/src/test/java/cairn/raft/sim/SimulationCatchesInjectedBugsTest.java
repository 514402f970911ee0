package cairn.raft.sim;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.InjectedBug;
import org.junit.jupiter.api.Test;

/**
 * Proof that the checker can fail: with a rule broken on purpose (a test-only {@link
 * cairn.raft.RaftConfig#injectedBug()}), the same simulation finds a safety violation.
 */
class SimulationCatchesInjectedBugsTest {

  /** Runs schedules from seed 1 until one fails; returns the violation, or null. */
  private static SafetyViolation firstViolation(InjectedBug bug, int maxSchedules) {
    for (long seed = 1; seed <= maxSchedules; seed++) {
      try {
        new Simulator(SimOptions.fromSeed(seed, bug)).run();
      } catch (SafetyViolation v) {
        System.out.println("injected " + bug + " caught: " + v.getMessage());
        return v;
      }
    }
    return null;
  }

  @Test
  void forgettingTheVoteOnACrashLetsTwoLeadersWinOneTermAndTheCheckerSaysSo() {
    SafetyViolation v = firstViolation(InjectedBug.VOTE_NOT_PERSISTED, 3000);
    assertNotNull(v, "no schedule caught the unpersisted vote");
    assertTrue(v.getMessage().contains("election safety"), v.getMessage());
  }
}
