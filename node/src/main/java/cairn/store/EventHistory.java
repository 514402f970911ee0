package cairn.store;

import cairn.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events, for watchers that ask for a past {@code waitIndex} (etcd's
 * {@code EventHistory}). Every mutation adds exactly one event with the next index, so the events
 * are contiguous and the event with index {@code i} sits {@code i - startIndex} slots after the
 * oldest one.
 *
 * <p>Not thread-safe: the {@link WatcherHub} guards it.
 */
final class EventHistory {

  private final Event[] ring;
  private int oldest; // slot of the event with index startIndex
  private int size;
  private long startIndex;

  /**
   * @param capacity events kept
   * @param nextIndex index of the first event to come; older indexes count as cleared
   */
  EventHistory(int capacity, long nextIndex) {
    this.ring = new Event[capacity];
    this.startIndex = nextIndex;
  }

  void add(Event e) {
    Check.state(
        e.modifiedIndex() == startIndex + size,
        "event index %d is not the next one (%d)",
        e.modifiedIndex(),
        startIndex + size);
    if (size == ring.length) {
      ring[oldest] = e;
      oldest = (oldest + 1) % ring.length;
      startIndex++;
    } else {
      ring[(oldest + size) % ring.length] = e;
      size++;
    }
  }

  /** Index of the oldest event kept (the next index when the history is empty). */
  long startIndex() {
    return startIndex;
  }

  /** Index of the newest event kept ({@code startIndex - 1} when empty). */
  long lastIndex() {
    return startIndex + size - 1;
  }

  /**
   * The events from {@code sinceIndex} on that a watcher on {@code key} wants, oldest first, at
   * most {@code limit} of them. Refresh events are skipped, as in etcd 2.3.
   *
   * @throws StoreException 401 when {@code sinceIndex} is older than the history (index 0; the
   *     caller sets the store index)
   */
  List<Event> scan(String key, boolean recursive, long sinceIndex, int limit) {
    if (sinceIndex < startIndex) {
      throw new StoreException(
          ErrorCode.EVENT_INDEX_CLEARED,
          "the requested history has been cleared [" + startIndex + "/" + sinceIndex + "]",
          0);
    }
    List<Event> out = new ArrayList<>(1);
    for (long i = sinceIndex; i <= lastIndex() && out.size() < limit; i++) {
      Event e = ring[(int) ((oldest + (i - startIndex)) % ring.length)];
      if (!e.refresh() && matches(e, key, recursive)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * What live notification delivers, applied to the past: the exact key; for a recursive watcher
   * any key below it whose path below the watched key is not hidden; and the removal of a directory
   * above the watched key. (etcd 2's scan differs in two buggy ways we do not copy: a recursive
   * scan stops matching the watched key itself after the first slot, and it ignores the hidden
   * rule.)
   */
  static boolean matches(Event e, String key, boolean recursive) {
    String k = e.node().key();
    if (k.equals(key)) {
      return true;
    }
    if (recursive && Paths.isBelow(k, key) && !Paths.isHiddenBelow(key, k)) {
      return true;
    }
    return e.action().removesNode()
        && e.prevNode() != null
        && e.prevNode().dir()
        && Paths.isBelow(key, k);
  }
}
