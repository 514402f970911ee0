package cairn.peer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * What a member joining with {@code --initial-cluster-state existing} asks the running cluster: its
 * ID and members, from {@code GET <peer url>/members} (as etcd's {@code
 * getClusterFromRemotePeers}). Blocking; for start-up, not for event loops.
 */
public final class PeerClient {

  /** The largest /members answer read: a few hundred bytes per member. */
  static final int MAX_BODY_BYTES = 4 << 20;

  private PeerClient() {}

  /** One member as the cluster lists it; name and client URLs are empty until it publishes. */
  public record RemoteMember(long id, String name, List<String> peerUrls, List<String> clientUrls) {
    public RemoteMember {
      peerUrls = List.copyOf(peerUrls);
      clientUrls = List.copyOf(clientUrls);
    }
  }

  public record RemoteCluster(long clusterId, List<RemoteMember> members) {
    public RemoteCluster {
      members = List.copyOf(members);
    }
  }

  /**
   * Asks each URL in order until one answers with a member list and a cluster ID.
   *
   * @param timeout for connecting to and reading from each URL
   * @throws IOException {@code could not retrieve cluster information from the given urls} when
   *     none answers, each URL's failure attached as a suppressed exception
   */
  public static RemoteCluster fetchCluster(List<String> peerUrls, Duration timeout)
      throws IOException {
    return fetchCluster(peerUrls, timeout, null);
  }

  /**
   * As {@link #fetchCluster(List, Duration)}, dialing {@code https} URLs with {@code tls} (this
   * member's peer TLS; null for the JDK's defaults).
   */
  public static RemoteCluster fetchCluster(List<String> peerUrls, Duration timeout, SSLContext tls)
      throws IOException {
    IOException failure =
        new IOException("could not retrieve cluster information from the given urls");
    for (String url : peerUrls) {
      try {
        return fetch(url, timeout, tls);
      } catch (IOException | IllegalArgumentException e) {
        failure.addSuppressed(new IOException("could not get cluster response from " + url, e));
      }
    }
    throw failure;
  }

  private static RemoteCluster fetch(String url, Duration timeout, SSLContext tls)
      throws IOException {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    HttpURLConnection c =
        (HttpURLConnection) URI.create(base + PeerHeaders.MEMBERS_PATH).toURL().openConnection();
    if (tls != null && c instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.getSocketFactory());
    }
    try {
      int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
      c.setConnectTimeout(ms);
      c.setReadTimeout(ms);
      c.setUseCaches(false);
      c.setRequestProperty("Connection", "close");
      int status = c.getResponseCode();
      if (status != 200) {
        throw new IOException("answered " + status);
      }
      OptionalLong cid = PeerHeaders.parseHex(c.getHeaderField("X-Etcd-Cluster-Id"));
      if (cid.isEmpty()) {
        throw new IOException("could not parse the cluster ID from cluster res");
      }
      String body;
      try (InputStream in = c.getInputStream()) {
        byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
        if (b.length > MAX_BODY_BYTES) {
          throw new IOException("member list over " + MAX_BODY_BYTES + " bytes");
        }
        body = new String(b, StandardCharsets.UTF_8);
      }
      return new RemoteCluster(cid.getAsLong(), MembersJson.parse(body));
    } finally {
      c.disconnect();
    }
  }
}
