package cairn.server;

import cairn.io.FileSystem;
import cairn.raft.ConfChange;
import cairn.raft.ConfChangeType;
import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.HardState;
import cairn.raft.MemoryStorage;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.snap.Snapshotter;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import cairn.wal.WalCorruptException;
import cairn.wal.WalMetadata;
import cairn.wal.WalOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a member starts from: the open WAL, the Raft log in memory, the store at the snapshot, and
 * the IDs. {@link #open} restarts from the data dir or bootstraps a new one-member cluster.
 *
 * @param applied the index the store holds (the snapshot's)
 * @param notes what happened on the way (repairs, skipped snapshots), for the log
 */
record DurableState(
    Wal wal,
    MemoryStorage storage,
    Store store,
    Snapshotter snapshotter,
    long memberId,
    long clusterId,
    long applied,
    ConfState confState,
    boolean restarted,
    List<String> notes) {

  static Store newStore() {
    return new Store(StoreConfig.DEFAULT, "/0", Namespace.KEYS);
  }

  static DurableState open(FileSystem fs, ServerConfig config) throws IOException {
    Snapshotter snapshotter = new Snapshotter(fs, config.snapDir());
    if (Wal.exists(fs, config.walDir())) {
      DurableState restarted = restart(fs, config, snapshotter);
      return config.forceNewCluster() ? restarted.forcedNewCluster() : restarted;
    }
    if (config.memberId() == 0) {
      throw new IOException(
          "no WAL in " + config.walDir() + " and no member ID to start a new member with");
    }
    if (config.join()) {
      return join(fs, config, snapshotter);
    }
    return bootstrap(fs, config, snapshotter);
  }

  /**
   * A new cluster: the snapshot at index 1, term 1 carrying the membership (as {@link
   * MemoryStorage#bootstrapped}, the members' peer URLs in the store under {@code /0}) is saved as
   * a file with its marker in the WAL, so that a restart finds the membership exactly as any later
   * snapshot. Every member of the initial cluster builds the same snapshot.
   */
  private static DurableState bootstrap(FileSystem fs, ServerConfig config, Snapshotter snapshotter)
      throws IOException {
    Store store = newStore();
    List<Long> raftIds = new ArrayList<>();
    for (Member m : config.initialCluster()) {
      Membership.add(store, m.id(), m.peerUrls(), java.time.Instant.EPOCH);
      raftIds.add(RaftIds.of(m.id()));
    }
    raftIds.sort(null);
    ConfState voters = new ConfState(raftIds);
    MemoryStorage storage = MemoryStorage.bootstrapped(voters, store.save());
    Wal wal = createWal(fs, config);
    try {
      snapshotter.save(storage.snapshot());
      wal.saveSnapshot(new SnapshotMarker(1, 1));
      wal.append(storage.hardState(), List.of());
    } catch (IOException | RuntimeException e) {
      wal.close();
      throw e;
    }
    return new DurableState(
        wal,
        storage,
        store,
        snapshotter,
        config.memberId(),
        config.clusterId(),
        1,
        voters,
        false,
        List.of());
  }

  /**
   * A member added to a running cluster: an empty log and no membership; the leader brings it up to
   * date with a snapshot. Only the WAL (with the IDs) is written here.
   */
  private static DurableState join(FileSystem fs, ServerConfig config, Snapshotter snapshotter)
      throws IOException {
    Wal wal = createWal(fs, config);
    return new DurableState(
        wal,
        new MemoryStorage(),
        newStore(),
        snapshotter,
        config.memberId(),
        config.clusterId(),
        0,
        ConfState.EMPTY,
        false,
        List.of());
  }

  /** A new WAL that records this member's and its cluster's IDs. */
  private static Wal createWal(FileSystem fs, ServerConfig config) throws IOException {
    return Wal.create(
        fs,
        config.walDir(),
        new WalMetadata(config.memberId(), config.clusterId()),
        WalOptions.DEFAULT);
  }

  private static DurableState restart(FileSystem fs, ServerConfig config, Snapshotter snapshotter)
      throws IOException {
    List<String> notes = new ArrayList<>();
    if (snapshotter.list().isEmpty()) {
      // No snapshot file at all: a member that joined a cluster and stopped before the leader's
      // snapshot reached it. Its WAL starts at index 0.
      Wal fresh = openAt(fs, config, SnapshotMarker.ZERO);
      if (fresh != null) {
        return fromWal(fresh, Snapshot.EMPTY, snapshotter, notes);
      }
    }
    // Only a snapshot the WAL has a marker for is usable: a file without one may be newer than
    // what the WAL reached durably. Opening is the check (the WAL has no index of its markers),
    // and the WAL opened for the snapshot that passes is the one kept: it is read once.
    AtomicReference<Wal> opened = new AtomicReference<>();
    Snapshotter.Loaded loaded =
        snapshotter.loadNewest(
            md -> {
              opened.set(openAt(fs, config, marker(md)));
              return opened.get() != null;
            });
    notes.addAll(loaded.warnings());
    if (loaded.snapshot().isEmpty()) {
      throw new IOException(
          "no usable snapshot in " + config.snapDir() + " for the WAL in " + config.walDir());
    }
    return fromWal(opened.get(), loaded.snapshot().get(), snapshotter, notes);
  }

  /**
   * The state at {@code snap} (empty: the log from its start) plus the WAL's hard state and
   * entries; the WAL is closed if that fails.
   */
  private static DurableState fromWal(
      Wal wal, Snapshot snap, Snapshotter snapshotter, List<String> notes) {
    try {
      notes.addAll(wal.contents().repairs());
      Store store = newStore();
      MemoryStorage storage = new MemoryStorage();
      if (!snap.isEmpty()) {
        store.recover(snap.data());
        storage.applySnapshot(snap);
      }
      HardState hs = wal.contents().hardState();
      if (!hs.isEmpty()) {
        storage.setHardState(hs);
      }
      storage.append(wal.contents().entries());
      return new DurableState(
          wal,
          storage,
          store,
          snapshotter,
          wal.contents().metadata().nodeId(),
          wal.contents().metadata().clusterId(),
          snap.metadata().index(),
          snap.isEmpty() ? ConfState.EMPTY : snap.metadata().confState(),
          true,
          notes);
    } catch (RuntimeException e) {
      try {
        wal.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * etcd's {@code --force-new-cluster} (restartAsStandaloneNode): entries after the commit index
   * are discarded, and the removal of every other member (plus the addition of this one, when a
   * backup gave it a new ID) is appended and committed, so that the member restarts as a one-member
   * cluster with all committed data. The entries are written to the WAL before use.
   */
  private DurableState forcedNewCluster() throws IOException {
    List<String> out = new ArrayList<>(notes);
    HardState hs = storage.hardState();
    long commit = hs.commit();
    if (storage.lastIndex() > commit) {
      out.add("discarding " + (storage.lastIndex() - commit) + " uncommitted WAL entries");
    }
    java.util.Set<Long> ids = new java.util.LinkedHashSet<>();
    Membership.members(store).forEach(m -> ids.add(m.id()));
    if (commit > applied) {
      for (Entry e : storage.entries(applied + 1, commit + 1, Long.MAX_VALUE)) {
        if (e.type() == EntryType.CONF_CHANGE && e.data().length > 0) {
          ConfChange cc = ConfChange.decode(e.data());
          long id = EntryCodec.MemberChange.decode(cc.context()).memberId();
          if (cc.type() == ConfChangeType.ADD_NODE) {
            ids.add(id);
          } else {
            ids.remove(id);
          }
        }
      }
    }
    List<Entry> forced = new ArrayList<>();
    long index = commit;
    for (long id : ids) {
      if (id != memberId) {
        forced.add(change(ConfChangeType.REMOVE_NODE, id, List.of(), hs.term(), ++index));
      }
    }
    if (!ids.contains(memberId)) {
      forced.add(
          change(
              ConfChangeType.ADD_NODE,
              memberId,
              List.of("http://localhost:2380", "http://localhost:7001"),
              hs.term(),
              ++index));
    }
    HardState forcedState = new HardState(hs.term(), hs.vote(), index);
    wal.append(forcedState, forced);
    storage.append(forced);
    storage.setHardState(forcedState);
    out.add(
        "forcing restart of member "
            + MemberIds.hex(memberId)
            + " in cluster "
            + MemberIds.hex(clusterId)
            + " at commit index "
            + index);
    return new DurableState(
        wal, storage, store, snapshotter, memberId, clusterId, applied, confState, true, out);
  }

  private static Entry change(
      ConfChangeType type, long memberId, List<String> peerUrls, long term, long index) {
    byte[] context = new EntryCodec.MemberChange(0, memberId, peerUrls).encode();
    return new Entry(
        term,
        index,
        EntryType.CONF_CHANGE,
        new ConfChange(type, RaftIds.of(memberId), context).encode());
  }

  private static SnapshotMarker marker(SnapshotMetadata md) {
    return new SnapshotMarker(md.index(), md.term());
  }

  /** The WAL opened at {@code marker}, or null when it has no record of that snapshot. */
  private static Wal openAt(FileSystem fs, ServerConfig config, SnapshotMarker marker) {
    try {
      return Wal.open(fs, config.walDir(), marker, WalOptions.DEFAULT);
    } catch (WalCorruptException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
