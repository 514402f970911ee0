package cairn.snap;

import cairn.io.StorageFile;
import cairn.raft.ConfState;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The byte layout of a snapshot file (little-endian), named {@code <term>-<index>.snap} in 16 hex
 * digits each, as etcd names them. See docs/wal-format.md.
 *
 * <pre>
 * offset  size  field
 *  0      8     magic "CAIRNSNP"
 *  8      4     format version (1)
 * 12      8     index
 * 20      8     term
 * 28      4     number of voters n
 * 32      8n    voter ids, ascending
 * 32+8n   8     length L of the application data
 * 40+8n   L     application data (the store)
 * 40+8n+L 4     CRC32C of every byte before it
 * </pre>
 */
final class SnapshotFile {

  static final byte[] MAGIC = "CAIRNSNP".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-([0-9a-f]{16})\\.snap");

  private SnapshotFile() {}

  static String name(SnapshotMetadata metadata) {
    return String.format("%016x-%016x.snap", metadata.term(), metadata.index());
  }

  /** (term, index) from a file name, if it is a snapshot's. */
  static Optional<long[]> parseName(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new long[] {
          Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)
        });
  }

  /** The whole file's bytes (for tests; {@link #write} writes the same without the copy). */
  static byte[] encode(Snapshot snapshot) {
    byte[] header = header(snapshot);
    byte[] data = snapshot.data();
    ByteBuffer out =
        ByteBuffer.allocate(header.length + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put(header).put(data).putInt(crc(header, data));
    return out.array();
  }

  /**
   * Writes the file's bytes from offset 0, the data straight from the snapshot in slices: no copy
   * of it (tens of MiB for a large store), and no temporary direct buffer of its size.
   */
  static void write(StorageFile out, Snapshot snapshot) throws IOException {
    byte[] header = header(snapshot);
    byte[] data = snapshot.data();
    out.writeFully(ByteBuffer.wrap(header), 0);
    out.writeFully(ByteBuffer.wrap(data), header.length);
    ByteBuffer crc = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    crc.putInt(crc(header, data)).flip();
    out.writeFully(crc, header.length + (long) data.length);
  }

  /** Everything before the application data. */
  private static byte[] header(Snapshot snapshot) {
    SnapshotMetadata metadata = snapshot.metadata();
    List<Long> voters = metadata.confState().voters();
    ByteBuffer out = ByteBuffer.allocate(40 + 8 * voters.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putInt(FORMAT_VERSION).putLong(metadata.index()).putLong(metadata.term());
    out.putInt(voters.size());
    for (long voter : voters) {
      out.putLong(voter);
    }
    out.putLong(snapshot.data().length);
    return out.array();
  }

  private static int crc(byte[] header, byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(header);
    crc.update(data);
    return (int) crc.getValue();
  }

  /**
   * Reads and checks a snapshot file: the application data straight into its own array, not a copy
   * of the whole file's. A file whose header does not fit its size is read whole, so that {@link
   * #decode} names the damage.
   */
  static Snapshot read(StorageFile in, Path file) throws IOException {
    long size = in.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new SnapshotCorruptException(file, 0, size + " bytes, more than a snapshot can hold");
    }
    if (size < 44) {
      return decode(file, readRange(in, 0, (int) size));
    }
    int crcAt = (int) size - 4;
    int voterCount = ByteBuffer.wrap(readRange(in, 28, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    long dataOffset = 40L + 8L * voterCount;
    if (voterCount < 0 || dataOffset > crcAt) {
      return decode(file, readRange(in, 0, (int) size));
    }
    byte[] header = readRange(in, 0, (int) dataOffset);
    byte[] data = readRange(in, dataOffset, crcAt - (int) dataOffset);
    int stored = ByteBuffer.wrap(readRange(in, crcAt, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (crc(header, data) != stored) {
      throw new SnapshotCorruptException(file, crcAt, "checksum mismatch");
    }
    return snapshot(file, ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN), crcAt, data);
  }

  /** The file's {@code length} bytes from {@code position}. */
  private static byte[] readRange(StorageFile in, long position, int length) throws IOException {
    byte[] bytes = new byte[length];
    if (in.readFully(ByteBuffer.wrap(bytes), position) < length) {
      throw new IOException("the file shrank while it was read");
    }
    return bytes;
  }

  static Snapshot decode(Path file, byte[] bytes) throws SnapshotCorruptException {
    if (bytes.length < 44) {
      throw new SnapshotCorruptException(file, 0, "only " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int crcAt = bytes.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, crcAt);
    if ((int) crc.getValue() != in.getInt(crcAt)) {
      throw new SnapshotCorruptException(file, crcAt, "checksum mismatch");
    }
    return snapshot(file, in, crcAt, null);
  }

  /**
   * Checks the header at {@code in}'s position against a file whose CRC is at {@code crcAt}; the
   * data is {@code data}, or (null) follows the header in {@code in}'s array.
   */
  private static Snapshot snapshot(Path file, ByteBuffer in, int crcAt, byte[] data)
      throws SnapshotCorruptException {
    byte[] magic = new byte[8];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new SnapshotCorruptException(file, 0, "not a Cairn snapshot (bad magic)");
    }
    int version = in.getInt();
    if (version != FORMAT_VERSION) {
      throw new SnapshotCorruptException(file, 8, "unsupported snapshot format " + version);
    }
    long index = in.getLong();
    long term = in.getLong();
    int voterCount = in.getInt();
    if (voterCount < 0 || 40L + 8L * voterCount > crcAt) {
      throw new SnapshotCorruptException(file, 28, "voter count " + voterCount);
    }
    List<Long> voters = new ArrayList<>(voterCount);
    for (int i = 0; i < voterCount; i++) {
      voters.add(in.getLong());
    }
    long dataLength = in.getLong();
    if (dataLength != crcAt - in.position()) {
      throw new SnapshotCorruptException(
          file, in.position() - 8, "data length " + dataLength + " does not match the file");
    }
    byte[] bytes = data != null ? data : Arrays.copyOfRange(in.array(), in.position(), crcAt);
    try {
      return new Snapshot(new SnapshotMetadata(index, term, new ConfState(voters)), bytes);
    } catch (IllegalArgumentException e) {
      throw new SnapshotCorruptException(file, 12, e.getMessage());
    }
  }
}
