package cairn.raft.sim;

/** A broken Raft invariant found by the simulation; the message names the seed and tick. */
final class SafetyViolation extends AssertionError {
  private static final long serialVersionUID = 1L;

  SafetyViolation(String message) {
    super(message);
  }
}
