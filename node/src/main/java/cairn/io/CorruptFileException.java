package cairn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file on disk that cannot be trusted: the node must not start from it. Names the file and the
 * byte offset of the problem, so an operator can look.
 */
public class CorruptFileException extends IOException {

  private final Path file;
  private final long offset;

  protected CorruptFileException(String component, Path file, long offset, String problem) {
    super(component + ": " + file + " is damaged at offset " + offset + ": " + problem);
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
