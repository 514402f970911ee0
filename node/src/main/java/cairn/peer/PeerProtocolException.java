package cairn.peer;

import java.io.IOException;

/**
 * Bytes from a peer that are not a well-formed Cairn peer message or frame. Checked, and an {@link
 * IOException} like every other transport failure: the connection that carried them is closed, the
 * node goes on.
 */
public final class PeerProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public PeerProtocolException(String message) {
    super(message);
  }
}
