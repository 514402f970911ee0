package cairn.store;

import java.util.Objects;

/**
 * The result of a store operation and what watchers receive (etcd's {@code Event}), immutable.
 *
 * @param action what happened
 * @param node the node after the operation (for removals: key, dir flag and indexes only)
 * @param prevNode the node before the operation, non-recursive, or {@code null} when there was none
 * @param index etcd's {@code EtcdIndex}: the store index to report in {@code X-Etcd-Index} (for a
 *     write, the index it took; for a get, the current index; for an event replayed from history to
 *     a watcher, the store index when the watcher was registered)
 * @param refresh true for a TTL refresh (etcd 2.3): kept in the history but not sent to watchers
 *     and not serialised on HTTP responses
 */
public record Event(
    Action action, NodeExtern node, NodeExtern prevNode, long index, boolean refresh) {

  public Event {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(node, "node");
  }

  /** The index that orders events in the history: the node's {@code modifiedIndex}. */
  public long modifiedIndex() {
    return node.modifiedIndex();
  }

  /**
   * True when etcd answers this event with 201 Created: a {@code create}, or a {@code set} that
   * made a brand-new node.
   */
  public boolean isCreated() {
    return action == Action.CREATE || (action == Action.SET && prevNode == null);
  }

  /** This event with another {@link #index()} (used when replaying history to a watcher). */
  Event withIndex(long newIndex) {
    return new Event(action, node, prevNode, newIndex, refresh);
  }
}
