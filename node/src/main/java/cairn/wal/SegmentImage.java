package cairn.wal;

import cairn.io.FileSystem;
import cairn.io.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A segment's bytes as recovery reads them: the file up to a little past its last non-zero byte.
 * The preallocated zeros after that are checked to be zeros but not kept: the last segment of a log
 * is mostly zeros (64 MiB preallocated, tens of MiB of it unwritten), and reading it whole cost a
 * restart a 64 MiB array plus as much again in the JDK's temporary direct buffer. Whoever reads the
 * image treats bytes past {@link #bytes()} as zeros, and asks for more with {@link #ensure} when a
 * frame claims to reach past them (a record whose payload ends in zero bytes).
 */
final class SegmentImage {

  /** The zeros at the end are read and scanned in blocks this size. */
  static final int BLOCK_BYTES = 256 << 10;

  /** Kept past the last non-zero byte, so that the frame holding it is almost always whole. */
  static final int SLACK_BYTES = 64 << 10;

  private final FileSystem fs;
  private final Path file;
  private final int fileBytes;
  private byte[] bytes;

  private SegmentImage(FileSystem fs, Path file, int fileBytes, byte[] bytes) {
    this.fs = fs;
    this.file = file;
    this.fileBytes = fileBytes;
    this.bytes = bytes;
  }

  /** Reads {@code file}: its last non-zero byte is found from the end, then the start is read. */
  static SegmentImage read(FileSystem fs, Path file) throws IOException {
    try (StorageFile in = fs.open(file)) {
      long size = in.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new WalCorruptException(file, 0, "a segment of " + size + " bytes is too large");
      }
      int fileBytes = (int) size;
      int dataEnd = endOfNonZero(in, fileBytes, file);
      int keep = (int) Math.min(fileBytes, (long) dataEnd + SLACK_BYTES);
      byte[] bytes = new byte[keep];
      readInto(in, bytes, 0, file);
      return new SegmentImage(fs, file, fileBytes, bytes);
    }
  }

  /** The bytes held: the file's first {@code bytes().length} bytes; all after them are zero. */
  byte[] bytes() {
    return bytes;
  }

  /** The file's length. */
  int fileBytes() {
    return fileBytes;
  }

  /** Holds at least the file's first {@code upTo} bytes (or the whole file, if shorter). */
  void ensure(long upTo) throws IOException {
    int want = (int) Math.min(fileBytes, upTo);
    if (want <= bytes.length) {
      return;
    }
    int have = bytes.length;
    byte[] grown = Arrays.copyOf(bytes, want);
    try (StorageFile in = fs.open(file)) {
      readInto(in, grown, have, file);
    }
    bytes = grown;
  }

  /** One past the last non-zero byte of the file's first {@code fileBytes} bytes (0: none). */
  private static int endOfNonZero(StorageFile in, int fileBytes, Path file) throws IOException {
    byte[] block = new byte[BLOCK_BYTES];
    for (int end = fileBytes; end > 0; ) {
      int start = Math.max(0, end - BLOCK_BYTES);
      int length = end - start;
      readExactly(in, ByteBuffer.wrap(block, 0, length), start, file);
      int last = Frame.lastNonZero(block, 0, length);
      if (last >= 0) {
        return start + last + 1;
      }
      end = start;
    }
    return 0;
  }

  /** Fills {@code target} from {@code from} on with the file's bytes at the same offsets. */
  private static void readInto(StorageFile in, byte[] target, int from, Path file)
      throws IOException {
    readExactly(in, ByteBuffer.wrap(target, from, target.length - from), from, file);
  }

  private static void readExactly(StorageFile in, ByteBuffer target, long position, Path file)
      throws IOException {
    int length = target.remaining();
    int read = in.readFully(target, position);
    if (read < length) {
      throw new WalCorruptException(file, position + read, "the segment shrank while it was read");
    }
  }
}
