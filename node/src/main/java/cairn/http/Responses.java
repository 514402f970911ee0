package cairn.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds the responses Go's {@code net/http} and etcd's handlers write. */
public final class Responses {

  private Responses() {}

  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  /**
   * A complete response. For HEAD the body is left out but {@code Content-Length} still gives its
   * length, as Go does.
   */
  public static FullHttpResponse full(int status, String contentType, String body, boolean head) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    if (contentType != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return r;
  }

  /** Go's {@code http.Error}: plain text, {@code nosniff}, the message and a newline. */
  static FullHttpResponse plainError(int status, String message, boolean head) {
    FullHttpResponse r = full(status, TEXT, message + "\n", head);
    r.headers().set("X-Content-Type-Options", "nosniff");
    return r;
  }

  /** Go's {@code http.NotFound}. */
  static FullHttpResponse notFound(boolean head) {
    return plainError(404, "404 page not found", head);
  }

  /** etcd's {@code allowMethod} refusal: 405 with {@code Allow}. */
  static FullHttpResponse methodNotAllowed(String allow, boolean head) {
    FullHttpResponse r = plainError(405, "Method Not Allowed", head);
    r.headers().set(HttpHeaderNames.ALLOW, allow);
    return r;
  }

  /**
   * {@code ServeMux}'s redirect to the clean path: 301 with {@code Location}; GET and HEAD get Go's
   * small HTML body, other methods none.
   */
  static FullHttpResponse movedPermanently(String location, String method) {
    boolean get = method.equals("GET");
    boolean head = method.equals("HEAD");
    FullHttpResponse r;
    if (get || head) {
      String body = "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n";
      r = full(301, "text/html; charset=utf-8", body, head);
    } else {
      r = full(301, null, "", false);
    }
    r.headers().set(HttpHeaderNames.LOCATION, location);
    return r;
  }

  private static String htmlEscape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;")
        .replace("'", "&#39;");
  }
}
