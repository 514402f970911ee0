package cairn.migrate.v04;

import cairn.io.CorruptFileException;
import java.nio.file.Path;

/** An etcd 0.4 file that cannot be read as 0.4 wrote it; names the file and the offset. */
public final class Etcd04FormatException extends CorruptFileException {

  public Etcd04FormatException(Path file, long offset, String problem) {
    super("etcd 0.4", file, offset, problem);
  }
}
