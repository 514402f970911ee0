package cairn.http;

import cairn.store.Paths;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code net/url} and {@code net/http} path and query rules, which decide etcd's answers to
 * odd requests: query parsing ({@code url.ParseQuery}, with its error messages), percent decoding,
 * {@code ServeMux}'s path cleaning, and path escaping for redirects.
 */
final class GoUrl {

  private GoUrl() {}

  /** A malformed query or path, with Go's error message. */
  static final class BadEscapeException extends Exception {
    private static final long serialVersionUID = 1L;

    BadEscapeException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Go's {@code url.ParseQuery}: pairs split on {@code &}, {@code +} is a space, the first error is
   * reported after all pairs are read (Go keeps the good ones, but etcd rejects the request).
   */
  static Map<String, List<String>> parseQuery(String query, Map<String, List<String>> into)
      throws BadEscapeException {
    String firstError = null;
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      if (pair.indexOf(';') >= 0) {
        firstError = firstError == null ? "invalid semicolon separator in query" : firstError;
        continue;
      }
      int eq = pair.indexOf('=');
      String rawKey = eq < 0 ? pair : pair.substring(0, eq);
      String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        String k = unescape(rawKey, true);
        String v = unescape(rawValue, true);
        into.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
      } catch (BadEscapeException e) {
        firstError = firstError == null ? e.getMessage() : firstError;
      }
    }
    if (firstError != null) {
      throw new BadEscapeException(firstError);
    }
    return into;
  }

  static Map<String, List<String>> parseQuery(String query) throws BadEscapeException {
    return parseQuery(query, new LinkedHashMap<>());
  }

  /** Percent-decoding; {@code plusIsSpace} for query components, not for paths. */
  static String unescape(String s, boolean plusIsSpace) throws BadEscapeException {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte c = bytes[i];
      if (c == '%') {
        if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
          String bad = new String(bytes, i, Math.min(3, bytes.length - i), StandardCharsets.UTF_8);
          throw new BadEscapeException("invalid URL escape \"" + bad + "\"");
        }
        out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * {@code net/http}'s {@code cleanPath}: Go's {@code path.Clean}, keeping a trailing slash. A
   * request whose decoded path differs from this is redirected to it with 301.
   */
  static String cleanMuxPath(String p) {
    if (p.isEmpty()) {
      return "/";
    }
    if (p.charAt(0) != '/') {
      p = "/" + p;
    }
    String np = Paths.clean(p);
    if (p.endsWith("/") && !np.equals("/")) {
      np = np + "/";
    }
    return np;
  }

  /** Go's {@code url.PathEscape}-like escaping of a path for a {@code Location} header. */
  static String escapePath(String path) {
    StringBuilder b = new StringBuilder(path.length() + 8);
    for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
      int u = c & 0xff;
      if ((u >= 'a' && u <= 'z')
          || (u >= 'A' && u <= 'Z')
          || (u >= '0' && u <= '9')
          || "-_.~$&+,/:;=@".indexOf(u) >= 0) {
        b.append((char) u);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(u & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
