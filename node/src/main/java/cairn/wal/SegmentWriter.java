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
 * segment when a batch would not fit. Used by one thread at a time.
 */
final class SegmentWriter implements Closeable {

  private static final int ZERO_CHUNK_BYTES = 1 << 20;

  private final FileSystem fs;
  private final Path dir;
  private final WalOptions options;
  private final WalMetadata metadata;

  private SegmentName segment;
  private StorageFile file;
  private long position;
  private long dataStart;
  private int lastCrc;
  private long nextBatch;
  private long lastEntryIndex;
  private HardState hardState;

  private SegmentWriter(
      FileSystem fs, Path dir, WalOptions options, WalMetadata metadata, WalReader.Tail tail)
      throws IOException {
    this.fs = fs;
    this.dir = dir;
    this.options = options;
    this.metadata = metadata;
    this.segment = tail.segment();
    this.file = fs.open(dir.resolve(segment.fileName()));
    this.position = tail.endOffset();
    this.dataStart = 0;
    this.lastCrc = tail.lastCrc();
    this.nextBatch = tail.lastBatch() + 1;
    this.lastEntryIndex = tail.lastEntryIndex();
    this.hardState = tail.hardState();
  }

  /** Continues an existing log at its tail. */
  static SegmentWriter resume(FileSystem fs, Path dir, WalOptions options, WalReader.Tail tail)
      throws IOException {
    return new SegmentWriter(fs, dir, options, tail.metadata(), tail);
  }

  /**
   * Writes the first segment of a new log into {@code dir} (which must exist and be empty): a
   * header, the metadata and the snapshot marker {0, 0}, synced and made durable in the directory.
   * Returns the tail after it.
   */
  static WalReader.Tail createFirstSegment(
      FileSystem fs, Path dir, WalOptions options, WalMetadata metadata) throws IOException {
    SegmentName first = new SegmentName(0, 0);
    List<PendingRecord> records =
        List.of(
            PendingRecord.segmentHeader(first),
            PendingRecord.metadata(metadata),
            PendingRecord.snapshot(SnapshotMarker.ZERO));
    Written written = writeSegmentFile(fs, dir, options, first, records, 0, 0);
    return new WalReader.Tail(first, written.end, written.lastCrc, 0, 0, metadata, HardState.EMPTY);
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
    for (PendingRecord record : records) {
      if (record.type() == RecordType.ENTRY) {
        lastEntryIndex = record.entryIndex();
      } else if (record.type() == RecordType.HARD_STATE) {
        hardState = Payloads.hardState(record.payload(), 0, record.payload().length);
      }
    }
  }

  /**
   * Seals the current segment and starts the next, named after the next entry index. The new
   * segment is written under a temporary name, preallocated, synced, then renamed into place and
   * the directory synced, so a crash leaves either no new segment or a whole one.
   */
  private void cut() throws IOException {
    file.sync();
    file.close();
    SegmentName next = new SegmentName(segment.seq() + 1, lastEntryIndex + 1);
    List<PendingRecord> records = new ArrayList<>();
    records.add(PendingRecord.segmentHeader(next));
    records.add(PendingRecord.metadata(metadata));
    if (!hardState.isEmpty()) {
      records.add(PendingRecord.hardState(hardState));
    }
    Written written = writeSegmentFile(fs, dir, options, next, records, nextBatch, lastCrc);
    segment = next;
    file = fs.open(dir.resolve(next.fileName()));
    position = written.end;
    dataStart = written.end;
    lastCrc = written.lastCrc;
    nextBatch++;
  }

  private record Written(long end, int lastCrc) {}

  private static Written writeSegmentFile(
      FileSystem fs,
      Path dir,
      WalOptions options,
      SegmentName name,
      List<PendingRecord> records,
      long batch,
      int previousCrc)
      throws IOException {
    Path target = dir.resolve(name.fileName());
    Path temporary = dir.resolve(name.fileName() + ".tmp");
    if (fs.exists(temporary)) {
      fs.delete(temporary);
    }
    int bytes = 0;
    for (PendingRecord record : records) {
      bytes += Frame.frameBytes(record.payload().length);
    }
    ByteBuffer buffer = ByteBuffer.allocate(bytes);
    int crc = encode(buffer, records, batch, previousCrc);
    buffer.flip();
    try (StorageFile out = fs.create(temporary)) {
      out.writeFully(buffer, 0);
      preallocate(out, bytes, options.segmentBytes());
      out.sync();
    }
    fs.rename(temporary, target);
    fs.syncDirectory(dir);
    return new Written(bytes, crc);
  }

  /** Fills the segment with zeros up to its size, so later syncs need not change its length. */
  private static void preallocate(StorageFile out, long from, long size) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK_BYTES);
    for (long at = from; at < size; ) {
      zeros.clear().limit((int) Math.min(ZERO_CHUNK_BYTES, size - at));
      out.writeFully(zeros, at);
      at += zeros.limit();
    }
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

  @Override
  public void close() throws IOException {
    file.close();
  }
}
