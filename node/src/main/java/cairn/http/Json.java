package cairn.http;

import cairn.store.ErrorCode;
import cairn.store.Event;
import cairn.store.NodeExtern;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes etcd's key-space JSON exactly as Go's {@code encoding/json} does: Go struct field order,
 * {@code omitempty} rules, and Go's string escaping ({@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 as {@code \\u} escapes; control characters other than {@code \n \r \t} as {@code
 * \\u00xx}). Clients accept any valid JSON, but byte equality with etcd keeps differential tests
 * and caches honest.
 */
final class Json {

  private Json() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** An event as etcd's JSON encoder writes it: {@code action, node, prevNode}, then a newline. */
  static String event(Event e) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"action\":");
    string(b, e.action().wireName());
    b.append(",\"node\":");
    node(b, e.node());
    if (e.prevNode() != null) {
      b.append(",\"prevNode\":");
      node(b, e.prevNode());
    }
    return b.append("}\n").toString();
  }

  /** etcd's key-space error body ({@code errorCode, message, cause, index}) and a newline. */
  static String error(ErrorCode code, String cause, long index) {
    StringBuilder b = new StringBuilder(96);
    b.append("{\"errorCode\":").append(code.code()).append(",\"message\":");
    string(b, code.message());
    if (cause != null && !cause.isEmpty()) {
      b.append(",\"cause\":");
      string(b, cause);
    }
    b.append(",\"index\":").append(Long.toUnsignedString(index)).append("}\n");
    return b.toString();
  }

  /**
   * A node in Go's field order {@code key, value, dir, expiration, ttl, nodes, modifiedIndex,
   * createdIndex}. The root's key is omitted: etcd strips its namespace prefix, leaving an empty
   * key that {@code omitempty} drops.
   */
  static void node(StringBuilder b, NodeExtern n) {
    b.append('{');
    boolean first = true;
    String key = n.key();
    if (key != null && !key.isEmpty() && !key.equals("/")) {
      b.append("\"key\":");
      string(b, key);
      first = false;
    }
    if (n.value() != null) {
      first = comma(b, first);
      b.append("\"value\":");
      string(b, n.value());
    }
    if (n.dir()) {
      first = comma(b, first);
      b.append("\"dir\":true");
    }
    if (n.expiration() != null) {
      first = comma(b, first);
      b.append("\"expiration\":\"").append(time(n.expiration())).append('"');
    }
    if (n.ttl() != 0) {
      first = comma(b, first);
      b.append("\"ttl\":").append(n.ttl());
    }
    List<NodeExtern> nodes = n.nodes();
    if (nodes != null && !nodes.isEmpty()) {
      first = comma(b, first);
      b.append("\"nodes\":[");
      for (int i = 0; i < nodes.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        node(b, nodes.get(i));
      }
      b.append(']');
    }
    if (n.modifiedIndex() != 0) {
      first = comma(b, first);
      b.append("\"modifiedIndex\":").append(Long.toUnsignedString(n.modifiedIndex()));
    }
    if (n.createdIndex() != 0) {
      comma(b, first);
      b.append("\"createdIndex\":").append(Long.toUnsignedString(n.createdIndex()));
    }
    b.append('}');
  }

  private static boolean comma(StringBuilder b, boolean first) {
    if (!first) {
      b.append(',');
    }
    return false;
  }

  /**
   * Go's {@code time.RFC3339Nano} in UTC: nanoseconds with trailing zeros removed, and no fraction
   * at all when it is zero.
   */
  static String time(Instant t) {
    StringBuilder b = new StringBuilder(30).append(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(frac, 0, end);
    }
    return b.append('Z').toString();
  }

  /** A JSON string with Go's escaping; lone surrogates (invalid UTF-8 in Go) become U+FFFD. */
  static void string(StringBuilder b, String s) {
    b.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(b, c);
        default -> {
          if (c < 0x20) {
            unicode(b, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            b.append("\\ufffd");
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static void unicode(StringBuilder b, char c) {
    b.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
