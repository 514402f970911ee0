package cairn.http;

import cairn.store.ErrorCode;
import cairn.store.Event;
import cairn.store.NodeExtern;
import cairn.util.GoText;
import java.time.Instant;
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

  /** Go's {@code time.RFC3339Nano} in UTC (see {@link GoText#time}). */
  static String time(Instant t) {
    return GoText.time(t);
  }

  /** A JSON string with Go's escaping (see {@link GoText#jsonString}). */
  static void string(StringBuilder b, String s) {
    GoText.jsonString(b, s);
  }
}
