package cairn.snap;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file that cannot be trusted; names the file and the byte offset of the problem. */
public final class SnapshotCorruptException extends IOException {

  private final Path file;
  private final long offset;

  public SnapshotCorruptException(Path file, long offset, String problem) {
    super("snap: " + file + " is damaged at offset " + offset + ": " + problem);
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
