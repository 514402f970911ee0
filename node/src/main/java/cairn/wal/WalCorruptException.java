package cairn.wal;

import cairn.io.CorruptFileException;
import java.nio.file.Path;

/**
 * The WAL on disk is damaged somewhere other than a torn tail, so the node must not start: it would
 * otherwise lose or invent acknowledged writes.
 */
public final class WalCorruptException extends CorruptFileException {

  public WalCorruptException(Path file, long offset, String problem) {
    super("wal", file, offset, problem);
  }
}
