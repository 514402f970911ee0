package cairn.cli.ctl;

import cairn.client.KeysResponse;
import cairn.client.Node;
import java.io.PrintStream;

/** Prints a key-space response as etcdctl 2.3 does in its three output formats. */
final class ResponsePrinter {

  private ResponsePrinter() {}

  static void print(KeysResponse response, String format, PrintStream out, PrintStream err) {
    Node node = response.node();
    switch (format) {
      case "simple" -> {
        if (!response.action().equals("delete")) {
          out.println(value(node));
        } else {
          out.println("PrevNode.Value: " + value(response.prevNode()));
        }
      }
      case "extended" -> {
        out.println("Key: " + node.key());
        out.println("Created-Index: " + node.createdIndex());
        out.println("Modified-Index: " + node.modifiedIndex());
        if (response.prevNode() != null) {
          out.println("PrevNode.Value: " + value(response.prevNode()));
        }
        out.println("TTL: " + node.ttl());
        out.println("Index: " + response.etcdIndex());
        if (!response.action().equals("delete")) {
          out.println();
          out.println(value(node));
        }
      }
      case "json" -> out.println(GoJson.response(response));
      default -> err.println("Unsupported output format: " + format);
    }
    out.flush();
  }

  private static String value(Node node) {
    return node == null || node.value() == null ? "" : node.value();
  }
}
