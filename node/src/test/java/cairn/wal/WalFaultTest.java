package cairn.wal;

import static cairn.wal.WalTestData.METADATA;
import static cairn.wal.WalTestData.entries;
import static cairn.wal.WalTestData.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FaultInjectingFileSystem;
import cairn.io.FileSystem;
import cairn.raft.HardState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk misbehaving under the WAL: each fault with its expected outcome. */
class WalFaultTest {

  private static final WalOptions OPTIONS = new WalOptions(64 << 10, 1 << 20);

  @TempDir Path dir;

  @Test
  void shortWritesAreCompletedAndNothingIsLost() throws IOException {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem().shortWrites(7);
    try (Wal wal = Wal.create(fs, dir, METADATA, OPTIONS)) {
      wal.append(new HardState(1, 1, 3), entries(1, 1, 30));
    }
    assertTrue(fs.writeCalls() > 100, "writes were short: " + fs.writeCalls());
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)) {
      assertEquals(entries(1, 1, 30), wal.contents().entries());
      assertEquals(new HardState(1, 1, 3), wal.contents().hardState());
    }
  }

  @Test
  void aFullDiskFailsTheAppendAndEveryLaterOneAndKeepsWhatWasAcknowledged() throws IOException {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    try (Wal wal = Wal.create(fs, dir, METADATA, OPTIONS)) {
      wal.append(HardState.EMPTY, entries(1, 1, 10));
      wal.awaitNextSegmentPrepared(); // so that the full disk hits this append, not the background
      fs.diskFullAfter(100);
      WalFailedException full =
          assertThrows(
              WalFailedException.class, () -> wal.append(HardState.EMPTY, entries(1, 11, 20)));
      assertTrue(full.getMessage().contains("No space left on device"), full.getMessage());
      fs.diskFullAfter(Long.MAX_VALUE); // space again: the WAL must still refuse
      assertThrows(
          WalFailedException.class, () -> wal.append(HardState.EMPTY, List.of(entry(1, 11))));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)) {
      assertEquals(entries(1, 1, 10), wal.contents().entries());
      assertEquals(1, wal.contents().repairs().size(), "the partial write is cut away");
    }
  }

  @Test
  void aFailedSyncIsNeverRetriedAndStopsTheWal() throws IOException {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    try (Wal wal = Wal.create(fs, dir, METADATA, OPTIONS)) {
      wal.append(HardState.EMPTY, entries(1, 1, 5));
      wal.awaitNextSegmentPrepared(); // its sync is done: every sync from here is the append's
      fs.failSyncs();
      int syncsBefore = fs.syncCalls();
      WalFailedException failed =
          assertThrows(
              WalFailedException.class, () -> wal.append(HardState.EMPTY, entries(1, 6, 8)));
      assertTrue(failed.getMessage().contains("the node must stop"), failed.getMessage());
      assertThrows(WalFailedException.class, () -> wal.append(HardState.EMPTY, entries(1, 6, 8)));
      assertEquals(syncsBefore + 1, fs.syncCalls(), "one sync attempt, no retry");
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)) {
      // The failed batch reached the page cache here, so it may be read back; what matters is
      // that it was never acknowledged and every acknowledged entry is present.
      assertEquals(entries(1, 1, 5), wal.contents().entries().subList(0, 5));
    }
  }
}
