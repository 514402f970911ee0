package cairn.store;

import cairn.util.Check;
import java.time.Instant;

/**
 * A store image built node by node from another system's dump, for migrations (etcd 0.4's store
 * dump keeps each node's indexes and expiry, which writes through {@link Store} would assign anew).
 * {@link #snapshot(long)} gives bytes that {@link Store#recover(byte[])} loads.
 *
 * <p>Parents are added before their children; the root exists from the start.
 */
public final class TreeImage {

  private final Node root = Node.newDir("", null, 0);

  /**
   * Adds a key or directory under an existing directory.
   *
   * @param expiration absolute expiry, or null for a permanent node
   */
  public void add(
      String path,
      boolean dir,
      String value,
      long createdIndex,
      long modifiedIndex,
      Instant expiration) {
    String clean = Paths.clean(path);
    Check.argument(!clean.equals("/"), "the root is not added");
    Node parent = find(Paths.parent(clean));
    Check.argument(
        parent != null && parent.isDir(), "no directory %s for %s", Paths.parent(clean), clean);
    String name = Paths.base(clean);
    Check.argument(parent.child(name) == null, "%s added twice", clean);
    Node node =
        dir
            ? Node.newDir(name, parent, createdIndex)
            : Node.newKey(name, parent, createdIndex, value == null ? "" : value);
    node.modifiedIndex = modifiedIndex;
    if (expiration != null) {
      node.expireNanos = Times.nanos(expiration);
    }
    parent.addChild(node);
  }

  /** The image as store snapshot bytes, at {@code currentIndex}. */
  public byte[] snapshot(long currentIndex) {
    return StoreSnapshot.encode(root, currentIndex);
  }

  private Node find(String path) {
    Node node = root;
    if (path.equals("/")) {
      return node;
    }
    for (String name : path.substring(1).split("/")) {
      node = node.isDir() ? node.child(name) : null;
      if (node == null) {
        return null;
      }
    }
    return node;
  }
}
