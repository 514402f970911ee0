package cairn.wal;

import static cairn.wal.WalTestData.METADATA;
import static cairn.wal.WalTestData.entries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery holds a segment only up to a little past its last non-zero byte; the preallocated zeros
 * after it are known, not kept, and a record that ends in zeros past the bytes held is read whole.
 */
class SegmentImageTest {

  private static final String SEGMENT = "0000000000000000-0000000000000000.wal";

  @TempDir Path tmp;

  private Path walDir() {
    return tmp.resolve("wal");
  }

  @Test
  void aPreallocatedSegmentIsHeldOnlyUpToItsRecords() throws IOException {
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(new HardState(1, 1, 3), entries(1, 1, 3));
    }
    Path file = walDir().resolve(SEGMENT);
    SegmentImage image = SegmentImage.read(FileSystem.SYSTEM, file);

    assertEquals(64 << 20, image.fileBytes());
    assertTrue(image.bytes().length <= 2 * SegmentImage.SLACK_BYTES, "" + image.bytes().length);
    byte[] whole = Files.readAllBytes(file);
    assertArrayEquals(Arrays.copyOf(whole, image.bytes().length), image.bytes());
    assertTrue(
        Arrays.equals(
            whole,
            image.bytes().length,
            whole.length,
            new byte[64 << 20],
            image.bytes().length,
            whole.length),
        "bytes past the image are zeros");
  }

  @Test
  void anEmptyFileAndAFileOfZerosAreHeldAsNothing() throws IOException {
    Files.createDirectories(walDir());
    Path empty = Files.write(walDir().resolve("empty"), new byte[0]);
    Path zeros = Files.write(walDir().resolve("zeros"), new byte[3 << 20]);

    assertEquals(0, SegmentImage.read(FileSystem.SYSTEM, empty).bytes().length);
    SegmentImage image = SegmentImage.read(FileSystem.SYSTEM, zeros);
    assertEquals(SegmentImage.SLACK_BYTES, image.bytes().length);
    assertEquals(3 << 20, image.fileBytes());
  }

  @Test
  void aLastRecordEndingInZerosPastTheBytesHeldIsReadWholeAndAppendsFollowIt() throws IOException {
    byte[] zeroTail = new byte[5 * SegmentImage.SLACK_BYTES];
    new Random(7).nextBytes(zeroTail);
    Arrays.fill(zeroTail, 16, zeroTail.length, (byte) 0); // 16 bytes of data, then zeros
    Entry last = new Entry(1, 4, EntryType.NORMAL, zeroTail);
    List<Entry> written = new ArrayList<>(entries(1, 1, 3));
    written.add(last);
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(new HardState(1, 1, 4), written);
    }

    try (Wal wal = Wal.open(FileSystem.SYSTEM, walDir(), SnapshotMarker.ZERO, WalOptions.DEFAULT)) {
      assertEquals(written, wal.contents().entries());
      assertEquals(List.of(), wal.contents().repairs());
      wal.append(new HardState(1, 1, 5), entries(1, 5, 6));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, walDir(), SnapshotMarker.ZERO, WalOptions.DEFAULT)) {
      List<Entry> all = new ArrayList<>(written);
      all.addAll(entries(1, 5, 6));
      assertEquals(all, wal.contents().entries());
    }
  }

  @Test
  void aTornLastRecordWhoseLostPagesLieInThePreallocatedZerosIsCutAway() throws IOException {
    byte[] payload = new byte[5 * SegmentImage.SLACK_BYTES];
    new Random(8).nextBytes(payload);
    try (Wal wal = Wal.create(FileSystem.SYSTEM, walDir(), METADATA, WalOptions.DEFAULT)) {
      wal.append(new HardState(1, 1, 3), entries(1, 1, 3));
      wal.append(new HardState(1, 1, 4), List.of(new Entry(1, 4, EntryType.NORMAL, payload)));
    }
    // The crash lost the last pages of that write: its header claims bytes that are zeros now.
    Path file = walDir().resolve(SEGMENT);
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (bytes[end - 1] == 0) {
      end--;
    }
    Arrays.fill(bytes, end - 4 * SegmentImage.SLACK_BYTES, end, (byte) 0);
    Files.write(file, bytes);

    try (Wal wal = Wal.open(FileSystem.SYSTEM, walDir(), SnapshotMarker.ZERO, WalOptions.DEFAULT)) {
      assertEquals(entries(1, 1, 3), wal.contents().entries());
      assertEquals(new HardState(1, 1, 3), wal.contents().hardState());
      assertEquals(1, wal.contents().repairs().size(), "" + wal.contents().repairs());
      assertTrue(wal.contents().repairs().get(0).contains("checksum mismatch"));
    }
  }
}
