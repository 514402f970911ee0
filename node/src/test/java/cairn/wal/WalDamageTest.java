package cairn.wal;

import static cairn.wal.WalTestData.METADATA;
import static cairn.wal.WalTestData.entries;
import static cairn.wal.WalTestData.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cairn.io.FileSystem;
import cairn.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage on disk: a byte flipped anywhere is either refused at open with the file and offset, or,
 * when it lies in the last record (a write that may never have been acknowledged), cut away. A
 * damaged WAL never yields wrong data.
 */
class WalDamageTest {

  private static final WalOptions OPTIONS = new WalOptions(4096, 1 << 20);
  private static final String SEGMENT = "0000000000000000-0000000000000000.wal";

  @TempDir Path tmp;

  /** Writes a WAL of five single-entry batches; returns its directory. */
  private Path writeFiveBatches(Path dir) throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, OPTIONS)) {
      for (long i = 1; i <= 5; i++) {
        wal.append(HardState.EMPTY, List.of(entry(1, i)));
      }
    }
    return dir;
  }

  @Test
  void aFlippedByteAnywhereIsRefusedOrIsATornLastRecord() throws IOException {
    Path original = writeFiveBatches(tmp.resolve("original"));
    byte[] pristine = Files.readAllBytes(original.resolve(SEGMENT));
    int dataEnd = pristine.length;
    while (dataEnd > 0 && pristine[dataEnd - 1] == 0) {
      dataEnd--;
    }
    dataEnd = (dataEnd + 7) & ~7;
    int lastRecordStart = dataEnd - Frame.frameBytes(Payloads.entry(entry(1, 5)).length);

    int refused = 0;
    int truncated = 0;
    for (int position = 0; position < dataEnd + 64; position++) {
      Path copy = tmp.resolve("flip-" + position);
      Files.createDirectories(copy);
      byte[] damaged = pristine.clone();
      damaged[position] ^= (byte) 0xff;
      Files.write(copy.resolve(SEGMENT), damaged);
      try (Wal wal = Wal.open(FileSystem.SYSTEM, copy, SnapshotMarker.ZERO, OPTIONS)) {
        WalContents contents = wal.contents();
        if (position < lastRecordStart) {
          fail("damage at " + position + " in an earlier record was accepted: " + contents);
        } else if (position < dataEnd) {
          assertEquals(entries(1, 1, 4), contents.entries(), "damage at " + position);
          assertEquals(1, contents.repairs().size(), "damage at " + position);
          assertTrue(contents.repairs().get(0).contains("at offset " + lastRecordStart));
          truncated++;
        } else {
          assertEquals(entries(1, 1, 5), contents.entries(), "damage at " + position);
        }
      } catch (WalCorruptException e) {
        assertTrue(position < lastRecordStart, "damage at " + position + " refused: " + e);
        assertEquals(copy.resolve(SEGMENT), e.file());
        assertTrue(e.offset() <= position, e.getMessage());
        assertTrue(e.getMessage().contains("at offset " + e.offset()), e.getMessage());
        refused++;
      }
    }
    assertEquals(lastRecordStart, refused);
    assertEquals(dataEnd - lastRecordStart, truncated);
  }

  @Test
  void aTornTailIsCutAwayOnceAndAppendsContinueAfterIt() throws IOException {
    Path dir = writeFiveBatches(tmp.resolve("wal"));
    byte[] bytes = Files.readAllBytes(dir.resolve(SEGMENT));
    int end = bytes.length;
    while (bytes[end - 1] == 0) {
      end--;
    }
    bytes[end - 3] ^= 0x55; // inside the last record's payload
    Files.write(dir.resolve(SEGMENT), bytes);

    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)) {
      assertEquals(entries(1, 1, 4), wal.contents().entries());
      assertFalse(wal.contents().repairs().isEmpty());
      wal.append(HardState.EMPTY, List.of(entry(2, 5)));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)) {
      assertEquals(List.of(), wal.contents().repairs());
      assertEquals(entry(2, 5), wal.contents().entries().get(4));
    }
  }

  @Test
  void aBatchWithALostPageInItsMiddleIsATornWriteWhenItIsTheLastBatch() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, OPTIONS)) {
      wal.append(HardState.EMPTY, entries(1, 1, 2));
      wal.append(new HardState(1, 1, 2), entries(1, 3, 6)); // the last batch
    }
    zeroRecordOf(dir, entry(1, 4));
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)) {
      // The whole unfinished batch goes, not just its damaged part: none of it was acknowledged.
      assertEquals(entries(1, 1, 2), wal.contents().entries());
      assertEquals(new HardState(0, 0, 0), wal.contents().hardState());
      assertEquals(1, wal.contents().repairs().size());
    }
  }

  @Test
  void theSameLossFollowedByALaterBatchIsRefused() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, OPTIONS)) {
      wal.append(HardState.EMPTY, entries(1, 1, 2));
      wal.append(new HardState(1, 1, 2), entries(1, 3, 6));
      wal.append(HardState.EMPTY, entries(1, 7, 7)); // proves the batch before was synced
    }
    long offset = zeroRecordOf(dir, entry(1, 4));
    WalCorruptException refused =
        assertThrows(
            WalCorruptException.class,
            () -> Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS));
    // Named at the start of the damaged batch, which begins before the lost record.
    assertTrue(refused.offset() < offset, refused.getMessage());
    assertTrue(refused.getMessage().contains(SEGMENT), refused.getMessage());
  }

  @Test
  void aMissingSegmentIsRefused() throws IOException {
    Path dir = tmp.resolve("wal");
    WalOptions tiny = new WalOptions(4096, 1 << 20);
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, tiny)) {
      for (long i = 1; i <= 100; i++) {
        wal.append(HardState.EMPTY, List.of(entry(1, i)));
      }
    }
    List<String> segments = FileSystem.SYSTEM.list(dir);
    assertTrue(segments.size() >= 3, segments.toString());
    Files.delete(dir.resolve(segments.get(1)));
    WalCorruptException refused =
        assertThrows(
            WalCorruptException.class,
            () -> Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, tiny));
    assertTrue(refused.getMessage().contains("is missing"), refused.getMessage());
  }

  /** Overwrites the frame holding {@code entry} with zeros; returns its offset. */
  private static long zeroRecordOf(Path dir, cairn.raft.Entry entry) throws IOException {
    Path file = dir.resolve(SEGMENT);
    byte[] bytes = Files.readAllBytes(file);
    byte[] payload = Payloads.entry(entry);
    for (int at = 0; at + payload.length <= bytes.length; at += 8) {
      if (java.util.Arrays.equals(
          bytes,
          at + Frame.HEADER_BYTES,
          at + Frame.HEADER_BYTES + payload.length,
          payload,
          0,
          payload.length)) {
        java.util.Arrays.fill(bytes, at, at + Frame.frameBytes(payload.length), (byte) 0);
        Files.write(file, bytes);
        return at;
      }
    }
    throw new AssertionError("no record of " + entry);
  }
}
