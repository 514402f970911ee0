package cairn.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The WAL on disk is damaged somewhere other than a torn tail, so the node must not start: it would
 * otherwise lose or invent acknowledged writes. Names the file and byte offset.
 */
public final class WalCorruptException extends IOException {

  private final Path file;
  private final long offset;

  public WalCorruptException(Path file, long offset, String problem) {
    super("wal: " + file + " is damaged at offset " + offset + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
