package cairn.store;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A watch on a key or, recursively, on a prefix (etcd's {@code watcher}). The apply thread queues
 * events; an HTTP thread takes them with {@link #poll()} (or waits with {@link #poll(long,
 * TimeUnit)}, or registers a {@link #setListener listener} to be told when to poll).
 *
 * <p>A one-shot watcher receives one event and is then closed. A stream watcher receives every
 * matching event until it is closed. The queue is bounded: when an event finds it full the watcher
 * is removed and closed (as etcd drops a slow watcher), so a watcher nobody reads cannot grow
 * memory; the client re-watches from the last index it saw. The client going away must call {@link
 * #close()}, which unregisters the watcher.
 *
 * <p>Events already queued stay readable after the watcher is closed; {@code poll} returns {@code
 * null} when the queue is empty, and {@link #isClosed()} then says whether more can come.
 */
public final class Watcher implements AutoCloseable {

  private final WatcherHub hub;
  private final String key;
  private final boolean recursive;
  private final boolean stream;
  private final long startIndex;
  private final int capacity;

  // Guarded by the hub: the next event index of interest, and membership in the hub.
  long sinceIndex;
  boolean registered;

  // Guarded by this.
  private final ArrayDeque<Event> queue = new ArrayDeque<>(2);
  private boolean closed;
  private boolean overflowed;
  private Runnable listener;

  Watcher(
      WatcherHub hub,
      String key,
      boolean recursive,
      boolean stream,
      long sinceIndex,
      long startIndex,
      int capacity) {
    this.hub = hub;
    this.key = key;
    this.recursive = recursive;
    this.stream = stream;
    this.sinceIndex = sinceIndex;
    this.startIndex = startIndex;
    this.capacity = capacity;
  }

  /** The watched key (clean store path). */
  public String key() {
    return key;
  }

  public boolean recursive() {
    return recursive;
  }

  public boolean stream() {
    return stream;
  }

  /**
   * The store index when the watcher was registered: etcd's {@code X-Etcd-Index} of a watch
   * response, whatever event is delivered.
   */
  public long startIndex() {
    return startIndex;
  }

  /** The next queued event, or {@code null} if none is queued now. */
  public synchronized Event poll() {
    return queue.poll();
  }

  /**
   * The next event, waiting up to {@code timeout} for one; {@code null} on timeout or when the
   * watcher is closed and drained.
   */
  public synchronized Event poll(long timeout, TimeUnit unit) throws InterruptedException {
    // The consumer's own wait; nothing in the store's state depends on it.
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (queue.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return queue.poll();
  }

  /** True once no more events will be queued (delivered one-shot, overflowed, or closed). */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** True when the watcher was dropped because its queue was full. */
  public synchronized boolean overflowed() {
    return overflowed;
  }

  /**
   * Sets the callback run whenever an event is queued or the watcher closes (run at once if either
   * already happened). It runs on the apply thread with the hub locked, so it must only hand off
   * (e.g. schedule a read on the connection's event loop), never block or call the store.
   */
  public void setListener(Runnable listener) {
    boolean ready;
    synchronized (this) {
      this.listener = listener;
      ready = closed || !queue.isEmpty();
    }
    // Run outside our lock: a listener that closes the watcher takes the hub's lock, which must
    // never be taken while holding a watcher's (the apply thread takes hub, then watcher).
    if (listener != null && ready) {
      listener.run();
    }
  }

  /**
   * Unregisters the watcher (the client went away); idempotent. A watcher that is already closed is
   * no longer registered (the hub unregisters before it finishes), so closing it again does not
   * wait for the hub: a one-shot watch ending on an event loop while the apply thread still holds
   * the hub, notifying the other watchers of the same write, would otherwise queue up behind it.
   */
  @Override
  public void close() {
    if (isClosed()) {
      return;
    }
    hub.remove(this);
  }

  /** Queues an event; false when the queue is full (the hub then drops the watcher). */
  boolean offer(Event e) {
    return offer(e, false);
  }

  /**
   * Queues an event and, if it is the {@code last} one (a one-shot watcher's), closes the watcher
   * with it: one wake-up for both. False when the queue is full (the hub then drops the watcher).
   *
   * <p>The listener runs after this watcher's lock is released. Run inside it, it handed the drain
   * to an event loop that at once blocked on the same lock while the apply thread went on to close
   * the watcher: a lock hand-off per one-shot watcher, and a write's hundred watchers on a member
   * were answered over 5-20 ms instead of about one.
   */
  boolean offer(Event e, boolean last) {
    Runnable wake;
    synchronized (this) {
      if (closed) {
        return true;
      }
      if (queue.size() >= capacity) {
        overflowed = true;
        return false;
      }
      queue.add(e);
      closed = last;
      wake = signal();
    }
    run(wake);
    return true;
  }

  void finish() {
    Runnable wake;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      wake = signal();
    }
    run(wake);
  }

  /** Wakes pollers; returns the listener, to be run once the lock is released. Under the lock. */
  private Runnable signal() {
    notifyAll();
    return listener;
  }

  private static void run(Runnable wake) {
    if (wake != null) {
      wake.run();
    }
  }
}
