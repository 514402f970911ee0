package cairn.wal;

import static cairn.wal.WalTestData.METADATA;
import static cairn.wal.WalTestData.entries;
import static cairn.wal.WalTestData.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FaultInjectingFileSystem;
import cairn.io.FileSystem;
import cairn.raft.Entry;
import cairn.raft.HardState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cutting a segment: the file for the next segment is zero-filled and synced in the background
 * beforehand, so a cut costs the writer a header write, a sync and a rename; a crash at any step of
 * a cut or of a preparation loses no acknowledged record, and a failed preparation fails the append
 * that needs the file.
 */
class WalCutTest {

  private static final WalOptions SMALL_SEGMENTS = new WalOptions(4096, 1 << 20);
  private static final String FIRST_SEGMENT = "0000000000000000-0000000000000000.wal";

  @TempDir Path tmp;

  @Test
  void theCutBatchWritesOnlyItsRecordsInTheWritersThreadNotTheSegmentsZeros() throws IOException {
    WalOptions options = new WalOptions(1 << 20, 1 << 20);
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    Path dir = tmp.resolve("wal");
    Thread writer = Thread.currentThread();
    try (Wal wal = Wal.create(fs, dir, METADATA, options)) {
      long next = 1;
      long writtenByCutBatch = -1;
      while (writtenByCutBatch < 0) {
        assertTrue(next < 100_000, "no cut after " + next + " entries");
        long before = fs.bytesWrittenBy(writer);
        wal.append(HardState.EMPTY, entries(1, next, next + 99)); // written in this thread
        next += 100;
        if (segments(dir).size() > 1) {
          writtenByCutBatch = fs.bytesWrittenBy(writer) - before;
        }
      }
      // The batch (100 small entries) and the new segment's header: a few KiB, not 1 MiB of zeros.
      assertTrue(writtenByCutBatch < 64 << 10, "the cut batch wrote " + writtenByCutBatch);
      long byOthers = fs.bytesWritten() - fs.bytesWrittenBy(writer);
      assertTrue(
          byOthers >= options.segmentBytes(), "zeros written in the background: " + byOthers);
    }
  }

  @Test
  void oneFileIsPreparedBesideTheSegmentsWhileOpenAndNoneIsLeftAfterClose() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, SMALL_SEGMENTS)) {
      for (long i = 1; segments(dir).size() < 3; i++) {
        assertTrue(i < 10_000, "no second cut");
        wal.append(HardState.EMPTY, List.of(entry(1, i)));
      }
      wal.awaitNextSegmentPrepared();
      List<String> temporary = temporaryFiles(dir);
      assertEquals(1, temporary.size(), temporary.toString());
      assertAllZeros(dir.resolve(temporary.get(0)), SMALL_SEGMENTS.segmentBytes());
    }
    assertEquals(List.of(), temporaryFiles(dir));
  }

  @Test
  void aFailedPreparationFailsTheAppendThatNeedsTheNextSegmentAndEveryLaterOne()
      throws IOException {
    Path dir = tmp.resolve("wal");
    Wal.create(FileSystem.SYSTEM, dir, METADATA, SMALL_SEGMENTS).close();
    // The disk fills up 1000 bytes into the zero-filling of the next segment's file.
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem().diskFullAfter(1000);
    long acknowledged = 0;
    try (Wal wal = Wal.open(fs, dir, SnapshotMarker.ZERO, SMALL_SEGMENTS)) {
      IOException preparing = assertThrows(IOException.class, wal::awaitNextSegmentPrepared);
      assertTrue(preparing.getMessage().contains("No space left on device"), preparing.toString());
      fs.diskFullAfter(Long.MAX_VALUE); // space again: appends that fit the segment go on

      WalFailedException failed = null;
      while (failed == null) {
        assertTrue(acknowledged < 1000, "a segment of 4 KiB took 1000 entries");
        try {
          wal.append(HardState.EMPTY, List.of(entry(1, acknowledged + 1)));
          acknowledged++;
        } catch (WalFailedException e) {
          failed = e;
        }
      }
      assertTrue(failed.getMessage().contains("No space left on device"), failed.getMessage());
      assertEquals(List.of(FIRST_SEGMENT), segments(dir), "no new segment");
      assertTrue(
          segmentDataBytes(acknowledged + 1) > SMALL_SEGMENTS.segmentBytes(),
          "the append failed before the segment was full: " + acknowledged + " entries");
      long later = acknowledged + 1;
      assertThrows(
          WalFailedException.class, () -> wal.append(HardState.EMPTY, List.of(entry(1, later))));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, SMALL_SEGMENTS)) {
      assertEquals(entries(1, 1, acknowledged), wal.contents().entries());
      assertEquals(List.of(), wal.contents().repairs());
    }
    assertEquals(List.of(FIRST_SEGMENT), FileSystem.SYSTEM.list(dir));
  }

  /**
   * Copies the WAL directory before every change made while appending across two cuts and while the
   * files for the next segments are prepared, as a crash at that moment would leave it; each copy
   * must open with every record acknowledged before it, take appends again (through a cut), and
   * hold no temporary file after.
   */
  @Test
  void aCrashAtAnyStepOfACutOrOfAPreparationLosesNoAcknowledgedRecord() throws IOException {
    Path dir = tmp.resolve("wal");
    AtomicLong acknowledged = new AtomicLong();
    List<CrashImage> images = Collections.synchronizedList(new ArrayList<>());
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    try (Wal wal = Wal.create(fs, dir, METADATA, SMALL_SEGMENTS)) {
      fs.beforeEachChange(
          change ->
              images.add(
                  CrashImage.copy(
                      dir, tmp.resolve("crash-" + images.size()), change, acknowledged.get())));
      for (long i = 1; segments(dir).size() < 3; i++) {
        assertTrue(i < 10_000, "no second cut");
        wal.append(new HardState(1, 1, i - 1), List.of(entry(1, i)));
        acknowledged.set(i);
      }
      wal.awaitNextSegmentPrepared();
      fs.beforeEachChange(null);
    }
    assertTrue(
        images.stream().anyMatch(image -> image.change().startsWith("rename")),
        "no cut was imaged");
    assertTrue(
        images.stream().anyMatch(image -> image.change().startsWith("create")),
        "no preparation was imaged");
    for (CrashImage image : images) {
      List<Entry> survived;
      try (Wal wal =
          Wal.open(FileSystem.SYSTEM, image.dir(), SnapshotMarker.ZERO, SMALL_SEGMENTS)) {
        survived = wal.contents().entries();
        assertEquals(entries(1, 1, survived.size()), survived, image.toString());
        assertTrue(survived.size() >= image.acknowledged(), image + ": lost " + survived.size());
        long next = survived.size() + 1;
        wal.append(HardState.EMPTY, entries(1, next, next + 60)); // enough for a cut
      }
      try (Wal wal =
          Wal.open(FileSystem.SYSTEM, image.dir(), SnapshotMarker.ZERO, SMALL_SEGMENTS)) {
        assertEquals(
            entries(1, 1, survived.size() + 61), wal.contents().entries(), image.toString());
      }
      assertEquals(List.of(), temporaryFiles(image.dir()), image.toString());
    }
  }

  @Test
  void temporaryFilesLeftByACrashAreIgnoredAndRemovedAtOpen() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, SMALL_SEGMENTS)) {
      wal.append(HardState.EMPTY, entries(1, 1, 3));
    }
    byte[] garbage = new byte[4096];
    Arrays.fill(garbage, (byte) 0x5a);
    // A half-prepared file of this version, and a half-written segment of the earlier synchronous
    // cut, both under temporary names.
    Files.write(dir.resolve("1.tmp"), garbage);
    Files.write(dir.resolve("0000000000000001-0000000000000004.wal.tmp"), garbage);

    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, SMALL_SEGMENTS)) {
      assertEquals(entries(1, 1, 3), wal.contents().entries());
      assertEquals(List.of(), wal.contents().repairs());
      wal.awaitNextSegmentPrepared();
      List<String> temporary = temporaryFiles(dir);
      assertEquals(1, temporary.size(), "only the file prepared now: " + temporary);
      assertAllZeros(dir.resolve(temporary.get(0)), SMALL_SEGMENTS.segmentBytes());
    }
    assertEquals(List.of(FIRST_SEGMENT), FileSystem.SYSTEM.list(dir));
  }

  /** A copy of the WAL directory taken right before {@code change}. */
  private record CrashImage(Path dir, String change, long acknowledged) {

    static CrashImage copy(Path from, Path to, String change, long acknowledged) {
      try {
        Files.createDirectories(to);
        for (String name : FileSystem.SYSTEM.list(from)) {
          Files.copy(from.resolve(name), to.resolve(name));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new CrashImage(to, change, acknowledged);
    }

    @Override
    public String toString() {
      return "a crash before \"" + change + "\" (" + acknowledged + " acknowledged)";
    }
  }

  @Test
  void aSnapshotCoveringTheWholeLogStartsASegmentThatARestartReadsAlone() throws IOException {
    WalOptions options = new WalOptions(64 << 10, 1 << 20); // cut at a snapshot from 8 KiB
    Path dir = tmp.resolve("wal");
    long last = 0;
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, options)) {
      while (!wal.segmentWorthCutting()) {
        last++;
        assertTrue(last < 10_000, "no 8 KiB of records after " + last + " entries");
        wal.append(new HardState(1, 1, last), List.of(entry(1, last)));
      }
      assertEquals(List.of(FIRST_SEGMENT), segments(dir));
      wal.saveSnapshot(new SnapshotMarker(last, 1));
      assertEquals(
          List.of(FIRST_SEGMENT, new SegmentName(1, last + 1).fileName()),
          segments(dir).stream().sorted().toList());
      assertFalse(wal.segmentWorthCutting());
      wal.append(new HardState(1, 1, last + 1), List.of(entry(1, last + 1)));
    }
    // Nothing before the new segment is needed any more: purging down to one segment deletes the
    // first, and the log opens at the snapshot with the hard state and the entry after it.
    SnapshotMarker marker = new SnapshotMarker(last, 1);
    assertEquals(1, Wal.purge(FileSystem.SYSTEM, dir, last, 1));
    assertEquals(List.of(new SegmentName(1, last + 1).fileName()), segments(dir));
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, marker, options)) {
      assertEquals(List.of(entry(1, last + 1)), wal.contents().entries());
      assertEquals(new HardState(1, 1, last + 1), wal.contents().hardState());
      for (long i = last + 2; i <= last + 2000; i += 100) {
        wal.append(HardState.EMPTY, entries(1, i, i + 99));
      }
    }
    // Segments cut for size later carry the marker on; the log still opens at it.
    assertTrue(segments(dir).size() > 1, "no cut in " + segments(dir));
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, marker, options)) {
      assertEquals(entries(1, last + 1, last + 2001), wal.contents().entries());
    }
  }

  @Test
  void aSnapshotBehindTheLastEntryOrInASmallSegmentStartsNoSegment() throws IOException {
    WalOptions options = new WalOptions(64 << 10, 1 << 20);
    Path dir = tmp.resolve("wal");
    try (Wal wal = Wal.create(FileSystem.SYSTEM, dir, METADATA, options)) {
      wal.append(HardState.EMPTY, entries(1, 1, 10));
      wal.saveSnapshot(new SnapshotMarker(10, 1)); // covers the log, but 10 entries are little
      assertEquals(List.of(FIRST_SEGMENT), segments(dir));
      long last = 10;
      while (!wal.segmentWorthCutting()) {
        last++;
        wal.append(HardState.EMPTY, List.of(entry(1, last)));
      }
      wal.saveSnapshot(new SnapshotMarker(last - 1, 1)); // one entry past it
      assertEquals(List.of(FIRST_SEGMENT), segments(dir));
    }
    try (Wal wal = Wal.open(FileSystem.SYSTEM, dir, new SnapshotMarker(10, 1), options)) {
      assertEquals(entries(1, 11, lastIndex(wal)), wal.contents().entries());
    }
  }

  private static long lastIndex(Wal wal) {
    List<Entry> entries = wal.contents().entries();
    return entries.get(entries.size() - 1).index();
  }

  private static List<String> segments(Path dir) throws IOException {
    return FileSystem.SYSTEM.list(dir).stream().filter(name -> name.endsWith(".wal")).toList();
  }

  private static List<String> temporaryFiles(Path dir) throws IOException {
    return FileSystem.SYSTEM.list(dir).stream().filter(name -> name.endsWith(".tmp")).toList();
  }

  private static void assertAllZeros(Path file, long size) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(size, bytes.length, file.toString());
    assertTrue(Frame.allZero(bytes, 0, bytes.length), file + " holds more than zeros");
  }

  /** The bytes of the first segment holding its header and single-entry batches 1 to {@code n}. */
  private static long segmentDataBytes(long n) {
    long bytes =
        Frame.frameBytes(Payloads.segmentHeader(new SegmentName(0, 0)).length)
            + Frame.frameBytes(Payloads.metadata(METADATA).length)
            + Frame.frameBytes(Payloads.snapshot(SnapshotMarker.ZERO).length);
    for (long i = 1; i <= n; i++) {
      bytes += Frame.frameBytes(Payloads.entry(entry(1, i)).length);
    }
    return bytes;
  }
}
