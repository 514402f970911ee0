package cairn.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A key or directory of the tree (etcd's {@code node}). Mutable, owned by the {@link Store} and
 * touched only under its write lock.
 *
 * <p>Kept small because a store holds millions of them: the node stores its own name, not its full
 * path (paths are rebuilt from the parent chain when needed); one {@code payload} field holds the
 * value of a key (a {@link String}) or the children of a directory (a {@link ChildTable} created on
 * the first child, or the {@link #NO_CHILDREN} marker), so no separate dir flag is needed. 48 bytes
 * with compressed oops.
 */
final class Node {

  /** {@link #expireNanos} of a node without TTL. */
  static final long PERMANENT = Long.MIN_VALUE;

  /** Payload of a directory without children; identity marks the node as a directory. */
  private static final Object NO_CHILDREN = new Object();

  final String name;
  final Node parent;
  final long createdIndex;
  long modifiedIndex;
  long expireNanos = PERMANENT;
  private Object payload;

  private Node(String name, Node parent, long createdIndex, Object payload) {
    this.name = name;
    this.parent = parent;
    this.createdIndex = createdIndex;
    this.modifiedIndex = createdIndex;
    this.payload = payload;
  }

  static Node newKey(String name, Node parent, long index, String value) {
    return new Node(name, parent, index, value);
  }

  static Node newDir(String name, Node parent, long index) {
    return new Node(name, parent, index, NO_CHILDREN);
  }

  boolean isDir() {
    return !(payload instanceof String);
  }

  boolean isPermanent() {
    return expireNanos == PERMANENT;
  }

  /** A name starting with {@code _} is not listed by its parent. */
  boolean isHidden() {
    return !name.isEmpty() && name.charAt(0) == '_';
  }

  String value() {
    return (String) payload;
  }

  void setValue(String value) {
    payload = value;
  }

  /** The full path, rebuilt from the parent chain. */
  String path() {
    if (parent == null) {
      return "/";
    }
    if (parent.parent == null) {
      return "/" + name;
    }
    // Iterative: the depth of a path is up to the client, and the apply thread must not
    // overflow its stack on a deep key.
    ArrayDeque<String> names = new ArrayDeque<>();
    int length = 0;
    for (Node n = this; n.parent != null; n = n.parent) {
      names.push(n.name);
      length += n.name.length() + 1;
    }
    StringBuilder b = new StringBuilder(length);
    for (String s : names) {
      b.append('/').append(s);
    }
    return b.toString();
  }

  private ChildTable childTable() {
    return payload instanceof ChildTable t ? t : null;
  }

  Node child(String childName) {
    ChildTable t = childTable();
    return t == null ? null : t.get(childName);
  }

  /** The child named by the segment {@code path[from, to)}. */
  Node child(String path, int from, int to) {
    ChildTable t = childTable();
    return t == null ? null : t.get(path, from, to);
  }

  /** Sizes an empty directory's table for {@code expected} children (snapshot loading). */
  void reserveChildren(int expected) {
    if (childTable() == null && expected > 0) {
      payload = new ChildTable(expected);
    }
  }

  void addChild(Node child) {
    ChildTable t = childTable();
    if (t == null) {
      t = new ChildTable();
      payload = t;
    }
    t.put(child);
  }

  void removeChild(Node child) {
    ChildTable t = childTable();
    if (t != null && t.remove(child) && t.size() == 0) {
      payload = NO_CHILDREN; // give the table back to the GC
    }
  }

  /**
   * A copy of this node under {@code copyParent}, with its own mutable fields; a directory's copy
   * starts without children ({@link #copyChildren} adds them).
   */
  Node copyUnder(Node copyParent) {
    Node copy = new Node(name, copyParent, createdIndex, isDir() ? NO_CHILDREN : payload);
    copy.modifiedIndex = modifiedIndex;
    copy.expireNanos = expireNanos;
    return copy;
  }

  /** Gives this directory copies of {@code original}'s children, made by {@code copy}. */
  void copyChildren(Node original, UnaryOperator<Node> copy) {
    ChildTable t = original.childTable();
    if (t != null) {
      payload = t.mapped(copy);
    }
  }

  int childCount() {
    ChildTable t = childTable();
    return t == null ? 0 : t.size();
  }

  /**
   * Children sorted by name, which is also the order of their full keys. etcd leaves the order of
   * unsorted listings unspecified; we always sort so output (and snapshots) are reproducible.
   */
  List<Node> sortedChildren() {
    ChildTable t = childTable();
    if (t == null) {
      return List.of();
    }
    List<Node> list = t.values();
    list.sort((a, b) -> Paths.compare(a.name, b.name));
    return list;
  }

  /**
   * Children by createdIndex, then name: a deterministic order far cheaper to sort than names for
   * big directories (the comparison reads the nodes, not their name strings). Used where only
   * determinism matters: snapshots and subtree removal.
   */
  List<Node> childrenInCreationOrder() {
    ChildTable t = childTable();
    if (t == null) {
      return List.of();
    }
    List<Node> list = t.values();
    List<Node> sorted = list.size() > SMALL_DIRECTORY ? byDistinctCreatedIndex(list) : null;
    if (sorted != null) {
      return sorted;
    }
    list.sort(
        (a, b) -> {
          int c = Long.compare(a.createdIndex, b.createdIndex);
          return c != 0 ? c : Paths.compare(a.name, b.name);
        });
    return list;
  }

  /** Up to this many children, sorting the nodes themselves costs less than the keys below. */
  private static final int SMALL_DIRECTORY = 32;

  /**
   * {@code list} in createdIndex order, sorted as primitives: each child's createdIndex and
   * position packed into one long, so the sort reads no node (a snapshot sorts every directory, and
   * comparing nodes in a directory of 100,000 keys was a quarter of its encoding, a cache miss per
   * read). Null when two children share a createdIndex (then their names decide) or an index does
   * not fit beside the position; the caller sorts the nodes then.
   */
  private static List<Node> byDistinctCreatedIndex(List<Node> list) {
    int n = list.size();
    int positionBits = 32 - Integer.numberOfLeadingZeros(n - 1);
    long positionMask = (1L << positionBits) - 1;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      long created = list.get(i).createdIndex;
      if (created < 0 || created > Long.MAX_VALUE >>> positionBits) {
        return null;
      }
      keys[i] = created << positionBits | i;
    }
    Arrays.sort(keys);
    List<Node> sorted = new ArrayList<>(n);
    long previous = -1;
    for (long key : keys) {
      long created = key >>> positionBits;
      if (created == previous) {
        return null;
      }
      previous = created;
      sorted.add(list.get((int) (key & positionMask)));
    }
    return sorted;
  }

  /**
   * etcd's {@code Repr}: this node alone, or with its whole visible subtree when {@code recursive}.
   */
  NodeExtern repr(String path, boolean recursive, long nowNanos) {
    if (!isDir()) {
      return new NodeExtern(
          path, value(), false, expiration(), ttl(nowNanos), null, modifiedIndex, createdIndex);
    }
    return new NodeExtern(
        path,
        null,
        true,
        expiration(),
        ttl(nowNanos),
        recursive ? listChildren(path, true, nowNanos) : null,
        modifiedIndex,
        createdIndex);
  }

  /**
   * etcd's {@code loadInternalNode}, what a get returns: a directory always lists its visible
   * children, expanded further only when {@code recursive}.
   */
  NodeExtern load(String path, boolean recursive, long nowNanos) {
    if (!isDir()) {
      return repr(path, false, nowNanos);
    }
    return new NodeExtern(
        path,
        null,
        true,
        expiration(),
        ttl(nowNanos),
        listChildren(path, recursive, nowNanos),
        modifiedIndex,
        createdIndex);
  }

  private List<NodeExtern> listChildren(String path, boolean recursive, long nowNanos) {
    List<NodeExtern> out = new ArrayList<>(childCount());
    for (Node c : sortedChildren()) {
      if (!c.isHidden()) {
        out.add(c.repr(Paths.join(path, c.name), recursive, nowNanos));
      }
    }
    return out;
  }

  Instant expiration() {
    return isPermanent() ? null : Times.instant(expireNanos);
  }

  long ttl(long nowNanos) {
    return isPermanent() ? 0 : Times.ttlSeconds(expireNanos, nowNanos);
  }
}
