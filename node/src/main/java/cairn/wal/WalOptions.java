package cairn.wal;

import cairn.util.Check;

/**
 * Tunables of a WAL.
 *
 * @param segmentBytes the size a segment is preallocated to; a segment is cut when the next batch
 *     would not fit (64 MiB by default, as etcd)
 * @param maxRecordBytes the largest record payload accepted on write and believed on read; a larger
 *     length in a frame is damage
 */
public record WalOptions(long segmentBytes, int maxRecordBytes) {

  public static final WalOptions DEFAULT = new WalOptions(64L << 20, 32 << 20);

  public WalOptions {
    Check.argument(segmentBytes >= 4096, "segmentBytes %d < 4096", segmentBytes);
    Check.argument(
        maxRecordBytes > 0 && maxRecordBytes <= Integer.MAX_VALUE - 64,
        "maxRecordBytes %d out of range",
        maxRecordBytes);
  }

  /**
   * A snapshot marker that covers every entry of the log starts a new segment once the current
   * segment holds this many bytes of records (an eighth of a segment: 8 MiB by default), so that a
   * restart from it does not read them. At most one segment file per this many bytes written.
   */
  public long snapshotCutBytes() {
    return segmentBytes / 8;
  }
}
