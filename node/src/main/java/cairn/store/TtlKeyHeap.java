package cairn.store;

import cairn.util.Check;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The nodes that have a TTL, soonest expiry first (etcd's {@code ttlKeyHeap}). Ties are broken by
 * path so that every replica expires nodes in the same order, and a directory before the nodes
 * below it (its expiry removes them with it, in one event). A node's expiry must not change while
 * it is in the heap: callers remove, change, then add.
 */
final class TtlKeyHeap {

  private static final Comparator<Node> ORDER =
      (a, b) -> {
        if (a == b) {
          return 0;
        }
        int c = Long.compare(a.expireNanos, b.expireNanos);
        return c != 0 ? c : Paths.compare(a.path(), b.path());
      };

  private final TreeSet<Node> nodes = new TreeSet<>(ORDER);

  void add(Node n) {
    Check.state(!n.isPermanent(), "permanent node in the TTL heap");
    Check.state(nodes.add(n), "node already in the TTL heap: %s", n.path());
  }

  void remove(Node n) {
    nodes.remove(n);
  }

  /** The node that expires first, or {@code null}. */
  Node top() {
    return nodes.isEmpty() ? null : nodes.first();
  }

  boolean isEmpty() {
    return nodes.isEmpty();
  }

  int size() {
    return nodes.size();
  }
}
