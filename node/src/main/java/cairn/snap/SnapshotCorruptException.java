package cairn.snap;

import cairn.io.CorruptFileException;
import java.nio.file.Path;

/** A snapshot file that cannot be trusted; loading falls back to an older one. */
public final class SnapshotCorruptException extends CorruptFileException {

  public SnapshotCorruptException(Path file, long offset, String problem) {
    super("snap", file, offset, problem);
  }
}
