package cairn.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  /** A message with every field set, so a round trip checks each of them. */
  private static Message full(MessageType type) {
    return Message.builder(type)
        .to(0x7fffffffffffffffL)
        .from(2)
        .term(7)
        .logTerm(6)
        .index(41)
        .entries(
            List.of(
                Entry.normal(6, 42, "set /a 1".getBytes(StandardCharsets.UTF_8)),
                new Entry(7, 43, EntryType.CONF_CHANGE, new byte[] {1, 2, 3}),
                Entry.normal(7, 44, new byte[0])))
        .commit(40)
        .snapshot(
            new Snapshot(
                new SnapshotMetadata(30, 5, new ConfState(List.of(1L, 2L, 3L))),
                "tree".getBytes(StandardCharsets.UTF_8)))
        .reject(true)
        .rejectHint(39)
        .context("ctx".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static void assertSameMessage(Message want, Message got) {
    assertEquals(want.type(), got.type());
    assertEquals(want.to(), got.to());
    assertEquals(want.from(), got.from());
    assertEquals(want.term(), got.term());
    assertEquals(want.logTerm(), got.logTerm());
    assertEquals(want.index(), got.index());
    assertEquals(want.entries(), got.entries());
    assertEquals(want.commit(), got.commit());
    assertEquals(want.snapshot(), got.snapshot());
    assertEquals(want.reject(), got.reject());
    assertEquals(want.rejectHint(), got.rejectHint());
    assertArrayEquals(want.context(), got.context());
  }

  @Test
  void everyPeerMessageTypeRoundTripsWithEntriesSnapshotAndContext() throws Exception {
    for (MessageType type : MessageType.values()) {
      if (!type.isLocal()) {
        Message m = full(type);
        assertSameMessage(m, MessageCodec.decode(MessageCodec.encode(m)));
      }
    }
  }

  @Test
  void anEmptyMessageRoundTrips() throws Exception {
    Message m = Message.builder(MessageType.HEARTBEAT).from(1).to(2).build();
    byte[] b = MessageCodec.encode(m);
    assertEquals(MessageCodec.encodedSize(m), b.length);
    assertSameMessage(m, MessageCodec.decode(b));
  }

  @Test
  void localMessageTypesNeverCrossTheNetwork() {
    for (MessageType type : MessageType.values()) {
      if (type.isLocal()) {
        assertThrows(
            IllegalArgumentException.class,
            () -> MessageCodec.encode(Message.builder(type).build()),
            type.name());
        byte[] b = MessageCodec.encode(Message.builder(MessageType.APP).build());
        b[1] = (byte) type.ordinal();
        assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(b), type.name());
      }
    }
  }

  @Test
  void everyTruncationIsAProtocolError() {
    byte[] b = MessageCodec.encode(full(MessageType.APP));
    for (int n = 0; n < b.length; n++) {
      byte[] prefix = Arrays.copyOf(b, n);
      assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(prefix), "length " + n);
    }
  }

  @Test
  void trailingBytesAreAProtocolError() {
    byte[] b = MessageCodec.encode(full(MessageType.APP));
    byte[] longer = Arrays.copyOf(b, b.length + 1);
    assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(longer));
  }

  @Test
  void anUnknownVersionIsAProtocolError() {
    byte[] b = MessageCodec.encode(full(MessageType.APP));
    b[0] = 2;
    assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(b));
  }

  @Test
  void hugeClaimedCountsAreRefusedBeforeAllocating() {
    byte[] b = MessageCodec.encode(Message.builder(MessageType.APP).build());
    int entriesCountAt = 2 + 7 * 8 + 1 + 4; // after the header, fields, reject and empty context
    ByteBuffer.wrap(b).putInt(entriesCountAt, Integer.MAX_VALUE);
    assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(b));
    ByteBuffer.wrap(b).putInt(entriesCountAt, -1);
    assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(b));
  }

  @Test
  void invalidFieldValuesAreAProtocolError() {
    byte[] negativeTerm = MessageCodec.encode(full(MessageType.APP));
    ByteBuffer.wrap(negativeTerm).putLong(2 + 16, -1); // term
    assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(negativeTerm));
    byte[] badReject = MessageCodec.encode(full(MessageType.APP));
    badReject[2 + 7 * 8] = 2;
    assertThrows(PeerProtocolException.class, () -> MessageCodec.decode(badReject));
  }

  /** Seeded: a failure names its seed and replays exactly. */
  @Test
  void corruptedBytesDecodeOrFailCheckedNeverUnchecked() {
    long seed = 20261125L;
    Random random = new Random(seed);
    byte[] good = MessageCodec.encode(full(MessageType.APP));
    for (int round = 0; round < 20_000; round++) {
      byte[] b = good.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      try {
        MessageCodec.decode(b);
      } catch (PeerProtocolException expected) {
        // malformed: refused, as it should be
      } catch (RuntimeException e) {
        fail("seed " + seed + " round " + round + ": unchecked " + e, e);
      }
    }
  }
}
