package cairn.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The byte layout of one WAL record. All integers little-endian; every frame starts at an offset
 * that is a multiple of 8, so that a length field never straddles a sector. See docs/wal-format.md
 * for the table.
 *
 * <pre>
 * offset size field
 *  0     4    payload length N
 *  4     1    record type (RecordType code; 0 never written, so a zero header means "no data")
 *  5     1    flags: bit 0 = last record of its write batch; other bits zero
 *  6     2    zero
 *  8     8    batch number: one per write+fsync, increasing through the whole log
 * 16     4    CRC32C of the previous record (0 before the first record of the log): the chain
 * 20     4    CRC32C of bytes 0..19 and of the payload
 * 24     N    payload
 * 24+N   pad  zeros up to the next multiple of 8
 * </pre>
 */
final class Frame {

  static final int HEADER_BYTES = 24;
  static final int FLAG_END_OF_BATCH = 1;

  private Frame() {}

  static int alignedPayloadBytes(int payloadLength) {
    return (payloadLength + 7) & ~7;
  }

  static int frameBytes(int payloadLength) {
    return HEADER_BYTES + alignedPayloadBytes(payloadLength);
  }

  /**
   * Writes one frame at the target's position (advancing it) and returns the frame's CRC, which the
   * next frame chains from.
   */
  static int encode(
      ByteBuffer target, RecordType type, int flags, long batch, int previousCrc, byte[] payload) {
    ByteBuffer frame = target.slice().order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(payload.length);
    frame.put((byte) type.code());
    frame.put((byte) flags);
    frame.putShort((short) 0);
    frame.putLong(batch);
    frame.putInt(previousCrc);
    CRC32C crc = new CRC32C();
    crc.update(frame.array(), frame.arrayOffset(), 20);
    crc.update(payload);
    int value = (int) crc.getValue();
    frame.putInt(value);
    frame.put(payload);
    for (int pad = alignedPayloadBytes(payload.length) - payload.length; pad > 0; pad--) {
      frame.put((byte) 0);
    }
    target.position(target.position() + frameBytes(payload.length));
    return value;
  }

  /** What lies at one offset of a segment. */
  enum Status {
    /** A whole, self-consistent record. */
    RECORD,
    /** A zero header: the preallocated space after the last record. */
    ZERO,
    /** Anything else: a torn write or damage. */
    DAMAGED
  }

  /** One decoded frame; for DAMAGED, {@code problem} says what is wrong. */
  record Decoded(
      Status status,
      RecordType type,
      int flags,
      long batch,
      int previousCrc,
      int crc,
      int payloadOffset,
      int payloadLength,
      String problem) {

    int frameBytes() {
      return Frame.frameBytes(payloadLength);
    }

    boolean endOfBatch() {
      return (flags & FLAG_END_OF_BATCH) != 0;
    }

    static Decoded damaged(String problem) {
      return new Decoded(Status.DAMAGED, null, 0, 0, 0, 0, 0, 0, problem);
    }
  }

  private static final byte[] ZEROS = new byte[64 << 10];

  private static final Decoded ZERO = new Decoded(Status.ZERO, null, 0, 0, 0, 0, 0, 0, null);

  /** The payload length that the header at {@code offset} claims, unchecked. */
  static int claimedPayloadLength(byte[] segment, int offset) {
    return LittleEndian.int32(segment, offset);
  }

  /**
   * Decodes the frame at {@code offset} of {@code segment}, which holds the file at least up to the
   * end of the frame that the header claims (see {@link SegmentImage}), or the whole file.
   */
  static Decoded decode(byte[] segment, int offset, int maxRecordBytes) {
    int available = segment.length - offset;
    if (available < HEADER_BYTES) {
      return allZero(segment, offset, segment.length)
          ? ZERO
          : Decoded.damaged("a partial record header at the end of the file");
    }
    int length = LittleEndian.int32(segment, offset);
    int typeCode = segment[offset + 4] & 0xff;
    // No record has type 0, so only a header with a zero type can be all zeros.
    if (typeCode == 0 && allZero(segment, offset, offset + HEADER_BYTES)) {
      return ZERO;
    }
    int flags = segment[offset + 5] & 0xff;
    int reserved = (segment[offset + 6] | segment[offset + 7]) & 0xff;
    long batch = LittleEndian.int64(segment, offset + 8);
    int previousCrc = LittleEndian.int32(segment, offset + 16);
    int storedCrc = LittleEndian.int32(segment, offset + 20);
    RecordType type = RecordType.of(typeCode);
    if (type == null) {
      return Decoded.damaged("unknown record type " + typeCode);
    }
    if ((flags & ~FLAG_END_OF_BATCH) != 0 || reserved != 0) {
      return Decoded.damaged("reserved header bits are set");
    }
    if (length < 0 || length > maxRecordBytes) {
      return Decoded.damaged("record length " + Integer.toUnsignedString(length) + " is invalid");
    }
    if ((long) frameBytes(length) > available) {
      return Decoded.damaged(
          "record of " + length + " bytes runs past the end of the file (a partial write)");
    }
    int payloadOffset = offset + HEADER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(segment, offset, 20);
    crc.update(segment, payloadOffset, length);
    if ((int) crc.getValue() != storedCrc) {
      return Decoded.damaged("checksum mismatch");
    }
    for (int at = payloadOffset + length, end = offset + frameBytes(length); at < end; at++) {
      if (segment[at] != 0) {
        return Decoded.damaged("non-zero padding after the record");
      }
    }
    return new Decoded(
        Status.RECORD, type, flags, batch, previousCrc, storedCrc, payloadOffset, length, null);
  }

  static boolean allZero(byte[] bytes, int from, int to) {
    return firstNonZero(bytes, from, to) == to;
  }

  /**
   * The index of the first non-zero byte in {@code [from, to)}, or {@code to}. Compared against a
   * block of zeros with {@link Arrays#mismatch}, which the JDK vectorises: a restart scans the
   * preallocated zeros after the last record of every segment (tens of MiB), a byte at a time that
   * took most of a second.
   */
  static int firstNonZero(byte[] bytes, int from, int to) {
    for (int at = from; at < to; at += ZEROS.length) {
      int length = Math.min(ZEROS.length, to - at);
      int differs = Arrays.mismatch(bytes, at, at + length, ZEROS, 0, length);
      if (differs >= 0) {
        return at + differs;
      }
    }
    return to;
  }

  /** The index of the last non-zero byte in {@code [from, to)}, or -1; blocks as above. */
  static int lastNonZero(byte[] bytes, int from, int to) {
    for (int end = to; end > from; ) {
      int start = Math.max(from, end - 4096);
      if (Arrays.mismatch(bytes, start, end, ZEROS, 0, end - start) >= 0) {
        for (int at = end - 1; ; at--) {
          if (bytes[at] != 0) {
            return at;
          }
        }
      }
      end = start;
    }
    return -1;
  }
}
