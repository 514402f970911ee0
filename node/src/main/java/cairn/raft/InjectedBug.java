package cairn.raft;

/**
 * Deliberate protocol bugs, for tests only: they prove that the simulation's invariant checks can
 * fail. Production code never sets anything but {@link #NONE}.
 */
public enum InjectedBug {
  NONE,
  /** Breaks the Figure 8 rule: the leader commits by counting replicas of earlier-term entries. */
  COMMIT_EARLIER_TERM_BY_COUNTING,
  /** The hard state handed out for persistence always says "voted for nobody". */
  VOTE_NOT_PERSISTED
}
