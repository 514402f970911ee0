package cairn.store;

import java.time.Instant;
import java.util.List;

/**
 * A node as etcd returns it (etcd's {@code NodeExtern}), immutable. Field order and meaning follow
 * etcd's JSON: {@code key, value, dir, expiration, ttl, nodes, modifiedIndex, createdIndex}.
 *
 * @param key the store's full path ({@code "/"} for the root; the server strips its namespace)
 * @param value the value of a key; {@code null} for directories and for the node of a delete,
 *     compare-and-delete or expire event (JSON: omitted when null)
 * @param dir true for directories (JSON: omitted when false)
 * @param expiration absolute expiry time, {@code null} for permanent nodes
 * @param ttl seconds left, rounded up, computed from the caller's {@code now}; JSON omits it when 0
 * @param nodes listed children, {@code null} when the node is not listed or has no visible child
 * @param modifiedIndex index of the last change (0 only for the root and namespace directories)
 * @param createdIndex index of the creation (0 only for the root and namespace directories)
 */
public record NodeExtern(
    String key,
    String value,
    boolean dir,
    Instant expiration,
    long ttl,
    List<NodeExtern> nodes,
    long modifiedIndex,
    long createdIndex) {

  public NodeExtern {
    nodes = nodes == null || nodes.isEmpty() ? null : List.copyOf(nodes);
  }

  /** This node without its listed children (etcd's non-recursive representation). */
  public NodeExtern withoutNodes() {
    return nodes == null
        ? this
        : new NodeExtern(key, value, dir, expiration, ttl, null, modifiedIndex, createdIndex);
  }

  /** The node of a deletion event: key, dir flag and indexes only. */
  static NodeExtern removed(String key, boolean dir, long modifiedIndex, long createdIndex) {
    return new NodeExtern(key, null, dir, null, 0, null, modifiedIndex, createdIndex);
  }
}
