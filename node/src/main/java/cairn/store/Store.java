package cairn.store;

import cairn.store.StatsCounters.Counter;
import cairn.util.Check;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The etcd v2 key store (etcd's {@code store}): a tree of keys and directories, one global index,
 * TTLs, watchers and statistics, with etcd 2's exact results and errors.
 *
 * <p><b>Determinism.</b> The store never reads a clock. Writes take the {@code now} of the applied
 * entry (used only to compute the {@code ttl} shown in results), TTL expiries are absolute, and
 * nodes expire only in {@link #deleteExpiredKeys}, applied from the leader's sync entries; so every
 * replica produces the same indexes and events.
 *
 * <p><b>Threads.</b> Writes are applied by one thread; gets, watch registration, stats and {@link
 * #freeze()} may run concurrently on other threads (a read-write lock, as etcd's {@code
 * worldLock}).
 *
 * <p>Every successful write takes the next index and produces one event; failed operations and
 * reads change nothing but the statistics. Paths are cleaned as Go's {@code path.Clean}.
 */
public final class Store {

  private final StoreConfig config;
  private final Set<String> readOnly;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final StatsCounters stats = new StatsCounters();
  private final WatcherHub hub;

  private Tree tree; // guarded by lock; replaced on recover

  /** An empty store with etcd's default limits and no namespaces. */
  public Store() {
    this(StoreConfig.DEFAULT);
  }

  /**
   * An empty store at index 0.
   *
   * @param namespaces directories created at index 0 that, like the root, cannot be written or
   *     deleted (the server's {@code /0} and {@code /1})
   */
  public Store(StoreConfig config, String... namespaces) {
    this.config = config;
    this.hub = new WatcherHub(config.eventHistoryCapacity(), config.watcherQueueCapacity(), 1);
    List<String> clean = new ArrayList<>();
    for (String ns : namespaces) {
      String p = Paths.clean(ns);
      Check.argument(
          !p.equals("/") && p.indexOf('/', 1) < 0, "namespace must be one segment: %s", ns);
      clean.add(p);
    }
    this.tree = new Tree(clean);
    Set<String> ro = new HashSet<>(clean);
    ro.add("/");
    this.readOnly = Set.copyOf(ro);
  }

  public StoreConfig config() {
    return config;
  }

  /** The index of the last applied write (etcd's {@code CurrentIndex}). */
  public long index() {
    lock.readLock().lock();
    try {
      return tree.index;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Reads a node. A directory lists its visible children (hidden ones, named {@code _…}, are left
   * out), expanded at every level when {@code recursive}. Listings are always sorted (etcd leaves
   * the order unspecified without {@code sorted}), so {@code sorted} changes nothing.
   *
   * @param now the reader's time, for the {@code ttl} fields
   * @throws StoreException 100 (missing), 104 (a path component is a key)
   */
  public Event get(String path, boolean recursive, boolean sorted, Instant now) {
    long nowNanos = Times.nanos(now);
    lock.readLock().lock();
    try {
      String p = Paths.clean(path);
      Node n = tree.get(p);
      Event e = new Event(Action.GET, n.load(p, recursive, nowNanos), null, tree.index, false);
      stats.inc(Counter.GET_SUCCESS);
      return e;
    } catch (StoreException e) {
      stats.inc(Counter.GET_FAIL);
      throw e;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * PUT without conditions: creates the node, or replaces an existing key with a new node (new
   * createdIndex). A refresh keeps the old value and does not notify watchers.
   *
   * @throws StoreException 107 (read-only), 104, 102 (target is a directory), 100 (refresh of a
   *     missing key)
   */
  public Event set(String path, boolean dir, String value, TtlOptions ttl, Instant now) {
    long nowNanos = checked(path, value, ttl, now);
    return write(
        Counter.SET_SUCCESS,
        Counter.SET_FAIL,
        () -> {
          String p = Paths.clean(path);
          Node existing = tree.lookup(p);
          if (existing == null && ttl.refresh()) {
            tree.get(p); // raises etcd's 100 with the first missing component
          }
          String v = ttl.refresh() && !existing.isDir() ? existing.value() : value;
          Event e = internalCreate(p, dir, v, false, true, ttl, Action.SET, nowNanos);
          return e;
        });
  }

  /**
   * PUT with {@code prevExist=false}, or POST when {@code unique}: creates a node that must not
   * exist. A unique node is named by its index, zero-padded to 20 digits, under {@code path}.
   *
   * @throws StoreException 107, 104 (a path component, or the POST target, is a key), 105 (exists)
   */
  public Event create(
      String path, boolean dir, String value, boolean unique, TtlOptions ttl, Instant now) {
    long nowNanos = checked(path, value, ttl, now);
    return write(
        Counter.CREATE_SUCCESS,
        Counter.CREATE_FAIL,
        () -> {
          Event e = internalCreate(path, dir, value, unique, false, ttl, Action.CREATE, nowNanos);
          return e;
        });
  }

  /**
   * PUT with {@code prevExist=true}: changes the value (keeps createdIndex) and the TTL of an
   * existing node. A directory accepts only an empty value (this is how its TTL changes).
   *
   * @throws StoreException 107, 100, 104, 102 (non-empty value for a directory)
   */
  public Event update(String path, String value, TtlOptions ttl, Instant now) {
    long nowNanos = checked(path, value, ttl, now);
    return write(
        Counter.UPDATE_SUCCESS,
        Counter.UPDATE_FAIL,
        () -> {
          String p = Paths.clean(path);
          checkWritable(p);
          Node n = tree.get(p);
          if (n.isDir() && !value.isEmpty()) {
            throw tree.error(ErrorCode.NOT_FILE, p);
          }
          long next = tree.index + 1;
          NodeExtern prev = n.repr(p, false, nowNanos);
          String v = ttl.refresh() && !n.isDir() ? n.value() : value;
          if (!n.isDir()) {
            // etcd's node.Write fails on a directory, so a directory keeps its modifiedIndex even
            // though the event reports the new index.
            n.setValue(v);
            n.modifiedIndex = next;
          }
          tree.setExpiry(n, expiry(ttl));
          NodeExtern node =
              new NodeExtern(
                  p,
                  n.isDir() ? null : v,
                  n.isDir(),
                  n.expiration(),
                  n.ttl(nowNanos),
                  null,
                  next,
                  n.createdIndex);
          tree.index = next;
          Event e = new Event(Action.UPDATE, node, prev, next, ttl.refresh());
          return e;
        });
  }

  /**
   * PUT with {@code prevValue} and/or {@code prevIndex}: replaces the value of a key whose value
   * and modifiedIndex match. An empty {@code prevValue} or a {@code prevIndex} of 0 is no
   * condition.
   *
   * @throws StoreException 107, 100, 104, 102 (directory), 101 (compare failed)
   */
  public Event compareAndSwap(
      String path, String prevValue, long prevIndex, String value, TtlOptions ttl, Instant now) {
    Objects.requireNonNull(prevValue, "prevValue");
    long nowNanos = checked(path, value, ttl, now);
    return write(
        Counter.CAS_SUCCESS,
        Counter.CAS_FAIL,
        () -> {
          String p = Paths.clean(path);
          checkWritable(p);
          Node n = tree.get(p);
          if (n.isDir()) {
            throw tree.error(ErrorCode.NOT_FILE, p);
          }
          compare(n, prevValue, prevIndex);
          long next = tree.index + 1;
          NodeExtern prev = n.repr(p, false, nowNanos);
          String v = ttl.refresh() ? n.value() : value;
          n.setValue(v);
          n.modifiedIndex = next;
          tree.setExpiry(n, expiry(ttl));
          tree.index = next;
          Event e =
              new Event(
                  Action.COMPARE_AND_SWAP, n.repr(p, false, nowNanos), prev, next, ttl.refresh());
          return e;
        });
  }

  /**
   * DELETE: removes a key; a directory only with {@code dir} (if empty) or {@code recursive} (which
   * implies {@code dir}; the whole subtree goes in one event).
   *
   * @throws StoreException 107, 100, 104, 102 (directory without dir), 108 (not empty)
   */
  public Event delete(String path, boolean dir, boolean recursive, Instant now) {
    long nowNanos = checked(path, "", TtlOptions.PERMANENT, now);
    return write(
        Counter.DELETE_SUCCESS,
        Counter.DELETE_FAIL,
        () -> {
          String p = Paths.clean(path);
          checkWritable(p);
          Node n = tree.get(p);
          if (n.isDir()) {
            if (!dir && !recursive) {
              throw tree.error(ErrorCode.NOT_FILE, p);
            }
            if (n.childCount() != 0 && !recursive) {
              throw tree.error(ErrorCode.DIR_NOT_EMPTY, p);
            }
          }
          long next = tree.index + 1;
          Event e =
              new Event(
                  Action.DELETE,
                  NodeExtern.removed(p, n.isDir(), next, n.createdIndex),
                  n.repr(p, false, nowNanos),
                  next,
                  false);
          tree.remove(n, p, watchersOf(e));
          tree.index = next;
          return e;
        });
  }

  /**
   * DELETE with {@code prevValue} and/or {@code prevIndex}: removes a key whose value and
   * modifiedIndex match. Like etcd there is no read-only check: the root fails as a directory.
   *
   * @throws StoreException 100, 104, 102 (directory), 101 (compare failed)
   */
  public Event compareAndDelete(String path, String prevValue, long prevIndex, Instant now) {
    Objects.requireNonNull(prevValue, "prevValue");
    long nowNanos = checked(path, "", TtlOptions.PERMANENT, now);
    return write(
        Counter.CAD_SUCCESS,
        Counter.CAD_FAIL,
        () -> {
          String p = Paths.clean(path);
          Node n = tree.get(p);
          if (n.isDir()) {
            throw tree.error(ErrorCode.NOT_FILE, p);
          }
          compare(n, prevValue, prevIndex);
          long next = tree.index + 1;
          Event e =
              new Event(
                  Action.COMPARE_AND_DELETE,
                  NodeExtern.removed(p, false, next, n.createdIndex),
                  n.repr(p, false, nowNanos),
                  next,
                  false);
          tree.remove(n, p, watchersOf(e));
          tree.index = next;
          return e;
        });
  }

  /**
   * Applies a sync entry: removes every node whose expiry is at or before {@code cutoff} (the
   * leader's clock), soonest first and by path on ties, each with its own index and {@code expire}
   * event. A directory's expiry removes its subtree in one event. As in etcd 2 the event's node
   * carries no {@code dir} flag; its {@code prevNode} does.
   *
   * @return the expire events, in index order
   */
  public List<Event> deleteExpiredKeys(Instant cutoff) {
    long cutoffNanos = Times.nanos(cutoff);
    lock.writeLock().lock();
    try {
      List<Event> out = new ArrayList<>();
      for (Node n = tree.nextToExpire();
          n != null && n.expireNanos <= cutoffNanos;
          n = tree.nextToExpire()) {
        long next = tree.index + 1;
        String p = n.path();
        Event e =
            new Event(
                Action.EXPIRE,
                NodeExtern.removed(p, false, next, n.createdIndex),
                n.repr(p, false, cutoffNanos),
                next,
                false);
        tree.remove(n, p, watchersOf(e));
        tree.index = next;
        stats.inc(Counter.EXPIRE_COUNT);
        publish(e);
        out.add(e);
      }
      return out;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Watches {@code key} (which need not exist), recursively for the keys below it when {@code
   * recursive}. {@code sinceIndex} 0 means the next change; an index in the past replays from the
   * history.
   *
   * @throws StoreException 401 when {@code sinceIndex} is older than the event history, with etcd's
   *     cause {@code the requested history has been cleared [start/sinceIndex]}
   */
  public Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex) {
    lock.readLock().lock();
    try {
      long since = sinceIndex == 0 ? tree.index + 1 : sinceIndex;
      return hub.watch(Paths.clean(key), recursive, stream, since, tree.index);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Holds watcher wake-ups back until {@link #releaseNotifications}; events still enter the history
   * at once, so a watch registered meanwhile sees them. For the applier: it answers the writes it
   * applied first, then wakes their watchers.
   */
  public void holdNotifications() {
    hub.hold();
  }

  /** Wakes, in order, the watchers of the events applied since {@link #holdNotifications}. */
  public void releaseNotifications() {
    hub.release();
  }

  /**
   * Whether any node has a TTL: only then can a sync entry ({@link #deleteExpiredKeys}) change
   * anything.
   */
  public boolean hasTtlKeys() {
    lock.readLock().lock();
    try {
      return tree.nextToExpire() != null;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The counters of {@code /v2/stats/store}, now. */
  public StoreStats stats() {
    return stats.snapshot(hub.count());
  }

  /**
   * The tree, TTLs and index as bytes (format in {@link StoreSnapshot}). The event history and the
   * statistics are not saved.
   */
  public byte[] save() {
    return freeze().encode();
  }

  /**
   * A copy of the tree, TTLs and index now, for {@link FrozenStore#encode} later on any thread: the
   * lock is held for the copy only (a few milliseconds at 100,000 keys, against over 100 for the
   * encoding), so the writes applied next do not wait for the snapshot's bytes.
   */
  public FrozenStore freeze() {
    lock.readLock().lock();
    try {
      return new FrozenStore(tree.copyOfRoot(), tree.index);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Replaces the whole state with a snapshot from {@link #save()} (etcd's {@code Recovery}). Open
   * watchers are closed and the history restarts after the snapshot's index, so a client watching
   * from an older index gets 401 and re-reads instead of silently missing events.
   *
   * @throws IllegalArgumentException if the bytes are not a valid snapshot
   */
  public void recover(byte[] snapshot) {
    StoreSnapshot.Decoded d = StoreSnapshot.decode(snapshot);
    lock.writeLock().lock();
    try {
      for (String ns : readOnly) {
        Check.argument(
            ns.equals("/") || d.root().child(Paths.base(ns)) != null,
            "snapshot lacks namespace %s",
            ns);
      }
      tree = new Tree(d.root(), d.index(), d.withTtl());
      hub.reset(tree.index + 1);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Number of nodes with a TTL (for tests and metrics). */
  int ttlCount() {
    lock.readLock().lock();
    try {
      return tree.ttlCount();
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- internals; callers hold the lock ----

  /**
   * Rejects null arguments before anything changes (a null found halfway through a write would
   * leave it half done) and returns {@code now} in nanoseconds.
   */
  /**
   * Runs one write under the write lock: publishes its event to watchers once it succeeded and
   * counts it as a success or a failure, whichever way it ends.
   */
  private Event write(Counter success, Counter failure, java.util.function.Supplier<Event> op) {
    lock.writeLock().lock();
    boolean ok = false;
    try {
      Event e = op.get();
      publish(e);
      ok = true;
      return e;
    } finally {
      stats.inc(success, failure, ok);
      lock.writeLock().unlock();
    }
  }

  private static long checked(String path, String value, TtlOptions ttl, Instant now) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    return Times.nanos(Objects.requireNonNull(now, "now"));
  }

  private void checkWritable(String p) {
    if (readOnly.contains(p)) {
      throw tree.error(ErrorCode.ROOT_READ_ONLY, "/");
    }
  }

  /** etcd's {@code internalCreate}, shared by set, create and POST. Does not notify. */
  private Event internalCreate(
      String path,
      boolean dir,
      String value,
      boolean unique,
      boolean replace,
      TtlOptions ttl,
      Action action,
      long nowNanos) {
    long next = tree.index + 1;
    String p = unique ? Paths.clean(path + "/" + String.format("%020d", next)) : Paths.clean(path);
    checkWritable(p);
    Node parent = tree.dirCreatingParents(Paths.parent(p), next);
    String name = Paths.base(p);
    Node existing = parent.child(name);
    NodeExtern prev = null;
    if (existing != null) {
      if (!replace) {
        throw tree.error(ErrorCode.NODE_EXIST, p);
      }
      if (existing.isDir()) {
        throw tree.error(ErrorCode.NOT_FILE, p);
      }
      prev = existing.repr(p, false, nowNanos);
      tree.remove(existing, p, null); // replaced silently: the set event tells the watchers
    }
    Node n = dir ? Node.newDir(name, parent, next) : Node.newKey(name, parent, next, value);
    parent.addChild(n);
    tree.setExpiry(n, expiry(ttl));
    tree.index = next;
    NodeExtern node =
        new NodeExtern(
            p, dir ? null : value, dir, n.expiration(), n.ttl(nowNanos), null, next, next);
    return new Event(action, node, prev, next, ttl.refresh() && action == Action.SET);
  }

  /** etcd's {@code Compare} and {@code getCompareFailCause}: 101 with etcd's cause text. */
  private void compare(Node n, String prevValue, long prevIndex) {
    boolean indexMatch = prevIndex == 0 || n.modifiedIndex == prevIndex;
    boolean valueMatch = prevValue.isEmpty() || n.value().equals(prevValue);
    if (indexMatch && valueMatch) {
      return;
    }
    String cause;
    if (valueMatch) {
      cause = "[" + prevIndex + " != " + n.modifiedIndex + "]";
    } else if (indexMatch) {
      cause = "[" + prevValue + " != " + n.value() + "]";
    } else {
      cause =
          "[" + prevValue + " != " + n.value() + "] [" + prevIndex + " != " + n.modifiedIndex + "]";
    }
    throw tree.error(ErrorCode.TEST_FAILED, cause);
  }

  private static long expiry(TtlOptions ttl) {
    return ttl.expireTime() == null ? Node.PERMANENT : Times.nanos(ttl.expireTime());
  }

  /** etcd's delete callback: the watchers on each removed path get the removal event. */
  private Consumer<String> watchersOf(Event e) {
    return hub.isEmpty() ? null : path -> hub.notifyWatchers(e, path, true);
  }

  /** Notifies watchers, or for a refresh only records the event (watchers are not told). */
  private void publish(Event e) {
    if (e.refresh()) {
      hub.addToHistory(e);
    } else {
      hub.notify(e);
    }
  }
}
