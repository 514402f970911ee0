package cairn.wal;

import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.HardState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodings of the record payloads (little-endian, fixed layouts; see docs/wal-format.md). */
final class Payloads {

  /** Read once: {@code values()} copies the array on every call. */
  private static final EntryType[] ENTRY_TYPES = EntryType.values();

  static final byte[] MAGIC = "CAIRNWAL".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;

  private Payloads() {}

  /** magic(8) version(4) seq(8) firstIndex(8). */
  static byte[] segmentHeader(SegmentName name) {
    return buffer(28)
        .put(MAGIC)
        .putInt(FORMAT_VERSION)
        .putLong(name.seq())
        .putLong(name.firstIndex())
        .array();
  }

  /** Checks a segment header against the file's name; returns a problem or null. */
  static String checkSegmentHeader(byte[] bytes, int offset, int length, SegmentName expected) {
    if (length != 28) {
      return "segment header of " + length + " bytes";
    }
    ByteBuffer in = wrap(bytes, offset, length);
    byte[] magic = new byte[8];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      return "not a Cairn WAL segment (bad magic)";
    }
    int version = in.getInt();
    if (version != FORMAT_VERSION) {
      return "unsupported WAL format version " + version;
    }
    long seq = in.getLong();
    long firstIndex = in.getLong();
    if (seq != expected.seq() || firstIndex != expected.firstIndex()) {
      return "segment header says " + new SegmentName(seq, firstIndex).fileName();
    }
    return null;
  }

  static byte[] metadata(WalMetadata metadata) {
    return buffer(16).putLong(metadata.nodeId()).putLong(metadata.clusterId()).array();
  }

  static WalMetadata metadata(byte[] bytes, int offset, int length) {
    checkLength(length, 16, "metadata");
    ByteBuffer in = wrap(bytes, offset, length);
    return new WalMetadata(in.getLong(), in.getLong());
  }

  static byte[] hardState(HardState state) {
    return buffer(24).putLong(state.term()).putLong(state.vote()).putLong(state.commit()).array();
  }

  static HardState hardState(byte[] bytes, int offset, int length) {
    checkLength(length, 24, "hard state");
    ByteBuffer in = wrap(bytes, offset, length);
    return new HardState(in.getLong(), in.getLong(), in.getLong());
  }

  static byte[] snapshot(SnapshotMarker marker) {
    return buffer(16).putLong(marker.index()).putLong(marker.term()).array();
  }

  static SnapshotMarker snapshot(byte[] bytes, int offset, int length) {
    checkLength(length, 16, "snapshot marker");
    ByteBuffer in = wrap(bytes, offset, length);
    return new SnapshotMarker(in.getLong(), in.getLong());
  }

  /** entryType(1) term(8) index(8) data(rest). */
  static byte[] entry(Entry entry) {
    return buffer(17 + entry.data().length)
        .put((byte) entry.type().ordinal())
        .putLong(entry.term())
        .putLong(entry.index())
        .put(entry.data())
        .array();
  }

  static Entry entry(byte[] bytes, int offset, int length) {
    EntryType type = checkedEntryType(bytes, offset, length);
    long term = LittleEndian.int64(bytes, offset + 1);
    long index = LittleEndian.int64(bytes, offset + 9);
    byte[] data = Arrays.copyOfRange(bytes, offset + 17, offset + length);
    return new Entry(term, index, type, data);
  }

  /**
   * The index of an entry record, checked as {@link #entry} checks it but without copying its data:
   * a restart reads every entry of the segment that holds its snapshot, and needs only the index of
   * those the snapshot covers (nine in ten, with the default snapshot count).
   */
  static long entryIndex(byte[] bytes, int offset, int length) {
    checkedEntryType(bytes, offset, length);
    return LittleEndian.int64(bytes, offset + 9);
  }

  private static EntryType checkedEntryType(byte[] bytes, int offset, int length) {
    if (length < 17) {
      throw new IllegalArgumentException("entry of " + length + " bytes");
    }
    int type = bytes[offset];
    if (type < 0 || type >= ENTRY_TYPES.length) {
      throw new IllegalArgumentException("unknown entry type " + type);
    }
    return ENTRY_TYPES[type];
  }

  private static void checkLength(int length, int expected, String what) {
    if (length != expected) {
      throw new IllegalArgumentException(what + " of " + length + " bytes, expected " + expected);
    }
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer wrap(byte[] bytes, int offset, int length) {
    return ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN);
  }
}
