package cairn.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately simple reference model of etcd 2's store for the property test: a flat sorted map
 * from full path to node, written straight from the specification (docs/v2-http-api.md §5–§8) and
 * sharing no code with {@link Store} beyond the result records and {@link ErrorCode}.
 */
final class ModelStore {

  /** A node of the model. */
  static final class M {
    final boolean dir;
    String value;
    final long created;
    long modified;
    Instant expire;

    M(boolean dir, String value, long created, Instant expire) {
      this.dir = dir;
      this.value = value;
      this.created = created;
      this.modified = created;
      this.expire = expire;
    }
  }

  final TreeMap<String, M> nodes = new TreeMap<>();
  long index;
  final List<Event> log = new ArrayList<>();
  final long[] counts = new long[15];

  // ---- paths ----

  static String parentOf(String p) {
    int i = p.lastIndexOf('/');
    return i == 0 ? "/" : p.substring(0, i);
  }

  static String nameOf(String p) {
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String child(String parent, String name) {
    return parent.equals("/") ? "/" + name : parent + "/" + name;
  }

  static boolean strictlyBelow(String p, String ancestor) {
    return ancestor.equals("/") ? !p.equals("/") : p.startsWith(ancestor + "/");
  }

  /** Ancestors from the top, excluding the root and p itself. */
  static List<String> ancestors(String p) {
    List<String> out = new ArrayList<>();
    for (String a = parentOf(p); !a.equals("/"); a = parentOf(a)) {
      out.add(0, a);
    }
    return out;
  }

  boolean isDir(String p) {
    return p.equals("/") || (nodes.containsKey(p) && nodes.get(p).dir);
  }

  List<String> childrenOf(String p) {
    List<String> out = new ArrayList<>();
    for (String k : nodes.keySet()) {
      if (strictlyBelow(k, p) && parentOf(k).equals(p)) {
        out.add(k);
      }
    }
    return out; // TreeMap order equals byte order for the ASCII keys the test uses
  }

  // ---- views ----

  static long ttl(Instant expire, Instant now) {
    if (expire == null) {
      return 0;
    }
    long left =
        (expire.getEpochSecond() - now.getEpochSecond()) * 1_000_000_000L
            + (expire.getNano() - now.getNano());
    return left > 0 ? (left + 999_999_999L) / 1_000_000_000L : -((-left) / 1_000_000_000L);
  }

  NodeExtern repr(String p, boolean listChildren, boolean recursive, Instant now) {
    if (p.equals("/")) {
      return new NodeExtern("/", null, true, null, 0, list(p, recursive, now), 0, 0);
    }
    M m = nodes.get(p);
    List<NodeExtern> kids = m.dir && listChildren ? list(p, recursive, now) : null;
    return new NodeExtern(
        p,
        m.dir ? null : m.value,
        m.dir,
        m.expire,
        ttl(m.expire, now),
        kids,
        m.modified,
        m.created);
  }

  private List<NodeExtern> list(String p, boolean recursive, Instant now) {
    List<NodeExtern> out = new ArrayList<>();
    for (String c : childrenOf(p)) {
      if (!nameOf(c).startsWith("_")) {
        out.add(repr(c, recursive, recursive, now));
      }
    }
    return out;
  }

  // ---- errors ----

  private StoreException err(ErrorCode code, String cause) {
    return new StoreException(code, cause, index);
  }

  /** Walks to p: 104 at the first key on the way, 100 at the first missing path. */
  private void find(String p) {
    String cur = "/";
    for (String a : ancestors(p)) {
      if (!nodes.containsKey(a)) {
        throw err(ErrorCode.KEY_NOT_FOUND, a);
      }
      cur = a;
      if (!isDir(cur)) {
        break;
      }
    }
    if (!p.equals("/") && !isDir(cur)) {
      throw err(ErrorCode.NOT_DIR, cur);
    }
    if (!p.equals("/") && !nodes.containsKey(p)) {
      throw err(ErrorCode.KEY_NOT_FOUND, p);
    }
  }

  private void compare(M m, String prevValue, long prevIndex) {
    boolean v = prevValue.isEmpty() || prevValue.equals(m.value);
    boolean i = prevIndex == 0 || prevIndex == m.modified;
    if (!v && !i) {
      throw err(
          ErrorCode.TEST_FAILED,
          "[" + prevValue + " != " + m.value + "] [" + prevIndex + " != " + m.modified + "]");
    }
    if (!v) {
      throw err(ErrorCode.TEST_FAILED, "[" + prevValue + " != " + m.value + "]");
    }
    if (!i) {
      throw err(ErrorCode.TEST_FAILED, "[" + prevIndex + " != " + m.modified + "]");
    }
  }

  // ---- operations ----

  Event get(String p, boolean recursive, Instant now) {
    try {
      find(p);
      counts[0]++;
      return new Event(Action.GET, repr(p, true, recursive, now), null, index, false);
    } catch (StoreException e) {
      counts[1]++;
      throw e;
    }
  }

  Event set(String p, boolean dir, String value, TtlOptions ttl, Instant now) {
    return counted(
        2,
        () -> {
          M existing = null;
          try {
            find(p);
            existing = p.equals("/") ? null : nodes.get(p);
          } catch (StoreException e) {
            if (e.errorCode() != ErrorCode.KEY_NOT_FOUND || ttl.refresh()) {
              throw e;
            }
          }
          String v = ttl.refresh() && existing != null && !existing.dir ? existing.value : value;
          return put(p, dir, v, true, Action.SET, ttl, ttl.refresh(), now);
        });
  }

  Event create(String p, boolean dir, String value, boolean unique, TtlOptions ttl, Instant now) {
    return counted(
        8,
        () -> {
          String path = unique ? child(p, String.format("%020d", index + 1)) : p;
          return put(path, dir, value, false, Action.CREATE, ttl, false, now);
        });
  }

  private Event put(
      String p,
      boolean dir,
      String value,
      boolean replace,
      Action action,
      TtlOptions ttl,
      boolean refresh,
      Instant now) {
    if (p.equals("/")) {
      throw err(ErrorCode.ROOT_READ_ONLY, "/");
    }
    for (String a : ancestors(p)) {
      if (nodes.containsKey(a) && !nodes.get(a).dir) {
        throw err(ErrorCode.NOT_DIR, a);
      }
    }
    NodeExtern prev = null;
    M old = nodes.get(p);
    if (old != null) {
      if (!replace) {
        throw err(ErrorCode.NODE_EXIST, p);
      }
      if (old.dir) {
        throw err(ErrorCode.NOT_FILE, p);
      }
      prev = repr(p, false, false, now);
    }
    long next = index + 1;
    for (String a : ancestors(p)) {
      nodes.putIfAbsent(a, new M(true, null, next, null));
    }
    M m = new M(dir, dir ? null : value, next, ttl.expireTime());
    nodes.put(p, m);
    index = next;
    return record(new Event(action, repr(p, false, false, now), prev, next, refresh));
  }

  Event update(String p, String value, TtlOptions ttl, Instant now) {
    return counted(
        6,
        () -> {
          if (p.equals("/")) {
            throw err(ErrorCode.ROOT_READ_ONLY, "/");
          }
          find(p);
          M m = nodes.get(p);
          if (m.dir && !value.isEmpty()) {
            throw err(ErrorCode.NOT_FILE, p);
          }
          NodeExtern prev = repr(p, false, false, now);
          long next = index + 1;
          if (!m.dir) {
            m.value = ttl.refresh() ? m.value : value;
            m.modified = next;
          }
          m.expire = ttl.expireTime();
          index = next;
          NodeExtern node =
              new NodeExtern(
                  p, m.value, m.dir, m.expire, ttl(m.expire, now), null, next, m.created);
          return record(new Event(Action.UPDATE, node, prev, next, ttl.refresh()));
        });
  }

  Event compareAndSwap(
      String p, String prevValue, long prevIndex, String value, TtlOptions ttl, Instant now) {
    return counted(
        10,
        () -> {
          if (p.equals("/")) {
            throw err(ErrorCode.ROOT_READ_ONLY, "/");
          }
          find(p);
          M m = nodes.get(p);
          if (m.dir) {
            throw err(ErrorCode.NOT_FILE, p);
          }
          compare(m, prevValue, prevIndex);
          NodeExtern prev = repr(p, false, false, now);
          index++;
          m.value = ttl.refresh() ? m.value : value;
          m.modified = index;
          m.expire = ttl.expireTime();
          return record(
              new Event(
                  Action.COMPARE_AND_SWAP, repr(p, false, false, now), prev, index, ttl.refresh()));
        });
  }

  Event delete(String p, boolean dir, boolean recursive, Instant now) {
    return counted(
        4,
        () -> {
          if (p.equals("/")) {
            throw err(ErrorCode.ROOT_READ_ONLY, "/");
          }
          find(p);
          M m = nodes.get(p);
          if (m.dir && !dir && !recursive) {
            throw err(ErrorCode.NOT_FILE, p);
          }
          if (m.dir && !recursive && !childrenOf(p).isEmpty()) {
            throw err(ErrorCode.DIR_NOT_EMPTY, p);
          }
          return removal(Action.DELETE, p, m.dir, now);
        });
  }

  Event compareAndDelete(String p, String prevValue, long prevIndex, Instant now) {
    return counted(
        12,
        () -> {
          find(p);
          if (isDir(p)) {
            throw err(ErrorCode.NOT_FILE, p);
          }
          compare(nodes.get(p), prevValue, prevIndex);
          return removal(Action.COMPARE_AND_DELETE, p, false, now);
        });
  }

  /** Expires the first due node, if any: a list of zero or one event. */
  List<Event> deleteExpiredKeysOne(Instant cutoff) {
    List<Event> out = new ArrayList<>();
    {
      String first = null;
      for (Map.Entry<String, M> e : nodes.entrySet()) {
        Instant x = e.getValue().expire;
        if (x != null && !x.isAfter(cutoff)) {
          if (first == null || x.isBefore(nodes.get(first).expire)) {
            first = e.getKey(); // the TreeMap's order breaks ties by path
          }
        }
      }
      if (first == null) {
        return out;
      }
      counts[14]++;
      out.add(removal(Action.EXPIRE, first, false, cutoff));
    }
    return out;
  }

  /** Paths removed by the last removal event, for the watcher expectations. */
  List<String> lastRemoved = List.of();

  private Event removal(Action action, String p, boolean dirFlag, Instant now) {
    M m = nodes.get(p);
    NodeExtern prev = repr(p, false, false, now);
    index++;
    List<String> removed = new ArrayList<>();
    for (String k : new ArrayList<>(nodes.keySet())) {
      if (k.equals(p) || strictlyBelow(k, p)) {
        removed.add(k);
        nodes.remove(k);
      }
    }
    lastRemoved = removed;
    NodeExtern node = new NodeExtern(p, null, dirFlag, null, 0, null, index, m.created);
    return record(new Event(action, node, prev, index, false));
  }

  private Event record(Event e) {
    log.add(e);
    return e;
  }

  private interface Op {
    Event run();
  }

  private Event counted(int successSlot, Op op) {
    try {
      Event e = op.run();
      counts[successSlot]++;
      return e;
    } catch (StoreException e) {
      counts[successSlot + 1]++;
      throw e;
    }
  }

  StoreStats stats(long watchers) {
    long[] c = counts;
    return new StoreStats(
        c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13],
        c[14], watchers);
  }
}
