package cairn.raft;

import cairn.util.Check;

/**
 * The part of a node's Raft state that must be on stable storage before it answers any message: its
 * current term, whom it voted for in that term (0: nobody), and the commit index it knows.
 */
public record HardState(long term, long vote, long commit) {

  public static final HardState EMPTY = new HardState(0, 0, 0);

  public HardState {
    Check.argument(
        term >= 0 && vote >= 0 && commit >= 0, "negative field in %s/%s/%s", term, vote, commit);
  }

  public boolean isEmpty() {
    return equals(EMPTY);
  }

  // equals and hashCode written out: a record's own are bootstrapped on their first call by
  // java.lang.runtime.ObjectMethods, which spins method-handle classes that the AOT cache cannot
  // keep, and a restarting member's first call comes in the middle of reading its WAL.

  @Override
  public boolean equals(Object o) {
    return o instanceof HardState h && term == h.term && vote == h.vote && commit == h.commit;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(term) * 961 + Long.hashCode(vote) * 31 + Long.hashCode(commit);
  }
}
