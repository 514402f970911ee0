package cairn.wal;

/** A snapshot's position, as recorded in the WAL: the last index and term it covers. */
public record SnapshotMarker(long index, long term) {

  /** The position before anything: the WAL of a new member opens here. */
  public static final SnapshotMarker ZERO = new SnapshotMarker(0, 0);
}
