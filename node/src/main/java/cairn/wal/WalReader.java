package cairn.wal;

import cairn.io.FileSystem;
import cairn.io.StorageFile;
import cairn.raft.Entry;
import cairn.raft.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a WAL from the segment that holds a snapshot's index (or begins right after it) to the end,
 * checking every checksum and the chain between records.
 *
 * <p>Where reading stops before the end of the data, it decides between two cases. A torn write
 * (the node crashed inside its last write, which was therefore never acknowledged) is cut away and
 * reported. Anything else refuses the start with the file and offset. The rule: the stop is a torn
 * write only if it lies in the last segment and no whole record after it belongs to a later write
 * batch than the damaged record's own; batches are written one at a time, each only after the one
 * before was synced, so a later batch on disk proves the damaged one had been synced.
 */
final class WalReader {

  private final FileSystem fs;
  private final Path dir;
  private final WalOptions options;
  private final SnapshotMarker snapshot;

  private final List<Entry> entries = new ArrayList<>();
  private final List<String> repairs = new ArrayList<>();
  private WalMetadata metadata;
  private HardState hardState = HardState.EMPTY;
  private boolean snapshotFound;
  private SnapshotMarker lastSnapshot;
  private long lastEntryIndex;

  // Where the chain stands after the last whole record.
  private boolean crcKnown;
  private int lastCrc;
  private long lastBatch = -1;
  private boolean lastEndedBatch = true;

  private WalReader(FileSystem fs, Path dir, WalOptions options, SnapshotMarker snapshot) {
    this.fs = fs;
    this.dir = dir;
    this.options = options;
    this.snapshot = snapshot;
    this.lastEntryIndex = snapshot.index();
  }

  /** The contents, and the tail where appending continues. */
  record Result(WalContents contents, Tail tail) {}

  /** The end of the log: where the next record goes and what it chains from. */
  record Tail(
      SegmentName segment,
      long endOffset,
      int lastCrc,
      long lastBatch,
      long lastEntryIndex,
      WalMetadata metadata,
      HardState hardState,
      SnapshotMarker lastSnapshot) {}

  static Result read(FileSystem fs, Path dir, WalOptions options, SnapshotMarker snapshot)
      throws IOException {
    return new WalReader(fs, dir, options, snapshot).readAll();
  }

  /** The segments of a WAL directory in order, checking that none is missing. */
  static List<SegmentName> segments(FileSystem fs, Path dir) throws IOException {
    List<SegmentName> segments = new ArrayList<>();
    for (String name : fs.list(dir)) {
      SegmentName.parse(name).ifPresent(segments::add);
    }
    segments.sort(null);
    for (int i = 1; i < segments.size(); i++) {
      if (segments.get(i).seq() != segments.get(i - 1).seq() + 1) {
        throw new WalCorruptException(
            dir.resolve(segments.get(i).fileName()),
            0,
            "segment " + (segments.get(i - 1).seq() + 1) + " is missing before it");
      }
    }
    return segments;
  }

  /**
   * The position of the first segment that a start from the snapshot at {@code snapshotIndex} reads
   * (-1: none reaches back to it): the last one whose first index is at most the snapshot's index +
   * 1. A segment named after index i holds no entry below i but those that replaced uncommitted
   * ones, which lie above every snapshot; so the segments before it hold only entries the snapshot
   * covers. One beginning right after the snapshot (cut after its marker, see {@link
   * SegmentWriter}) carries the marker in its header.
   */
  static int firstNeeded(List<SegmentName> segments, long snapshotIndex) {
    int start = -1;
    for (int i = 0; i < segments.size(); i++) {
      if (Long.compareUnsigned(segments.get(i).firstIndex(), snapshotIndex + 1) <= 0) {
        start = i;
      }
    }
    return start;
  }

  private Result readAll() throws IOException {
    List<SegmentName> segments = segments(fs, dir);
    if (segments.isEmpty()) {
      throw new WalCorruptException(dir, 0, "the WAL directory holds no segment");
    }
    int start = firstNeeded(segments, snapshot.index());
    if (start < 0) {
      throw new WalCorruptException(
          dir.resolve(segments.get(0).fileName()),
          0,
          "no segment reaches back to the snapshot at index " + snapshot.index());
    }
    // The chain can be checked from the start of the log; mid-log it starts at the first record.
    crcKnown = segments.get(start).seq() == 0;
    lastCrc = 0;
    long endOffset = 0;
    for (int i = start; i < segments.size(); i++) {
      endOffset = readSegment(segments.get(i), i == segments.size() - 1);
    }
    if (metadata == null) {
      throw new WalCorruptException(dir, 0, "no metadata record");
    }
    if (!snapshotFound) {
      throw new WalCorruptException(
          dir,
          0,
          "no record of the snapshot at index " + snapshot.index() + ", term " + snapshot.term());
    }
    WalContents contents = new WalContents(metadata, hardState, entries, repairs);
    Tail tail =
        new Tail(
            segments.get(segments.size() - 1),
            endOffset,
            lastCrc,
            lastBatch,
            lastEntryIndex,
            metadata,
            hardState,
            lastSnapshot);
    return new Result(contents, tail);
  }

  /** Reads one segment; returns the offset after its last whole batch. */
  private long readSegment(SegmentName name, boolean last) throws IOException {
    Path file = dir.resolve(name.fileName());
    SegmentImage image = SegmentImage.read(fs, file);
    // Records are applied a whole batch at a time: a batch without its last record was never
    // acknowledged, so it counts as torn.
    List<Frame.Decoded> batch = new ArrayList<>();
    int batchStart = 0;
    int crcAtBatchStart = lastCrc;
    int offset = 0;
    while (true) {
      Frame.Decoded frame = decodeAt(image, offset);
      String problem = frame.problem();
      if (frame.status() == Frame.Status.RECORD) {
        if (crcKnown && frame.previousCrc() != lastCrc) {
          problem = "the checksum chain is broken (a record is missing or out of place)";
        } else if (frame.batch() < lastBatch || (!batch.isEmpty() && frame.batch() != lastBatch)) {
          problem = "the batch number is out of order";
        } else if (offset == 0 && frame.type() != RecordType.SEGMENT_HEADER) {
          throw new WalCorruptException(file, offset, "the segment does not start with a header");
        } else {
          if (batch.isEmpty()) {
            batchStart = offset;
            crcAtBatchStart = lastCrc;
          }
          batch.add(frame);
          crcKnown = true;
          lastCrc = frame.crc();
          lastBatch = frame.batch();
          offset += frame.frameBytes();
          if (frame.endOfBatch()) {
            for (Frame.Decoded record : batch) {
              apply(file, name, record, image.bytes());
            }
            batch.clear();
            lastEndedBatch = true;
          } else {
            lastEndedBatch = false;
          }
          continue;
        }
      }
      if (offset == 0) {
        throw new WalCorruptException(
            file, 0, "the segment header is unreadable: " + (problem == null ? "zeros" : problem));
      }
      if (!batch.isEmpty()) {
        // Roll back to the start of the unfinished batch; it is judged as a whole.
        offset = batchStart;
        lastCrc = crcAtBatchStart;
        lastBatch = batch.get(0).batch() - 1;
        lastEndedBatch = true;
        if (problem == null) {
          problem = "a write batch without its last record";
        }
        if (offset == 0) {
          throw new WalCorruptException(file, 0, "the segment header batch is incomplete");
        }
      }
      stop(
          file,
          image,
          offset,
          frame.status() == Frame.Status.ZERO && batch.isEmpty() ? null : problem,
          last);
      return offset;
    }
  }

  /**
   * The frame at {@code offset}, with the image first made to hold all the bytes it claims (a
   * record may end in zero bytes past those held).
   */
  private Frame.Decoded decodeAt(SegmentImage image, int offset) throws IOException {
    image.ensure((long) offset + Frame.HEADER_BYTES);
    byte[] bytes = image.bytes();
    if (offset + Frame.HEADER_BYTES <= bytes.length) {
      int length = Frame.claimedPayloadLength(bytes, offset);
      if (length >= 0 && length <= options.maxRecordBytes()) {
        image.ensure((long) offset + Frame.frameBytes(length));
      }
    }
    return Frame.decode(image.bytes(), offset, options.maxRecordBytes());
  }

  /** Reading stopped at {@code offset}: a clean end, a torn tail to cut away, or damage. */
  private void stop(Path file, SegmentImage image, int offset, String problem, boolean last)
      throws IOException {
    long damagedBatch = lastEndedBatch ? lastBatch + 1 : lastBatch;
    long latestBatchAfter = -1;
    int dataEnd = offset;
    for (int at = offset; at + Frame.HEADER_BYTES <= image.fileBytes(); at += 8) {
      // Frames start on 8-byte boundaries; a frame whose first 8 bytes are zero is no frame.
      // Skip to the boundary before the next non-zero byte, if a whole header still fits there.
      // Past the bytes held there are only zeros.
      byte[] bytes = image.bytes();
      int limit = Math.min(bytes.length, image.fileBytes() - Frame.HEADER_BYTES + 8);
      int nonZero = Frame.firstNonZero(bytes, at, limit);
      if (nonZero >= limit) {
        break;
      }
      at += (nonZero - at) & ~7;
      if (at + Frame.HEADER_BYTES > image.fileBytes()) {
        break;
      }
      dataEnd = at + 8;
      Frame.Decoded later = decodeAt(image, at);
      if (later.status() == Frame.Status.RECORD) {
        latestBatchAfter = Math.max(latestBatchAfter, later.batch());
        dataEnd = Math.max(dataEnd, at + later.frameBytes());
      }
    }
    if (latestBatchAfter > damagedBatch || (!last && (problem != null || latestBatchAfter >= 0))) {
      throw new WalCorruptException(
          file,
          offset,
          problem != null ? problem : "unreadable bytes where records were written after");
    }
    if (problem == null && latestBatchAfter < 0) {
      return; // the clean end of the data
    }
    // A torn write: never acknowledged, so it is cut away (overwritten with zeros, as
    // preallocated).
    try (StorageFile out = fs.open(file)) {
      out.writeFully(ByteBuffer.allocate(dataEnd - offset), offset);
      out.sync();
    }
    repairs.add(
        "wal: "
            + file
            + ": discarded a torn write of "
            + (dataEnd - offset)
            + " bytes at offset "
            + offset
            + " ("
            + (problem != null ? problem : "a partial batch")
            + ")");
  }

  private void apply(Path file, SegmentName name, Frame.Decoded frame, byte[] bytes)
      throws WalCorruptException {
    int offset = frame.payloadOffset() - Frame.HEADER_BYTES;
    int at = frame.payloadOffset();
    int length = frame.payloadLength();
    try {
      switch (frame.type()) {
        case SEGMENT_HEADER -> {
          String problem = Payloads.checkSegmentHeader(bytes, at, length, name);
          if (problem != null) {
            throw new WalCorruptException(file, offset, problem);
          }
        }
        case METADATA -> {
          WalMetadata read = Payloads.metadata(bytes, at, length);
          if (metadata != null && !metadata.equals(read)) {
            throw new WalCorruptException(
                file, offset, "metadata " + read + " conflicts with " + metadata);
          }
          metadata = read;
        }
        case HARD_STATE -> hardState = Payloads.hardState(bytes, at, length);
        case SNAPSHOT -> {
          SnapshotMarker marker = Payloads.snapshot(bytes, at, length);
          lastSnapshot = marker;
          if (marker.index() == snapshot.index()) {
            if (marker.term() != snapshot.term()) {
              throw new WalCorruptException(
                  file, offset, "snapshot " + marker + " does not match " + snapshot);
            }
            snapshotFound = true;
          }
        }
        case ENTRY -> addEntry(file, offset, bytes, at, length);
      }
    } catch (IllegalArgumentException e) {
      throw new WalCorruptException(
          file, offset, "bad " + frame.type() + " record: " + e.getMessage());
    }
  }

  private void addEntry(Path file, int offset, byte[] bytes, int at, int length)
      throws WalCorruptException {
    long index = Payloads.entryIndex(bytes, at, length);
    lastEntryIndex = index;
    if (index <= snapshot.index()) {
      return; // covered by the snapshot: its data is not needed
    }
    Entry entry = Payloads.entry(bytes, at, length);
    long position = entry.index() - snapshot.index() - 1;
    if (position > entries.size()) {
      throw new WalCorruptException(
          file,
          offset,
          "entry " + entry.index() + " follows entry " + (snapshot.index() + entries.size()));
    }
    // The last record for an index wins and discards everything after it.
    entries.subList((int) position, entries.size()).clear();
    entries.add(entry);
  }
}
