package cairn.wal;

import java.io.IOException;

/**
 * A write or sync of the WAL failed. The WAL takes no more appends: after a failed fsync the page
 * cache can no longer be trusted, so the node must stop rather than retry.
 */
public final class WalFailedException extends IOException {

  public WalFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
