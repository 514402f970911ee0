package cairn.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cairn.raft.Entry;
import cairn.raft.EntryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One frame's bytes as recovery judges them: a record, the zeros after the log, or damage. */
class FrameTest {

  private static final int MAX = WalOptions.DEFAULT.maxRecordBytes();

  /** A segment image holding one frame at offset 8, zeros around it. */
  private static byte[] segmentWith(RecordType type, int flags, long batch, byte[] payload) {
    ByteBuffer image = ByteBuffer.allocate(8 + Frame.frameBytes(payload.length) + 64);
    image.position(8);
    Frame.encode(image, type, flags, batch, 0x1234abcd, payload);
    return image.array();
  }

  @Test
  void aRecordDecodesToWhatWasEncoded() {
    byte[] payload = "a payload of 21 bytes".getBytes(StandardCharsets.US_ASCII);
    byte[] segment =
        segmentWith(RecordType.HARD_STATE, Frame.FLAG_END_OF_BATCH, 0x0102030405060708L, payload);

    Frame.Decoded frame = Frame.decode(segment, 8, MAX);

    assertEquals(Frame.Status.RECORD, frame.status());
    assertNull(frame.problem());
    assertEquals(RecordType.HARD_STATE, frame.type());
    assertEquals(true, frame.endOfBatch());
    assertEquals(0x0102030405060708L, frame.batch());
    assertEquals(0x1234abcd, frame.previousCrc());
    assertEquals(8 + Frame.HEADER_BYTES, frame.payloadOffset());
    assertEquals(21, frame.payloadLength());
    assertEquals(Frame.HEADER_BYTES + 24, frame.frameBytes());
  }

  @Test
  void anEntryPayloadGivesBackItsFieldsAndItsIndexAlone() {
    Entry entry = new Entry(7, 0x1_0000_0002L, EntryType.NORMAL, new byte[] {1, 2, 3});
    byte[] payload = Payloads.entry(entry);

    assertEquals(entry, Payloads.entry(payload, 0, payload.length));
    assertEquals(0x1_0000_0002L, Payloads.entryIndex(payload, 0, payload.length));
  }

  @Test
  void zerosAreTheEndOfTheLogNotDamage() {
    assertEquals(Frame.Status.ZERO, Frame.decode(new byte[64], 8, MAX).status());
    assertEquals(Frame.Status.ZERO, Frame.decode(new byte[20], 0, MAX).status());
  }

  @Test
  void everyDamagedFieldIsNamed() {
    byte[] payload = new byte[] {9, 9, 9};
    assertDamaged("checksum mismatch", flip(segment(payload), 8 + Frame.HEADER_BYTES));
    assertDamaged("unknown record type 0", set(segment(payload), 8 + 4, 0));
    assertDamaged("unknown record type 6", set(segment(payload), 8 + 4, 6));
    assertDamaged("reserved header bits are set", set(segment(payload), 8 + 5, 3));
    assertDamaged("reserved header bits are set", set(segment(payload), 8 + 7, 1));
    assertDamaged("record length 4294967295 is invalid", setLength(segment(payload), -1));
    assertDamaged(
        "record of 4096 bytes runs past the end of the file (a partial write)",
        setLength(segment(payload), 4096));
    assertDamaged(
        "non-zero padding after the record", set(segment(payload), 8 + Frame.HEADER_BYTES + 7, 1));
    assertDamaged("a partial record header at the end of the file", new byte[] {0, 0, 0, 0, 5});
    // A header that is zero except for its length is not the end of the log.
    assertDamaged("unknown record type 0", setLength(new byte[64], 3));
  }

  private static byte[] segment(byte[] payload) {
    return segmentWith(RecordType.ENTRY, 0, 1, payload);
  }

  private static void assertDamaged(String problem, byte[] segment) {
    int offset = segment.length < Frame.HEADER_BYTES ? 0 : 8;
    Frame.Decoded frame = Frame.decode(segment, offset, MAX);
    assertEquals(Frame.Status.DAMAGED, frame.status());
    assertEquals(problem, frame.problem());
  }

  private static byte[] flip(byte[] segment, int at) {
    segment[at] ^= 1;
    return segment;
  }

  private static byte[] set(byte[] segment, int at, int value) {
    segment[at] = (byte) value;
    return segment;
  }

  private static byte[] setLength(byte[] segment, int length) {
    ByteBuffer.wrap(segment).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, length);
    return segment;
  }
}
