package cairn.raft;

/** A requested index is covered by the snapshot and no longer in the log. */
public final class LogCompactedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LogCompactedException(long index, long firstIndex) {
    // No stack trace: this is an expected outcome the leader handles by sending a snapshot.
    super("index " + index + " is compacted; first index is " + firstIndex, null, false, false);
  }
}
