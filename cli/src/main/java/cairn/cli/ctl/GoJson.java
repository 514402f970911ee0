package cairn.cli.ctl;

import cairn.client.KeysResponse;
import cairn.client.Node;

/**
 * JSON as Go's encoding/json writes etcd's client structs (etcdctl {@code -o json}): field order
 * {@code key, dir (if true), value, nodes (null if none), createdIndex, modifiedIndex, expiration
 * (if set), ttl (if not 0)}, and {@code <}, {@code >}, {@code &} escaped.
 */
final class GoJson {

  private GoJson() {}

  static String response(KeysResponse response) {
    StringBuilder out = new StringBuilder();
    out.append("{\"action\":");
    string(out, response.action());
    out.append(",\"node\":");
    node(out, response.node());
    out.append(",\"prevNode\":");
    node(out, response.prevNode());
    return out.append('}').toString();
  }

  private static void node(StringBuilder out, Node node) {
    if (node == null) {
      out.append("null");
      return;
    }
    out.append("{\"key\":");
    string(out, node.key());
    if (node.dir()) {
      out.append(",\"dir\":true");
    }
    out.append(",\"value\":");
    string(out, node.value() == null ? "" : node.value());
    out.append(",\"nodes\":");
    if (node.nodes() == null) {
      out.append("null");
    } else {
      out.append('[');
      for (int i = 0; i < node.nodes().size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        node(out, node.nodes().get(i));
      }
      out.append(']');
    }
    out.append(",\"createdIndex\":").append(node.createdIndex());
    out.append(",\"modifiedIndex\":").append(node.modifiedIndex());
    if (node.expiration() != null) {
      out.append(",\"expiration\":");
      string(out, node.expiration());
    }
    if (node.ttl() != 0) {
      out.append(",\"ttl\":").append(node.ttl());
    }
    out.append('}');
  }

  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
