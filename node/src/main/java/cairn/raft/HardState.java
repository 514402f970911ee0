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
}
