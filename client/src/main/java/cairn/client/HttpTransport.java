package cairn.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one HTTP request and returns the whole answer: the seam between the client's protocol logic
 * ({@link Cluster}'s failover, {@link EtcdClient}'s requests and answers) and the wire. Two
 * implementations: okhttp (the default, pooled connections, TLS), and {@link SocketTransport}
 * (HTTP/1.1 on a plain socket, for processes that send one or two requests and exit, where okhttp's
 * start-up would cost more than the work). Implementations are thread-safe.
 */
public interface HttpTransport extends Closeable {

  /**
   * One request. {@code body} is null for none (a method other than GET and HEAD then sends an
   * empty body); {@code timeoutMillis} bounds the whole exchange, from connecting to the last byte
   * of the answer (0: no bound, for watches).
   */
  record Request(
      String method, String url, Map<String, String> headers, byte[] body, long timeoutMillis) {}

  /** A whole answer. Header names are kept in lower case; the last value of a repeated one. */
  record Reply(int status, Map<String, String> headers, byte[] body) {

    /** The value of header {@code name} (any case), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends the request and reads the whole answer. A transport failure, a timeout ({@link
   * java.io.InterruptedIOException}) or an answer that is not HTTP is an IOException.
   */
  Reply send(Request request) throws IOException;

  /** Releases connections and threads; the transport is not used afterwards. */
  @Override
  void close();
}
