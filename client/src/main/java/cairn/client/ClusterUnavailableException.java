package cairn.client;

import java.io.IOException;
import java.util.List;

/**
 * No endpoint could answer: each failed with a transport error or a server error. The details say
 * what happened at each endpoint, in etcd's words ({@code error #0: dial tcp ...}).
 */
public final class ClusterUnavailableException extends IOException {

  private final List<String> details;
  private final boolean connectionFailure;

  public ClusterUnavailableException(List<String> details, boolean connectionFailure) {
    super("client: etcd cluster is unavailable or misconfigured");
    this.details = List.copyOf(details);
    this.connectionFailure = connectionFailure;
  }

  /** One line per endpoint tried: {@code error #<n>: <what failed>}. */
  public List<String> details() {
    return details;
  }

  /** True when every endpoint failed to connect or answer (rather than answering an error). */
  public boolean connectionFailure() {
    return connectionFailure;
  }
}
