package cairn.snap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.raft.ConfState;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files: round trip, fallback past damage, temporary leftovers, retention. */
class SnapshotterTest {

  @TempDir Path dir;

  static Snapshot snapshot(long term, long index) {
    byte[] data = ("store state at " + index).repeat(10).getBytes(StandardCharsets.UTF_8);
    return new Snapshot(
        new SnapshotMetadata(index, term, new ConfState(List.of(1L, 2L, 3L))), data);
  }

  private Snapshotter snapshotter() {
    return new Snapshotter(FileSystem.SYSTEM, dir);
  }

  @Test
  void aSavedSnapshotLoadsBackIdentical() throws IOException {
    snapshotter().save(snapshot(2, 100));
    assertEquals(List.of("0000000000000002-0000000000000064.snap"), FileSystem.SYSTEM.list(dir));
    Snapshotter.Loaded loaded = snapshotter().loadNewest();
    assertEquals(Optional.of(snapshot(2, 100)), loaded.snapshot());
    assertEquals(List.of(), loaded.warnings());
  }

  @Test
  void aSnapshotLargerThanOneWriteSliceLoadsBackIdentical() throws IOException {
    byte[] data = new byte[600_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    Snapshot big = new Snapshot(new SnapshotMetadata(7, 3, new ConfState(List.of(1L))), data);
    snapshotter().save(big);
    assertEquals(Optional.of(big), snapshotter().loadNewest().snapshot());
  }

  @Test
  void loadReadsTheSnapshotOfTheGivenIndexAndLeavesASaveInProgressAlone() throws IOException {
    snapshotter().save(snapshot(1, 10));
    snapshotter().save(snapshot(1, 20));
    Path inProgress = dir.resolve("0000000000000001-000000000000001e.snap.tmp");
    Files.write(inProgress, new byte[] {1, 2, 3});
    assertEquals(snapshot(1, 10), snapshotter().load(snapshot(1, 10).metadata()));
    assertTrue(Files.exists(inProgress));
  }

  @Test
  void anEmptyDirectoryHasNoSnapshot() throws IOException {
    assertEquals(Optional.empty(), snapshotter().loadNewest().snapshot());
  }

  @Test
  void theNewestIsChosenAndADamagedNewestFallsBackToTheOneBeforeSayingSo() throws IOException {
    snapshotter().save(snapshot(1, 10));
    snapshotter().save(snapshot(1, 20));
    snapshotter().save(snapshot(2, 30));
    assertEquals(30, snapshotter().loadNewest().snapshot().orElseThrow().metadata().index());

    Path newest = dir.resolve("0000000000000002-000000000000001e.snap");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[50] ^= 1;
    Files.write(newest, bytes);

    Snapshotter.Loaded loaded = snapshotter().loadNewest();
    assertEquals(Optional.of(snapshot(1, 20)), loaded.snapshot());
    assertEquals(1, loaded.warnings().size());
    String warning = loaded.warnings().get(0);
    assertTrue(warning.contains(newest.toString()), warning);
    assertTrue(warning.contains("checksum mismatch"), warning);
    assertTrue(warning.contains("fell back to an older snapshot"), warning);
    assertTrue(Files.exists(dir.resolve("0000000000000002-000000000000001e.snap.broken")));
  }

  @Test
  void aTruncatedSnapshotIsDamageNamedWithItsOffset() {
    byte[] whole = SnapshotFile.encode(snapshot(1, 5));
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(whole, length);
      try {
        SnapshotFile.decode(dir.resolve("x.snap"), cut);
        throw new AssertionError("a snapshot cut to " + length + " bytes was accepted");
      } catch (SnapshotCorruptException e) {
        assertTrue(e.getMessage().contains("at offset"), e.getMessage());
      }
    }
    assertArrayEquals(
        snapshot(1, 5).data(), assertDecodes(whole).data(), "the whole file still decodes");
  }

  private Snapshot assertDecodes(byte[] bytes) {
    try {
      return SnapshotFile.decode(dir.resolve("x.snap"), bytes);
    } catch (SnapshotCorruptException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void snapshotsTheWalDoesNotKnowAreSkipped() throws IOException {
    snapshotter().save(snapshot(1, 10));
    snapshotter().save(snapshot(1, 20));
    Snapshotter.Loaded loaded = snapshotter().loadNewest(metadata -> metadata.index() == 10);
    assertEquals(10, loaded.snapshot().orElseThrow().metadata().index());
    assertTrue(loaded.warnings().get(0).contains("the WAL has no record of it"));
  }

  @Test
  void aLeftoverTemporaryFileIsRemovedAndIgnored() throws IOException {
    snapshotter().save(snapshot(1, 10));
    Files.write(dir.resolve("0000000000000001-0000000000000014.snap.tmp"), new byte[] {1, 2, 3});
    Snapshotter.Loaded loaded = snapshotter().loadNewest();
    assertEquals(10, loaded.snapshot().orElseThrow().metadata().index());
    assertEquals(List.of("0000000000000001-000000000000000a.snap"), FileSystem.SYSTEM.list(dir));
  }

  @Test
  void purgeKeepsTheNewestN() throws IOException {
    for (long i = 1; i <= 8; i++) {
      snapshotter().save(snapshot(1, i * 10));
    }
    assertEquals(3, snapshotter().purge(5));
    List<Snapshotter.SnapshotName> left = snapshotter().list();
    assertEquals(5, left.size());
    assertEquals(80, left.get(0).index());
    assertEquals(40, left.get(4).index());
    assertEquals(0, snapshotter().purge(0), "0 keeps everything");
  }
}
