package cairn.wal;

import static cairn.wal.WalTestData.METADATA;
import static cairn.wal.WalTestData.entries;
import static cairn.wal.WalTestData.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.raft.HardState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: old segments go, the ones a restart from the snapshot needs stay. */
class WalPurgeTest {

  private static final WalOptions OPTIONS = new WalOptions(4096, 1 << 20);

  @TempDir Path dir;

  @Test
  void segmentsBeforeTheSnapshotAreDeletedDownToTheLimitAndTheWalStillOpens() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, OPTIONS)) {
      for (long i = 1; i <= 300; i++) {
        wal.append(new HardState(1, 1, i), List.of(entry(1, i)));
      }
      wal.saveSnapshot(new SnapshotMarker(250, 1));
    }
    int before = FileSystem.SYSTEM.list(dir).size();
    assertTrue(before > 8, "segments: " + before);

    int deleted = Wal.purge(FileSystem.SYSTEM, dir, 250, 5);
    List<String> left = FileSystem.SYSTEM.list(dir);
    assertEquals(before - deleted, left.size());
    assertTrue(left.size() >= 1);
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, new SnapshotMarker(250, 1), OPTIONS)) {
      assertEquals(entries(1, 251, 300), wal.contents().entries());
    }
  }

  @Test
  void theSegmentHoldingTheSnapshotIndexIsNeverDeleted() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, OPTIONS)) {
      for (long i = 1; i <= 300; i++) {
        wal.append(HardState.EMPTY, List.of(entry(1, i)));
      }
      wal.saveSnapshot(new SnapshotMarker(20, 1));
    }
    int before = FileSystem.SYSTEM.list(dir).size();
    int deleted = Wal.purge(FileSystem.SYSTEM, dir, 20, 1);
    assertTrue(deleted <= 1, "deleted " + deleted + " of " + before);
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, new SnapshotMarker(20, 1), OPTIONS)) {
      assertEquals(entries(1, 21, 300), wal.contents().entries());
    }
  }
}
