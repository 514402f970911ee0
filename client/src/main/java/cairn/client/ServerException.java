package cairn.client;

import java.io.IOException;

/**
 * A non-key-space error: an unexpected status, or a {@code {"message": ...}} answer from the
 * members, stats or auth handlers. The message is the server's text.
 */
public final class ServerException extends IOException {

  private final int status;

  public ServerException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
