package cairn.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/** Settings of an {@link EtcdClient}; bad settings are rejected when set. */
public final class EtcdClientBuilder {

  private List<String> endpoints = List.of("http://127.0.0.1:2379", "http://127.0.0.1:4001");
  private Duration requestTimeout = Duration.ofSeconds(1);
  private Duration dialTimeout = Duration.ofSeconds(30);
  private Duration totalTimeout = Duration.ZERO;
  private RequestListener listener = RequestListener.NONE;
  private String authorization;
  private Path caFile;
  private Path certFile;
  private Path keyFile;

  EtcdClientBuilder() {}

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
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(dialMillis, TimeUnit.MILLISECONDS)
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .writeTimeout(0, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .followRedirects(true);
    if (authorization != null) {
      String header = authorization;
      http.addInterceptor(
          chain ->
              chain.proceed(chain.request().newBuilder().header("Authorization", header).build()));
    }
    if (caFile != null || certFile != null) {
      Tls.configure(http, caFile, certFile, keyFile);
    } else if (endpoints.stream().noneMatch(url -> url.startsWith("https:"))) {
      // No TLS at all: okhttp then skips loading the trust store, a large part of start-up.
      http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    OkHttpClient client = http.build();
    return new EtcdClient(
        client, new Cluster(client, endpoints, listener, deadline), requestTimeout.toMillis());
  }
}
