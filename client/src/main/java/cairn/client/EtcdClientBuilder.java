package cairn.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Settings of an {@link EtcdClient}; bad settings are rejected when set. */
public final class EtcdClientBuilder {

  /** How requests go over the wire. */
  public enum Transport {
    /** okhttp: pooled connections, for long-lived clients. The default. */
    OKHTTP,
    /**
     * HTTP/1.1 on a plain socket, a new connection per request, nothing to initialise: for
     * processes that send a few requests and exit (etcdctl). Answers are read with a small JSON
     * reader rather than Jackson, whose first parse in a process costs about 20 ms on JDK 24+
     * ({@link cairn.json.Utf8JsonTokens}). With TLS settings the client uses okhttp all the same;
     * {@code https} endpoints (given or learnt by {@link EtcdClient#sync}) are sent through okhttp,
     * built when first needed.
     */
    SOCKET
  }

  private List<String> endpoints = List.of("http://127.0.0.1:2379", "http://127.0.0.1:4001");
  private Duration requestTimeout = Duration.ofSeconds(1);
  private Duration dialTimeout = Duration.ofSeconds(30);
  private Duration totalTimeout = Duration.ZERO;
  private RequestListener listener = RequestListener.NONE;
  private String authorization;
  private Path caFile;
  private Path certFile;
  private Path keyFile;
  private Transport transport = Transport.OKHTTP;

  EtcdClientBuilder() {}

  public EtcdClientBuilder transport(Transport transport) {
    if (transport == null) {
      throw new IllegalArgumentException("transport must not be null");
    }
    this.transport = transport;
    return this;
  }

  /** Endpoints in failover order; {@code http://} is added to one without a scheme. */
  public EtcdClientBuilder endpoints(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no endpoints given");
    }
    List<String> normalized = new ArrayList<>();
    for (String url : urls) {
      normalized.add(url.contains("://") ? url : "http://" + url);
    }
    this.endpoints = List.copyOf(normalized);
    return this;
  }

  /** Per request, until the answer (not applied to watches). Default 1 s, as etcdctl 2.3. */
  public EtcdClientBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = EtcdClient.positive(timeout, "request timeout");
    return this;
  }

  /** For the whole life of the client (0: none); also caps the connect timeout. */
  public EtcdClientBuilder totalTimeout(Duration timeout) {
    this.totalTimeout = EtcdClient.positive(timeout, "total timeout");
    return this;
  }

  public EtcdClientBuilder requestListener(RequestListener listener) {
    this.listener = listener;
    return this;
  }

  /** HTTP basic auth on every request. */
  public EtcdClientBuilder basicAuth(String username, String password) {
    String credentials = username + ":" + password;
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** TLS: a CA bundle to verify servers (null: the system roots) and a client certificate. */
  public EtcdClientBuilder tls(Path caFile, Path certFile, Path keyFile) {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs both --cert-file and --key-file");
    }
    this.caFile = caFile;
    this.certFile = certFile;
    this.keyFile = keyFile;
    return this;
  }

  public EtcdClient build() throws IOException {
    long dialMillis = dialTimeout.toMillis();
    long deadline = 0;
    if (!totalTimeout.isZero()) {
      dialMillis = Math.min(dialMillis, totalTimeout.toMillis());
      deadline = System.nanoTime() + totalTimeout.toNanos();
    }
    long connectMillis = dialMillis;
    HttpTransport http;
    // The socket transport's processes also parse without Jackson (see Utf8JsonTokens).
    Json json = transport == Transport.SOCKET ? Json.UTF8 : Json.JACKSON;
    if (caFile != null || certFile != null) {
      http = OkHttpTransport.create(connectMillis, caFile, certFile, keyFile, false);
    } else if (transport == Transport.SOCKET) {
      http = new SocketTransport(connectMillis);
    } else {
      boolean cleartextOnly = endpoints.stream().noneMatch(url -> url.startsWith("https:"));
      http = OkHttpTransport.create(connectMillis, null, null, null, cleartextOnly);
    }
    return new EtcdClient(
        http,
        authorization,
        new Cluster(http, authorization, endpoints, listener, deadline),
        requestTimeout.toMillis(),
        json);
  }
}
