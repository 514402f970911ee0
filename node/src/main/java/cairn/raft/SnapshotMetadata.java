package cairn.raft;

import cairn.util.Check;

/** Where a snapshot stands in the log: the last index and term it covers, and the membership. */
public record SnapshotMetadata(long index, long term, ConfState confState) {

  public static final SnapshotMetadata EMPTY = new SnapshotMetadata(0, 0, ConfState.EMPTY);

  public SnapshotMetadata {
    Check.argument(index >= 0 && term >= 0, "negative snapshot index %d or term %d", index, term);
    Check.argument(confState != null, "snapshot membership is null");
  }
}
