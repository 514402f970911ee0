package cairn.peer;

import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.util.Check;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of a {@link Message}, including its entries and snapshot. Only Cairn talks to
 * Cairn, so the format is ours (big-endian):
 *
 * <pre>
 * version:u8=1 type:u8 to from term logTerm index commit rejectHint:i64 reject:u8
 * context:(len:i32 bytes) entries:(count:i32 {term index:i64 type:u8 len:i32 bytes}*)
 * snapshot:(index term:i64 voters:(count:i32 i64*) len:i32 bytes)
 * </pre>
 *
 * The snapshot data comes last so that a sender can write it straight from the message's array
 * without copying ({@link #writeWithoutSnapshotData}). Local message types ({@link
 * MessageType#isLocal()}) never cross the network: they are refused on both sides, so a peer cannot
 * make us step, say, a HUP. Decoding checks every length against what is there: a malformed or
 * truncated input is a {@link PeerProtocolException}, never an unchecked failure.
 */
public final class MessageCodec {

  static final int VERSION = 1;
  private static final int FIXED_BYTES = 2 + 7 * 8 + 1 + 4 + 4 + 8 + 8 + 4 + 4;
  private static final int ENTRY_FIXED_BYTES = 8 + 8 + 1 + 4;
  private static final MessageType[] TYPES = MessageType.values();
  private static final EntryType[] ENTRY_TYPES = EntryType.values();

  private MessageCodec() {}

  /**
   * @throws IllegalArgumentException for a local message type or a message over 2 GiB
   */
  public static byte[] encode(Message m) {
    long size = encodedSize(m);
    Check.argument(size <= Integer.MAX_VALUE - 8, "message of %d bytes is too large", size);
    ByteBuf out = Unpooled.buffer((int) size, (int) size);
    writeWithoutSnapshotData(m, out);
    out.writeBytes(m.snapshot().data());
    return out.array();
  }

  /** Decodes exactly the bytes of one message. */
  public static Message decode(byte[] b) throws PeerProtocolException {
    return decode(Unpooled.wrappedBuffer(b));
  }

  /** The encoded size in bytes. */
  static long encodedSize(Message m) {
    long size =
        FIXED_BYTES
            + (long) m.context().length
            + 8L * m.snapshot().metadata().confState().voters().size();
    for (Entry e : m.entries()) {
      size += ENTRY_FIXED_BYTES + e.data().length;
    }
    return size + m.snapshot().data().length;
  }

  /**
   * Writes everything but the snapshot's data bytes (their length included), which the caller
   * writes next.
   */
  static void writeWithoutSnapshotData(Message m, ByteBuf out) {
    Check.argument(!m.type().isLocal(), "local message %s does not go to peers", m.type());
    out.writeByte(VERSION).writeByte(m.type().ordinal());
    out.writeLong(m.to()).writeLong(m.from()).writeLong(m.term()).writeLong(m.logTerm());
    out.writeLong(m.index()).writeLong(m.commit()).writeLong(m.rejectHint());
    out.writeByte(m.reject() ? 1 : 0);
    out.writeInt(m.context().length).writeBytes(m.context());
    out.writeInt(m.entries().size());
    for (Entry e : m.entries()) {
      out.writeLong(e.term()).writeLong(e.index()).writeByte(e.type().ordinal());
      out.writeInt(e.data().length).writeBytes(e.data());
    }
    SnapshotMetadata meta = m.snapshot().metadata();
    out.writeLong(meta.index()).writeLong(meta.term());
    List<Long> voters = meta.confState().voters();
    out.writeInt(voters.size());
    for (long v : voters) {
      out.writeLong(v);
    }
    out.writeInt(m.snapshot().data().length);
  }

  /** Decodes all readable bytes of {@code in} as one message (consuming them). */
  static Message decode(ByteBuf in) throws PeerProtocolException {
    need(in, 2, "header");
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new PeerProtocolException("unknown message encoding version " + version);
    }
    int type = in.readUnsignedByte();
    if (type >= TYPES.length || TYPES[type].isLocal()) {
      throw new PeerProtocolException("message type " + type + " is not a peer message");
    }
    need(in, 7 * 8 + 1, "message fields");
    long to = in.readLong();
    long from = in.readLong();
    long term = in.readLong();
    long logTerm = in.readLong();
    long index = in.readLong();
    long commit = in.readLong();
    long rejectHint = in.readLong();
    boolean reject = bool(in.readUnsignedByte());
    byte[] context = bytes(in, "context");
    int count = count(in, ENTRY_FIXED_BYTES, "entries");
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      need(in, ENTRY_FIXED_BYTES - 4, "entry");
      long eterm = in.readLong();
      long eindex = in.readLong();
      int etype = in.readUnsignedByte();
      if (etype >= ENTRY_TYPES.length) {
        throw new PeerProtocolException("unknown entry type " + etype);
      }
      entries.add(valid(() -> new Entry(eterm, eindex, ENTRY_TYPES[etype], bytes(in, "entry"))));
    }
    need(in, 16, "snapshot metadata");
    long sindex = in.readLong();
    long sterm = in.readLong();
    int voterCount = count(in, 8, "voters");
    List<Long> voters = new ArrayList<>(voterCount);
    for (int i = 0; i < voterCount; i++) {
      voters.add(in.readLong());
    }
    byte[] data = bytes(in, "snapshot data");
    if (in.isReadable()) {
      throw new PeerProtocolException(in.readableBytes() + " bytes after the message");
    }
    return valid(
        () ->
            new Message(
                TYPES[type],
                to,
                from,
                term,
                logTerm,
                index,
                List.copyOf(entries),
                commit,
                new Snapshot(new SnapshotMetadata(sindex, sterm, new ConfState(voters)), data),
                reject,
                rejectHint,
                context));
  }

  private interface Build<T> {
    T get() throws PeerProtocolException;
  }

  /** The records check their invariants with IllegalArgumentException: from a peer, malformed. */
  private static <T> T valid(Build<T> build) throws PeerProtocolException {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new PeerProtocolException("invalid message: " + e.getMessage());
    }
  }

  private static void need(ByteBuf in, int n, String what) throws PeerProtocolException {
    if (in.readableBytes() < n) {
      throw new PeerProtocolException("truncated " + what);
    }
  }

  private static boolean bool(int b) throws PeerProtocolException {
    if (b > 1) {
      throw new PeerProtocolException("reject flag " + b + " is not 0 or 1");
    }
    return b == 1;
  }

  /** A count of items of at least {@code minBytes} each, which must fit in what is left. */
  private static int count(ByteBuf in, int minBytes, String what) throws PeerProtocolException {
    need(in, 4, what + " count");
    int n = in.readInt();
    if (n < 0 || (long) n * minBytes > in.readableBytes()) {
      throw new PeerProtocolException("bad " + what + " count " + n);
    }
    return n;
  }

  private static byte[] bytes(ByteBuf in, String what) throws PeerProtocolException {
    int n = count(in, 1, what + " length");
    byte[] b = new byte[n];
    in.readBytes(b);
    return b;
  }
}
