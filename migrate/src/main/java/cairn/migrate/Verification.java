package cairn.migrate;

import cairn.io.FileSystem;
import cairn.migrate.StoreNodes.StoreNode;
import cairn.raft.HardState;
import cairn.raft.Snapshot;
import cairn.snap.Snapshotter;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import cairn.wal.WalContents;
import cairn.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code --verify}: a migration's result, read back as a node reads it (the newest snapshot through
 * {@link Snapshotter}, the WAL through {@link Wal}, the store recovered from the snapshot),
 * compared with an independent replay of the 0.4 source. Every node counts, hidden ones included:
 * key, value, dir flag, TTL expiration, createdIndex and modifiedIndex; and so do the store's
 * index, the snapshot's index, term and voters, and the WAL's member, cluster and hard state.
 *
 * @param differences each difference in words, in path order
 * @param nodes how many nodes the replay of the source holds
 */
record Verification(List<String> differences, int nodes) {

  Verification {
    differences = List.copyOf(differences);
  }

  boolean identical() {
    return differences.isEmpty();
  }

  /** Compares the data dir written to {@code memberDir} with {@code replay}. */
  static Verification ofWritten(Path memberDir, Migration.Plan replay) throws IOException {
    Snapshot written =
        new Snapshotter(FileSystem.SYSTEM, memberDir.resolve("snap"))
            .loadNewest()
            .snapshot()
            .orElseThrow(() -> new IOException(memberDir.resolve("snap") + " holds no snapshot"));
    List<String> differences = new ArrayList<>();
    SnapshotMarker marker =
        new SnapshotMarker(written.metadata().index(), written.metadata().term());
    try (Wal wal =
        Wal.open(FileSystem.SYSTEM, memberDir.resolve("wal"), marker, WalOptions.DEFAULT)) {
      WalContents wc = wal.contents();
      SnapshotMarker expected =
          new SnapshotMarker(
              replay.snapshot().metadata().index(), replay.snapshot().metadata().term());
      differ(differences, "wal member ID", wc.metadata().nodeId(), replay.self().id());
      differ(differences, "wal cluster ID", wc.metadata().clusterId(), replay.clusterId());
      differ(
          differences,
          "wal hard state",
          wc.hardState(),
          new HardState(expected.term(), 0, expected.index()));
      differ(differences, "wal entries after the snapshot", wc.entries().size(), 0);
    }
    return compare(written, replay.snapshot(), differences);
  }

  /** Compares a snapshot not written (a dry run's) with {@code replay}. */
  static Verification of(Snapshot result, Migration.Plan replay) {
    return compare(result, replay.snapshot(), new ArrayList<>());
  }

  private static Verification compare(Snapshot result, Snapshot replay, List<String> differences) {
    differ(differences, "snapshot index", result.metadata().index(), replay.metadata().index());
    differ(differences, "snapshot term", result.metadata().term(), replay.metadata().term());
    differ(
        differences,
        "snapshot voters",
        result.metadata().confState(),
        replay.metadata().confState());
    Store written = recover(result.data());
    Store replayed = recover(replay.data());
    differ(differences, "store index", written.index(), replayed.index());
    List<StoreNode> got = StoreNodes.of(written.save());
    List<StoreNode> want = StoreNodes.of(replayed.save());
    int i = 0;
    int j = 0;
    while (i < got.size() || j < want.size()) {
      int order =
          i == got.size()
              ? 1
              : j == want.size() ? -1 : got.get(i).path().compareTo(want.get(j).path());
      if (order < 0) {
        differences.add(got.get(i++).path() + ": in the result, not in the replay of the source");
      } else if (order > 0) {
        differences.add(want.get(j++).path() + ": in the replay of the source, not in the result");
      } else {
        node(differences, got.get(i++), want.get(j++));
      }
    }
    return new Verification(differences, want.size());
  }

  private static void node(List<String> differences, StoreNode got, StoreNode want) {
    String at = got.path() + ": ";
    differ(differences, at + "dir", got.dir(), want.dir());
    differ(differences, at + "value", got.value(), want.value());
    differ(differences, at + "expiration", got.expiration(), want.expiration());
    differ(differences, at + "createdIndex", got.createdIndex(), want.createdIndex());
    differ(differences, at + "modifiedIndex", got.modifiedIndex(), want.modifiedIndex());
  }

  private static void differ(List<String> differences, String what, Object got, Object want) {
    if (!Objects.equals(got, want)) {
      differences.add(
          what
              + " "
              + quoted(got)
              + " in the result, "
              + quoted(want)
              + " in the replay of the source");
    }
  }

  private static String quoted(Object o) {
    return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
  }

  /** A store as the node recovers it (this also checks the snapshot's CRC and namespaces). */
  private static Store recover(byte[] data) {
    Store store =
        new Store(StoreConfig.DEFAULT, Migration.MEMBERS_NAMESPACE, Migration.KEYS_NAMESPACE);
    store.recover(data);
    return store;
  }
}
