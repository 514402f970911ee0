package cairn.wal;

import cairn.io.FileSystem;
import cairn.io.StorageFile;
import cairn.raft.HardState;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends batches of records to the last segment, one write and one sync per batch, and cuts a new
 * segment when a batch would not fit, taking the file for it from a {@link SegmentPipeline}. Used
 * by one thread at a time.
 *
 * <p>A segment is also cut right after a snapshot marker that covers every entry of the log, once
 * the segment holds {@link WalOptions#snapshotCutBytes()} of records: a restart from that snapshot
 * then reads the new segment alone (its header carries the marker), not the records before it.
 */
final class SegmentWriter implements Closeable {

  private final FileSystem fs;
  private final Path dir;
  private final WalOptions options;
  private final WalMetadata metadata;
  private final SegmentPipeline pipeline;

  private SegmentName segment;
  private StorageFile file;
  private long position;
  private long dataStart;
  private int lastCrc;
  private long nextBatch;
  private long lastEntryIndex;
  private HardState hardState;
  private SnapshotMarker lastSnapshot;
  // position - dataStart, for readers on other threads (worthCuttingAtSnapshot)
  private volatile long recordBytes;

  private SegmentWriter(
      FileSystem fs, Path dir, WalOptions options, SegmentPipeline pipeline, WalReader.Tail tail)
      throws IOException {
    this.fs = fs;
    this.dir = dir;
    this.options = options;
    this.metadata = tail.metadata();
    this.pipeline = pipeline;
    this.segment = tail.segment();
    this.file = fs.open(dir.resolve(segment.fileName()));
    this.position = tail.endOffset();
    this.dataStart = 0;
    this.lastCrc = tail.lastCrc();
    this.nextBatch = tail.lastBatch() + 1;
    this.lastEntryIndex = tail.lastEntryIndex();
    this.hardState = tail.hardState();
    this.lastSnapshot = tail.lastSnapshot();
    this.recordBytes = position;
  }

  /**
   * Continues an existing log at its tail, cutting new segments from {@code pipeline}, which the
   * writer owns from here on and closes with itself.
   */
  static SegmentWriter resume(
      FileSystem fs, Path dir, WalOptions options, SegmentPipeline pipeline, WalReader.Tail tail)
      throws IOException {
    return new SegmentWriter(fs, dir, options, pipeline, tail);
  }

  /**
   * Writes the first segment of a new log into {@code dir} (which must exist and be empty): a
   * header, the metadata and the snapshot marker {0, 0}, synced and made durable in the directory.
   * Returns the tail after it.
   */
  static WalReader.Tail createFirstSegment(
      FileSystem fs, Path dir, WalOptions options, WalMetadata metadata) throws IOException {
    SegmentName first = new SegmentName(0, 0);
    Header header =
        Header.encode(
            List.of(
                PendingRecord.segmentHeader(first),
                PendingRecord.metadata(metadata),
                PendingRecord.snapshot(SnapshotMarker.ZERO)),
            0,
            0);
    Path temporary = dir.resolve(first.fileName() + SegmentPipeline.TEMPORARY_SUFFIX);
    try (StorageFile out =
        SegmentPipeline.createZeroFilled(fs, temporary, options.segmentBytes(), () -> false)) {
      install(fs, dir, temporary, out, first, header);
    }
    return new WalReader.Tail(
        first,
        header.bytes(),
        header.lastCrc(),
        0,
        0,
        metadata,
        HardState.EMPTY,
        SnapshotMarker.ZERO);
  }

  /** Appends one batch: one write, one sync. Nothing is durable before this returns. */
  void writeBatch(List<PendingRecord> records) throws IOException {
    int bytes = 0;
    for (PendingRecord record : records) {
      if (record.payload().length > options.maxRecordBytes()) {
        throw new IllegalArgumentException(
            "a WAL record of "
                + record.payload().length
                + " bytes exceeds the limit of "
                + options.maxRecordBytes());
      }
      bytes += Frame.frameBytes(record.payload().length);
    }
    if (position + bytes > options.segmentBytes() && position > dataStart) {
      cut();
    }
    ByteBuffer buffer = ByteBuffer.allocate(bytes);
    int crc = encode(buffer, records, nextBatch, lastCrc);
    buffer.flip();
    file.writeFully(buffer, position);
    file.sync();
    position += bytes;
    lastCrc = crc;
    nextBatch++;
    SnapshotMarker marker = null;
    for (PendingRecord record : records) {
      if (record.type() == RecordType.ENTRY) {
        lastEntryIndex = record.entryIndex();
        marker = null;
      } else if (record.type() == RecordType.HARD_STATE) {
        hardState = Payloads.hardState(record.payload(), 0, record.payload().length);
      } else if (record.type() == RecordType.SNAPSHOT) {
        marker = Payloads.snapshot(record.payload(), 0, record.payload().length);
        lastSnapshot = marker;
      }
    }
    recordBytes = position - dataStart;
    if (marker != null
        && Long.compareUnsigned(marker.index(), lastEntryIndex) >= 0
        && worthCuttingAtSnapshot()) {
      cut();
    }
  }

  /**
   * Whether the current segment holds enough records ({@link WalOptions#snapshotCutBytes()}) that a
   * snapshot marker covering the whole log starts a new segment. Any thread.
   */
  boolean worthCuttingAtSnapshot() {
    return recordBytes >= options.snapshotCutBytes();
  }

  /**
   * Seals the current segment and starts the next, named after the next entry index, in the file
   * the pipeline prepared: zero-filled and synced under a temporary name that is never read as a
   * segment. See {@link #install} for why a crash leaves either no new segment or a whole one. Its
   * header: the segment header, the metadata, the hard state and the newest snapshot marker.
   */
  private void cut() throws IOException {
    file.sync();
    SegmentName next = new SegmentName(segment.seq() + 1, lastEntryIndex + 1);
    List<PendingRecord> records = new ArrayList<>();
    records.add(PendingRecord.segmentHeader(next));
    records.add(PendingRecord.metadata(metadata));
    if (!hardState.isEmpty()) {
      records.add(PendingRecord.hardState(hardState));
    }
    if (lastSnapshot != null) {
      records.add(PendingRecord.snapshot(lastSnapshot));
    }
    Header header = Header.encode(records, nextBatch, lastCrc);
    SegmentPipeline.Prepared prepared = pipeline.take();
    try {
      install(fs, dir, prepared.path(), prepared.file(), next, header);
    } catch (IOException | RuntimeException e) {
      try {
        prepared.file().close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    file.close();
    segment = next;
    file = prepared.file();
    position = header.bytes();
    dataStart = header.bytes();
    recordBytes = 0;
    lastCrc = header.lastCrc();
    nextBatch++;
  }

  /** The encoded records that open a segment, and the CRC the next record chains from. */
  private record Header(ByteBuffer encoded, int lastCrc) {

    static Header encode(List<PendingRecord> records, long batch, int previousCrc) {
      int bytes = 0;
      for (PendingRecord record : records) {
        bytes += Frame.frameBytes(record.payload().length);
      }
      ByteBuffer buffer = ByteBuffer.allocate(bytes);
      int crc = SegmentWriter.encode(buffer, records, batch, previousCrc);
      buffer.flip();
      return new Header(buffer, crc);
    }

    int bytes() {
      return encoded.limit();
    }
  }

  /**
   * Makes the zero-filled, synced file {@code temporary} the segment {@code name}: writes the
   * header at offset 0, syncs the file, renames it, syncs the directory.
   *
   * <p>Why a crash leaves either no new segment or a whole one: until the rename the file has a
   * name the reader ignores and the next start deletes, so a crash leaves no new segment. The
   * header and the zeros after it were synced before the rename, so once the new name exists, in
   * the page cache or after a power loss, the file behind it is whole. Records go into the new
   * segment only after the directory sync, so none is acknowledged in a segment whose name a power
   * loss could still undo.
   */
  private static void install(
      FileSystem fs, Path dir, Path temporary, StorageFile out, SegmentName name, Header header)
      throws IOException {
    out.writeFully(header.encoded().duplicate(), 0);
    out.sync();
    fs.rename(temporary, dir.resolve(name.fileName()));
    fs.syncDirectory(dir);
  }

  /** Encodes records as one batch; the last carries the end-of-batch flag. Returns its CRC. */
  private static int encode(
      ByteBuffer buffer, List<PendingRecord> records, long batch, int previousCrc) {
    int crc = previousCrc;
    for (int i = 0; i < records.size(); i++) {
      PendingRecord record = records.get(i);
      int flags = i == records.size() - 1 ? Frame.FLAG_END_OF_BATCH : 0;
      crc = Frame.encode(buffer, record.type(), flags, batch, crc, record.payload());
    }
    return crc;
  }

  /** Closes the segment and the pipeline, which deletes the file it prepared. */
  @Override
  public void close() throws IOException {
    try {
      file.close();
    } finally {
      pipeline.close();
    }
  }
}
