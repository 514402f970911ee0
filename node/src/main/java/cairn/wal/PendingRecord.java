package cairn.wal;

import cairn.raft.Entry;
import cairn.raft.HardState;

/** A record waiting to be written: its type and encoded payload. */
record PendingRecord(RecordType type, byte[] payload, long entryIndex) {

  static PendingRecord entry(Entry entry) {
    return new PendingRecord(RecordType.ENTRY, Payloads.entry(entry), entry.index());
  }

  static PendingRecord hardState(HardState state) {
    return new PendingRecord(RecordType.HARD_STATE, Payloads.hardState(state), -1);
  }

  static PendingRecord snapshot(SnapshotMarker marker) {
    return new PendingRecord(RecordType.SNAPSHOT, Payloads.snapshot(marker), -1);
  }

  static PendingRecord metadata(WalMetadata metadata) {
    return new PendingRecord(RecordType.METADATA, Payloads.metadata(metadata), -1);
  }

  static PendingRecord segmentHeader(SegmentName name) {
    return new PendingRecord(RecordType.SEGMENT_HEADER, Payloads.segmentHeader(name), -1);
  }
}
