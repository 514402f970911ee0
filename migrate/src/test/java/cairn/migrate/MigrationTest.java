package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.raft.HardState;
import cairn.raft.Snapshot;
import cairn.server.MemberIds;
import cairn.snap.Snapshotter;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import cairn.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrating the real 0.4 fixtures into Cairn data directories, and reading them back. */
class MigrationTest {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));
  private static final Instant LATER = Instant.parse("2026-11-25T12:00:00Z");

  @TempDir Path out;

  /** The store and WAL a node would start from. */
  private static Store open(Path memberDir, long memberId) throws IOException {
    Snapshot snapshot =
        new Snapshotter(FileSystem.SYSTEM, memberDir.resolve("snap"))
            .loadNewest()
            .snapshot()
            .orElseThrow();
    SnapshotMarker marker =
        new SnapshotMarker(snapshot.metadata().index(), snapshot.metadata().term());
    try (Wal wal =
        Wal.open(FileSystem.SYSTEM, memberDir.resolve("wal"), marker, WalOptions.DEFAULT)) {
      assertEquals(memberId, wal.contents().metadata().nodeId());
      assertEquals(new HardState(marker.term(), 0, marker.index()), wal.contents().hardState());
    }
    Store store = new Store(StoreConfig.DEFAULT, "/0", "/1");
    store.recover(snapshot.data());
    return store;
  }

  @Test
  void theCapturedSingleNodeMigratesAndReadsBack() throws IOException {
    Migration.Result result =
        Migration.run(FIXTURES.resolve("captured-v0.4.9/single/node0"), null, out, false);
    assertEquals("node0", result.name());
    assertEquals(353, result.index());
    assertEquals(1, result.term());
    Store store = open(out.resolve("member"), result.memberId());
    assertEquals("x2", store.get("/1/aftersecond", false, false, LATER).node().value());
    assertEquals("job3", store.get("/1/queue/32", false, false, LATER).node().value());
    assertEquals(
        "{\"name\":\"node0\",\"clientURLs\":[\"http://localhost:34001\"]}",
        store
            .get(
                "/0/members/" + MemberIds.hex(result.memberId()) + "/attributes",
                false,
                false,
                LATER)
            .node()
            .value());
  }

  @Test
  void theCapturedClusterMemberIsDetectedAndKeepsItsThreeMembers() throws IOException {
    Migration.Result result =
        Migration.run(FIXTURES.resolve("captured-v0.4.9/cluster/node0"), null, out, false);
    assertEquals("node0", result.name());
    // etcd 2.0's formula gives node0 fca37ec1d674c012 (migration-semantics.md §5.1).
    assertEquals("fca37ec1d674c012", MemberIds.hex(result.memberId()));
    assertEquals(3, result.members().size());
    Store store = open(out.resolve("member"), result.memberId());
    assertEquals("v3", store.get("/1/config/app", false, false, LATER).node().value());
  }

  @Test
  void anExistingResultIsNotOverwrittenWithoutForce() throws IOException {
    Path dir = FIXTURES.resolve("v0.4-tests-v1.solo/node0");
    Migration.run(dir, null, out, false);
    IOException refused =
        assertThrows(IOException.class, () -> Migration.run(dir, null, out, false));
    assertTrue(refused.getMessage().contains("pass --force"), refused.getMessage());
    Migration.run(dir, null, out, true);
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(out.resolve("member")), left.toList(), "nothing half-written is left");
    }
  }

  @Test
  void aLogWhoseOnlyMemberWasRemovedCannotBeMigrated() {
    IOException refused =
        assertThrows(IOException.class, () -> Migration.run(cmdlogDir(), "alice", out, false));
    assertTrue(refused.getMessage().contains("holds no member"), refused.getMessage());
  }

  private Path cmdlogDir() throws IOException {
    Path dir = out.resolve("cmdlog");
    Files.createDirectories(dir);
    Files.copy(FIXTURES.resolve("migrate-cmdlog/cmdlog"), dir.resolve("log"));
    return dir;
  }
}
