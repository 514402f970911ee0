package cairn.migrate;

import cairn.migrate.v04.Command04;
import cairn.migrate.v04.LogEntry04;
import cairn.store.NodeExtern;
import cairn.store.Paths;
import cairn.store.Store;
import cairn.store.StoreException;
import cairn.store.TtlOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays 0.4 log commands into a v2 store with 0.4's semantics (etcd-0.4-data-format.md §6–7), so
 * that the store's state and index counter end where a 0.4 member restarted on the same directory
 * would be. Commands that failed in 0.4 fail here the same way and change nothing. Membership is
 * kept as 0.4 kept it, in the {@code /_etcd} registry.
 */
final class Replay04 {

  /** 0.4's create and set paths took any expiry before 2000 as "permanent" (0.2's encoding). */
  static final Instant LEGACY_PERMANENT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");

  static final String MACHINES = "/_etcd/machines";
  static final String CLUSTER_CONFIG = "/_etcd/config";
  private static final int DEFAULT_ACTIVE_SIZE = 9;

  private final Store store;
  private final String prefix;
  private final List<String> notes = new ArrayList<>();
  private Instant clock = Instant.EPOCH;

  /** Replays into {@code store} as it is. */
  Replay04(Store store) {
    this(store, "");
  }

  /**
   * Replays into {@code store} with every 0.4 key under {@code prefix} (Cairn, as etcd 2, keeps the
   * user key space under {@code /1}).
   */
  Replay04(Store store, String prefix) {
    this.store = store;
    this.prefix = prefix;
  }

  /** The 0.4 key cleaned as 0.4 cleaned it ({@code path.Clean("/" + key)}), then prefixed. */
  private String k(String key) {
    return prefix + clean(key);
  }

  /** Go's {@code path.Clean("/" + key)}, as 0.4 cleaned keys. */
  static String clean(String key) {
    return Paths.clean("/" + key);
  }

  /** What the replay could not reproduce or skipped, in words for the operator. */
  List<String> notes() {
    return notes;
  }

  Store store() {
    return store;
  }

  void apply(LogEntry04 entry, Command04 command) {
    try {
      applyOrFail(entry, command);
    } catch (StoreException failed) {
      // The command failed in 0.4 too (the result only went back to the client): no change.
    }
  }

  /** Applies one command; a StoreException is the command failing as it failed in 0.4. */
  private void applyOrFail(LogEntry04 entry, Command04 command) {
    if (command instanceof Command04.Set c) {
      store.set(k(c.key()), c.dir(), c.dir() ? "" : c.value(), forCreate(c.expireTime()), clock);
    } else if (command instanceof Command04.Create c) {
      // 0.4 named a unique key by the next index without zero padding (etcd 2 pads to 20 digits).
      String key = k(c.unique() ? c.key() + "/" + (store.index() + 1) : c.key());
      store.create(key, c.dir(), c.dir() ? "" : c.value(), false, forCreate(c.expireTime()), clock);
    } else if (command instanceof Command04.Update c) {
      store.update(k(c.key()), c.value(), exact(c.expireTime()), clock);
    } else if (command instanceof Command04.CompareAndSwap c) {
      store.compareAndSwap(
          k(c.key()), c.prevValue(), c.prevIndex(), c.value(), exact(c.expireTime()), clock);
    } else if (command instanceof Command04.Delete c) {
      store.delete(k(c.key()), c.dir() || c.recursive(), c.recursive(), clock);
    } else if (command instanceof Command04.CompareAndDelete c) {
      store.compareAndDelete(k(c.key()), c.prevValue(), c.prevIndex(), clock);
    } else if (command instanceof Command04.Sync c) {
      if (c.time() != null) {
        clock = c.time();
        store.deleteExpiredKeys(c.time());
      }
    } else if (command instanceof Command04.Join c) {
      join(c);
    } else if (command instanceof Command04.Remove c) {
      if (exists(k(MACHINES + "/" + c.name()))) {
        store.delete(k(MACHINES + "/" + c.name()), false, false, clock);
      }
    } else if (command instanceof Command04.SetClusterConfig c) {
      setClusterConfig(c);
    } else if (command instanceof Command04.RaftInternal c) {
      if (!c.name().equals("raft:nop")) {
        notes.add(
            "entry "
                + entry.index()
                + ": "
                + c.name()
                + " has no effect on etcd 0.4's key space; skipped");
      }
    } else if (command instanceof Command04.Unknown c) {
      notes.add(
          "entry "
              + entry.index()
              + ": "
              + c.name()
              + " is not an etcd 0.4 command; skipped, as etcd 0.4 skipped it");
    }
    // Command04.Get: a quorum read, no change.
  }

  /** A join registers a member, or updates its peer URL when it rejoins with another one. */
  private void join(Command04.Join join) {
    String key = k(MACHINES + "/" + join.name());
    String value =
        "etcd="
            + URLEncoder.encode(join.etcdUrl(), StandardCharsets.UTF_8)
            + "&raft="
            + URLEncoder.encode(join.raftUrl(), StandardCharsets.UTF_8);
    List<NodeExtern> machines = machines();
    for (NodeExtern machine : machines) {
      String name = machine.key().substring(k(MACHINES).length() + 1);
      if (name.equals(join.name())) {
        if (!machine.value().equals(value)) {
          store.update(key, value, TtlOptions.PERMANENT, clock);
        }
        return;
      }
      if (machine
          .value()
          .endsWith("&raft=" + URLEncoder.encode(join.raftUrl(), StandardCharsets.UTF_8))) {
        notes.add(
            "join of " + join.name() + " refused by etcd 0.4: its peer URL belongs to " + name);
        return;
      }
    }
    if (machines.size() >= activeSize()) {
      notes.add(
          "join of " + join.name() + " refused by etcd 0.4: the cluster was full (a standby)");
      return;
    }
    store.create(key, false, value, false, TtlOptions.PERMANENT, clock);
  }

  private void setClusterConfig(Command04.SetClusterConfig config) {
    int activeSize = Math.max(3, config.activeSize());
    double removeDelay = Math.max(2, config.removeDelay());
    double syncInterval = Math.max(1, config.syncInterval());
    String json =
        "{\"activeSize\":"
            + activeSize
            + ",\"removeDelay\":"
            + goFloat(removeDelay)
            + ",\"syncInterval\":"
            + goFloat(syncInterval)
            + "}";
    store.set(k(CLUSTER_CONFIG), false, json, TtlOptions.PERMANENT, clock);
  }

  private int activeSize() {
    try {
      String json = store.get(k(CLUSTER_CONFIG), false, false, clock).node().value();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"activeSize\":(\\d+)").matcher(json);
      return m.find() ? Integer.parseInt(m.group(1)) : DEFAULT_ACTIVE_SIZE;
    } catch (StoreException e) {
      return DEFAULT_ACTIVE_SIZE;
    }
  }

  private List<NodeExtern> machines() {
    try {
      List<NodeExtern> nodes = store.get(k(MACHINES), false, true, clock).node().nodes();
      return nodes == null ? List.of() : nodes;
    } catch (StoreException e) {
      return List.of();
    }
  }

  private boolean exists(String key) {
    try {
      store.get(key, false, false, clock);
      return true;
    } catch (StoreException e) {
      return false;
    }
  }

  private static TtlOptions forCreate(Instant expire) {
    return expire == null || expire.isBefore(LEGACY_PERMANENT_BEFORE)
        ? TtlOptions.PERMANENT
        : TtlOptions.expireAt(expire);
  }

  private static TtlOptions exact(Instant expire) {
    return expire == null ? TtlOptions.PERMANENT : TtlOptions.expireAt(expire);
  }

  /** Go prints an integral float64 without a decimal point. */
  private static String goFloat(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
