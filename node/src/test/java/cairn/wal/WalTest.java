package cairn.wal;

import static cairn.wal.WalTestData.METADATA;
import static cairn.wal.WalTestData.entries;
import static cairn.wal.WalTestData.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.DirectoryLockedException;
import cairn.io.FaultInjectingFileSystem;
import cairn.io.FileSystem;
import cairn.raft.Entry;
import cairn.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips of every record type, overwrites, segment cuts and the directory lock. */
class WalTest {

  private static final WalOptions SMALL_SEGMENTS = new WalOptions(4096, 1 << 20);

  @TempDir Path dataDir;

  private Path walDir() {
    return dataDir.resolve("member/wal");
  }

  private WalContents reopen(SnapshotMarker at, WalOptions options) throws IOException {
    try (Wal wal = Wal.open(FileSystem.SYSTEM, walDir(), at, options)) {
      return wal.contents();
    }
  }

  @Test
  void aNewWalReadsBackItsMetadataAndNothingElse() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      assertEquals(METADATA, wal.contents().metadata());
    }
    WalContents contents = reopen(SnapshotMarker.ZERO, WalOptions.DEFAULT);
    assertEquals(METADATA, contents.metadata());
    assertEquals(HardState.EMPTY, contents.hardState());
    assertEquals(List.of(), contents.entries());
    assertEquals(List.of(), contents.repairs());
    assertEquals(
        List.of("0000000000000000-0000000000000000.wal"), FileSystem.SYSTEM.list(walDir()));
    assertEquals(64L << 20, Files.size(walDir().resolve("0000000000000000-0000000000000000.wal")));
  }

  @Test
  void creatingAWalDoesNotReadItsNewSegmentBack() throws IOException {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    try (Wal wal = Wal.create(fs, walDir(), METADATA, WalOptions.DEFAULT)) {
      assertEquals(0, fs.bytesRead(), "a new 64 MiB segment was read back");
      assertEquals(METADATA, wal.contents().metadata());
      wal.append(new HardState(1, 1, 0), entries(1, 1, 3));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, walDir(), SnapshotMarker.ZERO, WalOptions.DEFAULT)) {
      assertEquals(entries(1, 1, 3), wal.contents().entries());
    }
  }

  @Test
  void everyRecordTypeRoundTrips() throws IOException {
    HardState state = new HardState(3, 2, 9);
    List<Entry> written = entries(3, 1, 10);
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(new HardState(1, 1, 0), List.of());
      wal.append(state, written);
      wal.saveSnapshot(new SnapshotMarker(5, 3));
    }
    WalContents fromStart = reopen(SnapshotMarker.ZERO, WalOptions.DEFAULT);
    assertEquals(METADATA, fromStart.metadata());
    assertEquals(state, fromStart.hardState());
    assertEquals(written, fromStart.entries());

    WalContents fromSnapshot = reopen(new SnapshotMarker(5, 3), WalOptions.DEFAULT);
    assertEquals(written.subList(5, 10), fromSnapshot.entries());
  }

  @Test
  void aRewrittenIndexReplacesItAndDiscardsEverythingAfterIt() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(HardState.EMPTY, entries(1, 1, 6));
      wal.append(HardState.EMPTY, entries(2, 4, 5));
    }
    List<Entry> expected = new ArrayList<>(entries(1, 1, 3));
    expected.addAll(entries(2, 4, 5));
    assertEquals(expected, reopen(SnapshotMarker.ZERO, WalOptions.DEFAULT).entries());
  }

  @Test
  void appendsContinueAfterAReopen() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, SMALL_SEGMENTS)) {
      wal.append(new HardState(1, 0, 2), entries(1, 1, 20));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, walDir(), SnapshotMarker.ZERO, SMALL_SEGMENTS)) {
      wal.append(new HardState(1, 0, 30), entries(1, 21, 40));
    }
    WalContents contents = reopen(SnapshotMarker.ZERO, SMALL_SEGMENTS);
    assertEquals(entries(1, 1, 40), contents.entries());
    assertEquals(new HardState(1, 0, 30), contents.hardState());
  }

  @Test
  void fullSegmentsAreCutAndNamedAfterTheirFirstIndex() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, SMALL_SEGMENTS)) {
      for (long i = 1; i <= 200; i++) {
        wal.append(new HardState(1, 1, i - 1), List.of(entry(1, i)));
      }
      wal.saveSnapshot(new SnapshotMarker(150, 1));
    }
    List<String> files = FileSystem.SYSTEM.list(walDir());
    assertTrue(files.size() > 3, files.toString());
    long previousFirst = -1;
    for (int seq = 0; seq < files.size(); seq++) {
      SegmentName name = SegmentName.parse(files.get(seq)).orElseThrow();
      assertEquals(seq, name.seq());
      assertTrue(name.firstIndex() > previousFirst, files.toString());
      previousFirst = name.firstIndex();
    }
    assertEquals(entries(1, 1, 200), reopen(SnapshotMarker.ZERO, SMALL_SEGMENTS).entries());
    WalContents fromSnapshot = reopen(new SnapshotMarker(150, 1), SMALL_SEGMENTS);
    assertEquals(entries(1, 151, 200), fromSnapshot.entries());
    assertEquals(new HardState(1, 1, 199), fromSnapshot.hardState());
  }

  @Test
  void concurrentAppendsShareSyncs() throws Exception {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      List<CompletableFuture<Void>> durable = new ArrayList<>();
      for (long i = 1; i <= 500; i++) {
        durable.add(wal.appendAsync(HardState.EMPTY, List.of(entry(1, i))));
      }
      CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get();
    }
    assertEquals(entries(1, 1, 500), reopen(SnapshotMarker.ZERO, WalOptions.DEFAULT).entries());
  }

  @Test
  void aWaitingAppendGoesBehindTheQueuedOnesAndReturnsOnceAllAreDurable() throws Exception {
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(HardState.EMPTY, List.of(entry(1, 1))); // nothing queued: written in this thread
      for (long i = 2; i <= 300; i++) {
        queued.add(wal.appendAsync(HardState.EMPTY, List.of(entry(1, i))));
      }
      wal.append(new HardState(1, 1, 301), List.of(entry(1, 301)));
      assertTrue(queued.stream().allMatch(CompletableFuture::isDone), "written in order");
      wal.append(HardState.EMPTY, List.of(entry(1, 302)));
    }
    WalContents reopened = reopen(SnapshotMarker.ZERO, WalOptions.DEFAULT);
    assertEquals(entries(1, 1, 302), reopened.entries());
    assertEquals(new HardState(1, 1, 301), reopened.hardState());
  }

  @Test
  void openingAtASnapshotTheWalNeverRecordedIsRefused() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(HardState.EMPTY, entries(1, 1, 10));
      wal.saveSnapshot(new SnapshotMarker(5, 1));
    }
    WalCorruptException wrongTerm =
        assertThrows(
            WalCorruptException.class, () -> reopen(new SnapshotMarker(5, 2), WalOptions.DEFAULT));
    assertTrue(wrongTerm.getMessage().contains("does not match"), wrongTerm.getMessage());
    WalCorruptException missing =
        assertThrows(
            WalCorruptException.class, () -> reopen(new SnapshotMarker(8, 1), WalOptions.DEFAULT));
    assertTrue(missing.getMessage().contains("no record of the snapshot"), missing.getMessage());
  }

  @Test
  void aSecondOpenerIsRefusedWithAClearMessage() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      DirectoryLockedException locked =
          assertThrows(
              DirectoryLockedException.class,
              () -> Wal.open(FileSystem.SYSTEM, walDir(), SnapshotMarker.ZERO, WalOptions.DEFAULT));
      assertTrue(locked.getMessage().contains("is in use by another process"), locked.getMessage());
    }
    reopen(SnapshotMarker.ZERO, WalOptions.DEFAULT); // released on close
  }

  @Test
  void creatingOverAnExistingWalIsRefused() throws IOException {
    Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT).close();
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT));
    assertTrue(refused.getMessage().contains("is not empty"), refused.getMessage());
  }
}
