package cairn.io;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another open in this one) holds the lock on a data directory. */
public final class DirectoryLockedException extends IOException {

  public DirectoryLockedException(Path lockFile) {
    super(
        "data directory "
            + lockFile.getParent()
            + " is in use by another process (lock "
            + lockFile
            + " is held); stop that process or choose another --data-dir");
  }
}
