package cairn.http;

import cairn.util.Check;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.List;

/**
 * Settings of the client HTTP server.
 *
 * @param listenUrls {@code http://host:port} or {@code https://host:port} URLs to bind (port 0
 *     picks a free port)
 * @param serverVersion {@code etcdserver} reported by {@code /version}
 * @param clusterVersion {@code etcdcluster} reported by {@code /version}
 * @param maxRequestBytes largest request body accepted; larger ones get 413 and the connection is
 *     closed (Go reads urlencoded forms up to 10 MiB)
 * @param corsOrigins etcd's {@code --cors}: the origins whose requests get CORS headers, {@code *}
 *     for all; empty for none (see {@link Cors})
 * @param tls the TLS of the {@code https} listeners ({@code --cert-file} and the rest); null when
 *     there are none
 */
public record KeysHttpServerConfig(
    List<URI> listenUrls,
    String serverVersion,
    String clusterVersion,
    int maxRequestBytes,
    List<String> corsOrigins,
    SslContext tls) {

  /** etcd 2.3's form limit. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 10 << 20;

  public KeysHttpServerConfig {
    listenUrls = List.copyOf(listenUrls);
    Check.argument(!listenUrls.isEmpty(), "at least one listen URL is required");
    for (URI u : listenUrls) {
      Check.argument(
          "http".equals(u.getScheme()) || "https".equals(u.getScheme()),
          "listen URLs are http or https: %s",
          u);
      Check.argument(
          tls != null || !"https".equals(u.getScheme()),
          "an https listen URL needs a certificate and key: %s",
          u);
      Check.argument(u.getHost() != null && u.getPort() >= 0, "listen URL needs host:port: %s", u);
    }
    Check.argument(maxRequestBytes > 0, "maxRequestBytes must be > 0");
    corsOrigins = List.copyOf(corsOrigins);
    for (String origin : corsOrigins) {
      Check.argument(!origin.isBlank(), "a CORS origin must not be blank");
    }
  }

  /** Without CORS origins (no {@code --cors}). */
  public KeysHttpServerConfig(
      List<URI> listenUrls, String serverVersion, String clusterVersion, int maxRequestBytes) {
    this(listenUrls, serverVersion, clusterVersion, maxRequestBytes, List.of(), null);
  }

  /** Listens on {@code urls} with etcd 2.3.8's version strings and the default limits. */
  public static KeysHttpServerConfig of(List<URI> urls) {
    return of(urls, null);
  }

  /** As {@link #of(List)}, serving the {@code https} URLs among them with {@code tls}. */
  public static KeysHttpServerConfig of(List<URI> urls, SslContext tls) {
    return new KeysHttpServerConfig(
        urls, "2.3.8", "2.3.0", DEFAULT_MAX_REQUEST_BYTES, List.of(), tls);
  }

  /** This configuration with etcd's {@code --cors} origins ({@code *} for all). */
  public KeysHttpServerConfig withCors(List<String> origins) {
    return new KeysHttpServerConfig(
        listenUrls, serverVersion, clusterVersion, maxRequestBytes, origins, tls);
  }
}
