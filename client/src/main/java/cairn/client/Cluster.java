package cairn.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Sends a request to the cluster with failover, as etcd's Go client does: the pinned endpoint
 * first, then the others in order; a transport error or any 5xx answer moves on, and the endpoint
 * that answers becomes pinned. Thread-safe.
 */
final class Cluster {

  /** A whole answer: status, body and the index headers. */
  record Answer(int status, byte[] body, long etcdIndex, long raftIndex, long raftTerm) {}

  private final HttpTransport transport;
  private final String authorization;
  private final RequestListener listener;
  private final long deadlineNanos;
  private volatile List<String> endpoints;
  private volatile int pinned;

  /** {@code authorization}: the value of the Authorization header on every request, or null. */
  Cluster(
      HttpTransport transport,
      String authorization,
      List<String> endpoints,
      RequestListener listener,
      long deadlineNanos) {
    this.transport = transport;
    this.authorization = authorization;
    this.endpoints = List.copyOf(endpoints);
    this.listener = listener;
    this.deadlineNanos = deadlineNanos;
  }

  List<String> endpoints() {
    return endpoints;
  }

  void setEndpoints(List<String> newEndpoints) {
    if (!newEndpoints.equals(endpoints)) {
      endpoints = List.copyOf(newEndpoints);
      pinned = 0;
    }
  }

  /**
   * Sends {@code pathAndQuery} (starting with "/") with failover. {@code timeoutMillis} bounds each
   * attempt (0: none, for watches); the client's deadline, if any, bounds them all.
   */
  Answer send(
      String method, String pathAndQuery, String contentType, String body, long timeoutMillis)
      throws IOException {
    List<String> current = endpoints;
    List<String> details = new ArrayList<>();
    boolean allConnection = true;
    int start = pinned;
    for (int attempt = 0; attempt < current.size(); attempt++) {
      int index = (start + attempt) % current.size();
      String endpoint = current.get(index);
      String url = stripSlash(endpoint) + pathAndQuery;
      listener.onRequest(method, url, body);
      try {
        Answer answer = call(method, url, contentType, body, timeoutMillis);
        if (answer.status() >= 500) {
          allConnection = false;
          details.add(
              "error #"
                  + attempt
                  + ": "
                  + (answer.status() == 500 || answer.status() == 503
                      ? "client: etcd member " + endpoint + " has no leader"
                      : "client: etcd member "
                          + endpoint
                          + " returns server error ["
                          + answer.status()
                          + "]"));
          continue;
        }
        pinned = index;
        return answer;
      } catch (IOException e) {
        // etcdctl's isConnectionError: a failed TLS handshake is not one (a bad certificate is not
        // cured by another try), so a sync that fails on it does not end etcdctl with status 2.
        if (e instanceof SSLException) {
          allConnection = false;
        }
        details.add("error #" + attempt + ": " + describe(endpoint, e));
      }
    }
    throw new ClusterUnavailableException(details, allConnection);
  }

  private Answer call(
      String method, String url, String contentType, String body, long timeoutMillis)
      throws IOException {
    long timeout = timeoutMillis;
    if (deadlineNanos != 0) {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new InterruptedIOException("context deadline exceeded");
      }
      timeout = timeout == 0 ? left : Math.min(timeout, left);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    byte[] bytes = null;
    if (body != null) {
      headers.put("Content-Type", contentType);
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    HttpTransport.Reply reply =
        transport.send(new HttpTransport.Request(method, url, headers, bytes, timeout));
    return new Answer(
        reply.status(),
        reply.body(),
        header(reply, "X-Etcd-Index"),
        header(reply, "X-Raft-Index"),
        header(reply, "X-Raft-Term"));
  }

  private static long header(HttpTransport.Reply reply, String name) {
    String value = reply.header(name);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseUnsignedLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // The JDK's words for an alert the server sent ("Received fatal alert: certificate_required").
  private static final Pattern FATAL_ALERT = Pattern.compile("Received fatal alert: (\\w+)");

  /** A transport failure in the words of Go's net/http, which scripts may match on. */
  static String describe(String endpoint, IOException e) {
    String hostPort = hostPort(endpoint);
    if (e instanceof ConnectException) {
      return "dial tcp " + hostPort + ": connect: connection refused";
    }
    if (e instanceof UnknownHostException) {
      return "dial tcp: lookup " + hostPort.replaceFirst(":\\d+$", "") + ": no such host";
    }
    if (e instanceof InterruptedIOException) {
      return "client: endpoint " + endpoint + " exceeded header timeout";
    }
    if (e instanceof SSLException && e.getMessage() != null) {
      Matcher alert = FATAL_ALERT.matcher(e.getMessage());
      if (alert.find()) {
        return "remote error: tls: " + alert.group(1).replace('_', ' ');
      }
      if (e.getMessage().contains("PKIX path")) {
        return "x509: certificate signed by unknown authority";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String hostPort(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      return uri.getHost() + ":" + port;
    } catch (IllegalArgumentException e) {
      return endpoint;
    }
  }

  private static String stripSlash(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }
}
