package cairn.store;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The replicated state of a {@link Store}: the nodes, the TTL heap and the current index, with the
 * path walks etcd's store uses. No events, watchers, locks or statistics: the store does those.
 * Raised errors carry the current index, as etcd's do.
 */
final class Tree {

  final Node root;
  private final TtlKeyHeap ttlKeys = new TtlKeyHeap();
  long index;

  /** An empty tree at index 0 with the given namespace directories (clean, one segment each). */
  Tree(List<String> namespaces) {
    root = Node.newDir("", null, 0);
    for (String ns : namespaces) {
      root.addChild(Node.newDir(Paths.base(ns), root, 0));
    }
  }

  /** A tree loaded from a snapshot. */
  Tree(Node root, long index, List<Node> withTtl) {
    this.root = root;
    this.index = index;
    for (Node n : withTtl) {
      ttlKeys.add(n);
    }
  }

  /**
   * A detached copy of the whole tree, sharing only the immutable names and values. Iterative, as
   * the tree's depth is up to the clients.
   */
  Node copyOfRoot() {
    Node rootCopy = root.copyUnder(null);
    ArrayDeque<Node> originals = new ArrayDeque<>();
    ArrayDeque<Node> copies = new ArrayDeque<>();
    originals.push(root);
    copies.push(rootCopy);
    while (!originals.isEmpty()) {
      Node original = originals.pop();
      Node copy = copies.pop();
      copy.copyChildren(
          original,
          child -> {
            Node childCopy = child.copyUnder(copy);
            if (child.isDir()) {
              originals.push(child);
              copies.push(childCopy);
            }
            return childCopy;
          });
    }
    return rootCopy;
  }

  StoreException error(ErrorCode code, String cause) {
    return new StoreException(code, cause, index);
  }

  /** etcd's {@code internalGet}: the node at a clean path, or 100 / 104. */
  Node get(String p) {
    Node n = lookup(p);
    if (n == null) {
      throw error(ErrorCode.KEY_NOT_FOUND, firstMissing(p));
    }
    return n;
  }

  /** The node at a clean path, {@code null} if a component is missing; 104 through a key. */
  Node lookup(String p) {
    Node curr = root;
    int from = 1;
    while (from < p.length()) {
      if (!curr.isDir()) {
        throw error(ErrorCode.NOT_DIR, curr.path());
      }
      int slash = p.indexOf('/', from);
      int end = slash < 0 ? p.length() : slash;
      curr = curr.child(p, from, end);
      if (curr == null) {
        return null;
      }
      from = end + 1;
    }
    return curr;
  }

  /** The shortest prefix of a clean path that does not exist (etcd's cause for 100). */
  private String firstMissing(String p) {
    Node curr = root;
    int from = 1;
    while (true) {
      int slash = p.indexOf('/', from);
      int end = slash < 0 ? p.length() : slash;
      curr = curr.child(p.substring(from, end));
      if (curr == null) {
        return p.substring(0, end);
      }
      from = end + 1;
    }
  }

  /**
   * etcd's {@code walk} with {@code checkDir}: the directory at {@code dirPath}, creating missing
   * ones with {@code createdIndex}; 104 when a component is a key. Only missing components are
   * created, and everything below a missing one is missing, so a failure creates nothing.
   */
  Node dirCreatingParents(String dirPath, long createdIndex) {
    Node curr = root;
    int from = 1;
    while (from < dirPath.length()) {
      int slash = dirPath.indexOf('/', from);
      int end = slash < 0 ? dirPath.length() : slash;
      Node child = curr.child(dirPath, from, end);
      if (child == null) {
        child = Node.newDir(dirPath.substring(from, end), curr, createdIndex);
        curr.addChild(child);
      } else if (!child.isDir()) {
        throw error(ErrorCode.NOT_DIR, child.path());
      }
      curr = child;
      from = end + 1;
    }
    return curr;
  }

  /** etcd's {@code UpdateTTL}: sets the expiry and moves the node in or out of the TTL heap. */
  void setExpiry(Node n, long expireNanos) {
    if (!n.isPermanent()) {
      ttlKeys.remove(n);
    }
    n.expireNanos = expireNanos;
    if (!n.isPermanent()) {
      ttlKeys.add(n);
    }
  }

  /** The node that expires first, or {@code null}. */
  Node nextToExpire() {
    return ttlKeys.top();
  }

  int ttlCount() {
    return ttlKeys.size();
  }

  /**
   * Removes a node and its subtree: out of the TTL heap, then out of its parent. {@code onRemoved},
   * if given, is told every removed path, deepest first and the node itself last (etcd's delete
   * callback, which notifies the watchers on those paths).
   */
  void remove(Node n, String p, Consumer<String> onRemoved) {
    if (n.isDir() && (onRemoved != null || !ttlKeys.isEmpty())) {
      forEachBelow(n, p, onRemoved);
    }
    if (!n.isPermanent()) {
      ttlKeys.remove(n);
    }
    n.parent.removeChild(n);
    if (onRemoved != null) {
      onRemoved.accept(p);
    }
  }

  /**
   * Visits every node below {@code top}, children in creation order, each directory after its
   * subtree. Iterative with an explicit stack: tree depth is up to the clients, and a stack
   * overflow on the apply thread would stop every replica at the same entry.
   */
  private void forEachBelow(Node top, String topPath, Consumer<String> onRemoved) {
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(top, topPath));
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next < f.children.size()) {
        Node c = f.children.get(f.next++);
        String cp = Paths.join(f.path, c.name);
        if (c.isDir()) {
          stack.push(new Frame(c, cp)); // visited when its subtree is done
        } else {
          removed(c, cp, onRemoved);
        }
      } else {
        stack.pop();
        if (f.dir != top) {
          removed(f.dir, f.path, onRemoved);
        }
      }
    }
  }

  private void removed(Node n, String p, Consumer<String> onRemoved) {
    if (!n.isPermanent()) {
      ttlKeys.remove(n);
    }
    if (onRemoved != null) {
      onRemoved.accept(p);
    }
  }

  /** A directory being walked: its sorted children and the next one to visit. */
  private static final class Frame {
    final Node dir;
    final String path;
    final List<Node> children;
    int next;

    Frame(Node dir, String path) {
      this.dir = dir;
      this.path = path;
      this.children = dir.childrenInCreationOrder();
    }
  }
}
