package cairn.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * etcd 2.3's CORS wrapper ({@code pkg/cors}) around every client handler, configured by {@code
 * --cors}: when the origins include {@code *}, every response carries the CORS headers with {@code
 * Access-Control-Allow-Origin: *} (whatever the request's {@code Origin}, even none); otherwise
 * only a response to a request whose {@code Origin} is listed carries them, naming that origin.
 * Without origins no response carries them. The wrapper also answers OPTIONS on any path with 200
 * and no body, before routing (that {@link ClientHandler} does, with or without {@code --cors}).
 */
final class Cors {

  /** No {@code --cors}: no headers. */
  static final Cors NONE = new Cors(List.of());

  private final Set<String> origins;

  /** {@code origins}: the {@code --cors} list, {@code *} for any origin. */
  Cors(List<String> origins) {
    this.origins = Set.copyOf(origins);
  }

  /**
   * The headers for a request with {@code origin} (null when it has no {@code Origin} header), in
   * the order Go writes them (sorted by name); empty when none apply.
   */
  HttpHeaders headersFor(String origin) {
    String allowed;
    if (origins.contains("*")) {
      allowed = "*";
    } else if (origin != null && origins.contains(origin)) {
      allowed = origin;
    } else {
      return EmptyHttpHeaders.INSTANCE;
    }
    return new DefaultHttpHeaders()
        .add("Access-Control-Allow-Headers", "accept, content-type, authorization")
        .add("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE")
        .add("Access-Control-Allow-Origin", allowed);
  }
}
