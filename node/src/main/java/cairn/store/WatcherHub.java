package cairn.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The registered watchers by watched path, and the event history (etcd's {@code watcherHub}).
 *
 * <p>Thread-safety: the apply thread notifies; HTTP threads register and close watchers; all of it
 * is serialised on this object. Lock order: store lock, then hub, then a watcher.
 */
final class WatcherHub {

  private final HashMap<String, LinkedHashSet<Watcher>> watchers = new HashMap<>();
  private final int historyCapacity;
  private final int queueCapacity;
  private EventHistory history;
  private int count;

  /** Deliveries held back until {@link #release}; null when they go out at once. */
  private List<Runnable> held;

  WatcherHub(int historyCapacity, int queueCapacity, long nextIndex) {
    this.historyCapacity = historyCapacity;
    this.queueCapacity = queueCapacity;
    this.history = new EventHistory(historyCapacity, nextIndex);
  }

  /**
   * Registers a watcher; events already in the history from {@code sinceIndex} on are queued at
   * once (with their index set to {@code storeIndex}, as etcd does). A one-shot watcher served from
   * the history is never registered. A stream watcher gets every matching past event and then stays
   * registered for later ones (etcd 2 handed it the first past event only and then never registered
   * it, a bug we do not copy).
   *
   * @throws StoreException 401 when {@code sinceIndex} is older than the history
   */
  synchronized Watcher watch(
      String key, boolean recursive, boolean stream, long sinceIndex, long storeIndex) {
    List<Event> past;
    try {
      past = history.scan(key, recursive, sinceIndex, stream ? queueCapacity + 1 : 1);
    } catch (StoreException e) {
      throw new StoreException(e.errorCode(), e.errorCause(), storeIndex);
    }
    Watcher w = new Watcher(this, key, recursive, stream, sinceIndex, storeIndex, queueCapacity);
    for (Event e : past) {
      if (!w.offer(e.withIndex(storeIndex))) {
        w.finish(); // more past events than the queue holds: the client re-watches from the last
        return w;
      }
      w.sinceIndex = e.modifiedIndex() + 1;
    }
    if (!past.isEmpty() && !stream) {
      w.finish();
      return w;
    }
    w.registered = true;
    watchers.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(w);
    count++;
    return w;
  }

  /**
   * Holds deliveries back (events still enter the history at once) until {@link #release}: the
   * server answers the writes of a batch before it wakes the watchers, so that a write's answer is
   * not queued behind a thousand watchers' on the same event loops.
   */
  synchronized void hold() {
    if (held == null) {
      held = new ArrayList<>();
    }
  }

  /** Delivers what was held, in order, and stops holding. */
  synchronized void release() {
    List<Runnable> deliveries = held;
    held = null;
    if (deliveries != null) {
      for (Runnable delivery : deliveries) {
        delivery.run();
      }
    }
  }

  /** Records an event and notifies the watchers on its path and on every ancestor. */
  synchronized void notify(Event e) {
    history.add(e);
    if (count == 0) {
      return;
    }
    if (held != null) {
      held.add(() -> deliver(e));
      return;
    }
    deliver(e);
  }

  private void deliver(Event e) {
    String key = e.node().key();
    deliverAt(e, "/", false);
    int from = 1;
    while (from < key.length()) {
      int slash = key.indexOf('/', from);
      int end = slash < 0 ? key.length() : slash;
      deliverAt(e, key.substring(0, end), false);
      from = end + 1;
    }
  }

  /** Records an event without notifying anyone (a TTL refresh). */
  synchronized void addToHistory(Event e) {
    history.add(e);
  }

  /**
   * Notifies the watchers registered exactly at {@code path}. {@code deleted} marks the paths of a
   * removed subtree: their watchers get the removal event even when not recursive.
   */
  synchronized void notifyWatchers(Event e, String path, boolean deleted) {
    if (held != null) {
      held.add(() -> deliverAt(e, path, deleted));
      return;
    }
    deliverAt(e, path, deleted);
  }

  private void deliverAt(Event e, String path, boolean deleted) {
    LinkedHashSet<Watcher> set = watchers.get(path);
    if (set == null) {
      return;
    }
    String key = e.node().key();
    boolean originalPath = key.equals(path);
    if (!originalPath && Paths.isHiddenBelow(path, key)) {
      return;
    }
    long index = e.modifiedIndex();
    for (Iterator<Watcher> it = set.iterator(); it.hasNext(); ) {
      Watcher w = it.next();
      // sinceIndex moves past each delivered event, so a stream watcher reached twice by one
      // event (as the deleted node itself and on the event's path) gets it once; etcd 2 sent it
      // twice.
      if (!(w.recursive() || originalPath || deleted) || index < w.sinceIndex) {
        continue;
      }
      boolean queued = w.offer(e, !w.stream());
      w.sinceIndex = index + 1;
      if (!queued || !w.stream()) {
        it.remove();
        unregistered(w);
      }
    }
    if (set.isEmpty()) {
      watchers.remove(path);
    }
  }

  /** Unregisters and closes a watcher; nothing if it already was. */
  synchronized void remove(Watcher w) {
    if (w.registered) {
      LinkedHashSet<Watcher> set = watchers.get(w.key());
      set.remove(w);
      if (set.isEmpty()) {
        watchers.remove(w.key());
      }
      unregistered(w);
    } else {
      w.finish();
    }
  }

  private void unregistered(Watcher w) {
    w.registered = false;
    count--;
    w.finish();
  }

  /** True when no watcher is registered (the store then skips per-node notification walks). */
  synchronized boolean isEmpty() {
    return count == 0;
  }

  /** Registered watchers (the {@code watchers} stat). */
  synchronized int count() {
    return count;
  }

  synchronized long historyStartIndex() {
    return history.startIndex();
  }

  /**
   * After loading a snapshot: closes every watcher (their clients re-watch and, if their index is
   * now too old, get 401 and re-read) and restarts the history at {@code nextIndex}.
   */
  synchronized void reset(long nextIndex) {
    for (LinkedHashSet<Watcher> set : watchers.values()) {
      for (Watcher w : set) {
        w.registered = false;
        w.finish();
      }
    }
    watchers.clear();
    count = 0;
    history = new EventHistory(historyCapacity, nextIndex);
  }
}
