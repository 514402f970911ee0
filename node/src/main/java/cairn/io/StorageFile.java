package cairn.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file, as the WAL and snapshot code need it: positional reads and writes and a durable
 * sync. A seam so that tests can inject short writes, a full disk and failing syncs.
 */
public interface StorageFile extends Closeable {

  /** Writes some bytes of {@code source} at {@code position}; may write fewer than remain. */
  int write(ByteBuffer source, long position) throws IOException;

  /** Reads some bytes into {@code target} from {@code position}; -1 at end of file. */
  int read(ByteBuffer target, long position) throws IOException;

  /**
   * Makes every byte written so far durable (fdatasync where the platform has it). When this
   * throws, the caller must assume that any write since the last successful sync may be lost, and
   * may not retry: after a failed sync the page cache can no longer be trusted.
   */
  void sync() throws IOException;

  long size() throws IOException;

  /** Cuts the file to {@code size} bytes. */
  void truncate(long size) throws IOException;

  /** Writes all of {@code source} at {@code position}, looping over short writes. */
  default void writeFully(ByteBuffer source, long position) throws IOException {
    long at = position;
    while (source.hasRemaining()) {
      at += write(source, at);
    }
  }

  /**
   * Fills {@code target} from {@code position}, or as much as the file holds; returns the count.
   */
  default int readFully(ByteBuffer target, long position) throws IOException {
    int total = 0;
    while (target.hasRemaining()) {
      int n = read(target, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
