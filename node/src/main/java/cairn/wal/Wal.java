package cairn.wal;

import cairn.io.FileSystem;
import cairn.raft.Entry;
import cairn.raft.HardState;
import cairn.util.Check;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The write-ahead log: an append-only sequence of checksummed, chained records in preallocated
 * segment files ({@code <seq>-<first index>.wal}), the next of which is prepared in the background
 * ({@link SegmentPipeline}). Nothing is reported durable before its fsync returned; concurrent
 * appends share one write and one fsync (group commit).
 *
 * <p>A WAL directory is locked while open: a second opener gets {@link
 * cairn.io.DirectoryLockedException}.
 */
public final class Wal implements Closeable {

  private final AutoCloseable lock;
  private final GroupCommitter committer;
  private final SegmentPipeline pipeline; // owned and closed by the committer's writer
  private final SegmentWriter writer; // written through the committer; read for its size only
  private final WalContents contents;

  private Wal(
      AutoCloseable lock,
      GroupCommitter committer,
      SegmentPipeline pipeline,
      SegmentWriter writer,
      WalContents contents) {
    this.lock = lock;
    this.committer = committer;
    this.pipeline = pipeline;
    this.writer = writer;
    this.contents = contents;
  }

  /** Whether {@code dir} holds a WAL. */
  public static boolean exists(FileSystem fs, Path dir) throws IOException {
    return fs.isDirectory(dir) && !WalReader.segments(fs, dir).isEmpty();
  }

  /**
   * Creates a new WAL in {@code dir}, which must not exist or be empty. The directory is built
   * under a temporary name and renamed into place, so a crash leaves no half-made WAL.
   */
  public static Wal create(FileSystem fs, Path dir, WalMetadata metadata, WalOptions options)
      throws IOException {
    Check.argument(
        !fs.exists(dir) || fs.list(dir).isEmpty(), "wal: %s exists and is not empty", dir);
    Path parent = dir.toAbsolutePath().getParent();
    fs.createDirectories(parent);
    AutoCloseable lock = fs.lock(lockFile(dir));
    try {
      Path temporary = parent.resolve(dir.getFileName() + ".tmp");
      if (fs.exists(temporary)) {
        for (String name : fs.list(temporary)) {
          fs.delete(temporary.resolve(name));
        }
        fs.delete(temporary);
      }
      fs.createDirectories(temporary);
      WalReader.Tail tail = SegmentWriter.createFirstSegment(fs, temporary, options, metadata);
      if (fs.exists(dir)) {
        fs.delete(dir);
      }
      fs.rename(temporary, dir);
      fs.syncDirectory(parent);
      // What was just written is known: reading it back would read the whole preallocated
      // segment.
      WalContents empty = new WalContents(metadata, HardState.EMPTY, List.of(), List.of());
      return start(fs, dir, options, lock, new WalReader.Result(empty, tail));
    } catch (IOException | RuntimeException e) {
      closeQuietly(lock, e);
      throw e;
    }
  }

  /**
   * Opens the WAL in {@code dir} at a snapshot: reads and checks every record from the segment
   * holding the snapshot's index, cuts away a torn tail (reported in {@link
   * WalContents#repairs()}), and refuses damage anywhere else with {@link WalCorruptException}.
   */
  public static Wal open(FileSystem fs, Path dir, SnapshotMarker snapshot, WalOptions options)
      throws IOException {
    AutoCloseable lock = fs.lock(lockFile(dir));
    try {
      WalReader.Result opened = WalReader.read(fs, dir, options, snapshot);
      return start(fs, dir, options, lock, opened);
    } catch (IOException | RuntimeException e) {
      closeQuietly(lock, e);
      throw e;
    }
  }

  /**
   * Starts writing at the tail. The next segment's file is prepared from here on, as etcd does when
   * it opens a WAL for writing: one file of the segment size beside the last segment.
   */
  private static Wal start(
      FileSystem fs, Path dir, WalOptions options, AutoCloseable lock, WalReader.Result opened)
      throws IOException {
    SegmentPipeline pipeline = SegmentPipeline.start(fs, dir, options.segmentBytes());
    SegmentWriter writer;
    try {
      writer = SegmentWriter.resume(fs, dir, options, pipeline, opened.tail());
    } catch (IOException | RuntimeException e) {
      try {
        pipeline.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    GroupCommitter committer = new GroupCommitter(writer, "wal-sync " + dir);
    return new Wal(lock, committer, pipeline, writer, opened.contents());
  }

  /**
   * Deletes the oldest segments that a restart from the snapshot at {@code snapshotIndex} no longer
   * needs, while more than {@code keep} segments remain (0 keeps all). The segment that holds the
   * snapshot's index (or begins right after it) and every later one are never deleted. Returns the
   * count deleted.
   */
  public static int purge(FileSystem fs, Path dir, long snapshotIndex, int keep)
      throws IOException {
    Check.argument(keep >= 0, "wal: keep %d < 0", keep);
    if (keep == 0) {
      return 0;
    }
    List<SegmentName> segments = WalReader.segments(fs, dir);
    int needed = Math.max(0, WalReader.firstNeeded(segments, snapshotIndex));
    int deletable = Math.min(needed, segments.size() - keep);
    for (int i = 0; i < deletable; i++) {
      fs.delete(dir.resolve(segments.get(i).fileName()));
    }
    if (deletable > 0) {
      fs.syncDirectory(dir);
    }
    return Math.max(0, deletable);
  }

  /** The lock file sits beside the WAL directory, so that it survives the create-and-rename. */
  private static Path lockFile(Path dir) {
    Path absolute = dir.toAbsolutePath();
    return absolute.resolveSibling(absolute.getFileName() + ".lock");
  }

  /** What the log held when it was opened (empty for a new log). */
  public WalContents contents() {
    return contents;
  }

  /**
   * Appends a hard state (skipped when empty) and entries; the future completes once they are
   * durable. Appends are written in the order of these calls.
   */
  public CompletableFuture<Void> appendAsync(HardState hardState, List<Entry> entries) {
    return committer.submit(records(hardState, entries));
  }

  /**
   * As {@link #appendAsync}, returning once the records are durable; written in the calling thread
   * when no other append is under way.
   */
  public void append(HardState hardState, List<Entry> entries) throws IOException {
    committer.commit(records(hardState, entries));
  }

  private static List<PendingRecord> records(HardState hardState, List<Entry> entries) {
    List<PendingRecord> records = new ArrayList<>(entries.size() + 1);
    if (!hardState.isEmpty()) {
      records.add(PendingRecord.hardState(hardState));
    }
    for (Entry entry : entries) {
      records.add(PendingRecord.entry(entry));
    }
    return records;
  }

  /**
   * Records that the snapshot file at {@code marker} is durable. Call only after the snapshot file
   * was synced: on restart the WAL is opened at a snapshot that has a marker. A marker that covers
   * every entry of the log starts a new segment when {@link #segmentWorthCutting}.
   */
  public void saveSnapshot(SnapshotMarker marker) throws IOException {
    committer.commit(List.of(PendingRecord.snapshot(marker)));
  }

  /**
   * Whether the current segment holds enough records ({@link WalOptions#snapshotCutBytes()}) that a
   * snapshot marker covering the whole log would start a new segment. Any thread.
   */
  public boolean segmentWorthCutting() {
    return writer.worthCuttingAtSnapshot();
  }

  /**
   * Waits until the next segment's file is prepared in the background, and throws if preparing it
   * failed. For tests whose injected faults must hit the appends, not that preparation.
   */
  void awaitNextSegmentPrepared() throws IOException {
    pipeline.awaitPrepared();
  }

  @Override
  public void close() throws IOException {
    try {
      committer.close();
    } finally {
      try {
        lock.close();
      } catch (Exception e) {
        throw new IOException("wal: could not release the lock", e);
      }
    }
  }

  private static void closeQuietly(AutoCloseable lock, Exception primary) {
    try {
      lock.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
