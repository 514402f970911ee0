package cairn.store;

import cairn.util.Check;
import java.io.DataOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The store's snapshot format: compact binary, big-endian ({@link DataOutputStream}).
 *
 * <pre>
 * snapshot := magic:int32 ("CRS1" = 0x43525331)  currentIndex:int64  node(root)  crc:int32
 * node     := flags:int8  name:bytes  createdIndex:int64  modifiedIndex:int64
 *             [expireNanos:int64 if flags&amp;2]
 *             (value:bytes if key | childCount:int32 node* if flags&amp;1)
 * bytes    := length:int32  UTF-8
 * flags    := 1 = directory, 2 = has a TTL (expiry in Unix nanoseconds, absolute)
 * </pre>
 *
 * Nodes are written depth first, children in creation order (createdIndex, then name; cheap to
 * sort, unlike names, which are scattered in memory), so equal states give equal bytes. The CRC32
 * covers everything before it. The event history and the statistics are not saved (as etcd's stats,
 * they are per process); the root's name is empty.
 */
final class StoreSnapshot {

  static final int MAGIC = 0x43525331;
  private static final int DIR = 1;
  private static final int TTL = 2;

  private StoreSnapshot() {}

  /** A decoded snapshot: the tree, its index, and its nodes with a TTL (for the TTL heap). */
  record Decoded(Node root, long index, List<Node> withTtl) {}

  static byte[] encode(Node root, long index) {
    ChunkedOutput out = new ChunkedOutput();
    out.writeInt(MAGIC);
    out.writeLong(index);
    // Depth first with an explicit stack: the tree's depth is up to the clients.
    ArrayDeque<Iterator<Node>> stack = new ArrayDeque<>();
    writeNode(out, root, stack);
    while (!stack.isEmpty()) {
      Iterator<Node> it = stack.peek();
      if (it.hasNext()) {
        writeNode(out, it.next(), stack);
      } else {
        stack.pop();
      }
    }
    return out.toByteArrayWithCrc();
  }

  /**
   * Big-endian writes into 256 KiB chunks, copied once into an exact array at the end: a {@link
   * java.io.ByteArrayOutputStream} would lock per byte and copy the whole snapshot at each
   * doubling, which costs seconds for a million keys. Integers go straight into the chunk, not
   * through {@link DataOutputStream}'s buffer and a call each; chunks stay under G1's humongous
   * size for its smallest regions (half of 1 MiB), so they are ordinary young objects, not 28
   * humongous ones per snapshot at 100,000 keys.
   */
  private static final class ChunkedOutput {
    private static final int CHUNK = 256 << 10;
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private final List<byte[]> full = new ArrayList<>();
    private byte[] current = new byte[CHUNK];
    private int pos;
    private long total;

    void writeByte(int b) {
      if (pos == CHUNK) {
        nextChunk();
      }
      current[pos++] = (byte) b;
    }

    void writeInt(int v) {
      if (CHUNK - pos < Integer.BYTES) {
        for (int shift = 24; shift >= 0; shift -= 8) {
          writeByte(v >>> shift);
        }
        return;
      }
      INT.set(current, pos, v);
      pos += Integer.BYTES;
    }

    void writeLong(long v) {
      if (CHUNK - pos < Long.BYTES) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
        return;
      }
      LONG.set(current, pos, v);
      pos += Long.BYTES;
    }

    void write(byte[] b) {
      int off = 0;
      int len = b.length;
      while (len > 0) {
        if (pos == CHUNK) {
          nextChunk();
        }
        int n = Math.min(len, CHUNK - pos);
        System.arraycopy(b, off, current, pos, n);
        pos += n;
        off += n;
        len -= n;
      }
    }

    private void nextChunk() {
      full.add(current);
      total += CHUNK;
      current = new byte[CHUNK];
      pos = 0;
    }

    byte[] toByteArrayWithCrc() {
      long size = total + pos + 4;
      Check.state(size <= Integer.MAX_VALUE - 8, "store snapshot over 2 GiB: %d bytes", size);
      byte[] out = new byte[(int) size];
      int at = 0;
      for (byte[] c : full) {
        System.arraycopy(c, 0, out, at, CHUNK);
        at += CHUNK;
      }
      System.arraycopy(current, 0, out, at, pos);
      at += pos;
      CRC32 crc = new CRC32();
      crc.update(out, 0, at);
      INT.set(out, at, (int) crc.getValue());
      return out;
    }
  }

  /** Writes one node; a directory's children follow, so their iterator goes on the stack. */
  private static void writeNode(ChunkedOutput out, Node n, ArrayDeque<Iterator<Node>> stack) {
    out.writeByte((n.isDir() ? DIR : 0) | (n.isPermanent() ? 0 : TTL));
    writeBytes(out, n.name);
    out.writeLong(n.createdIndex);
    out.writeLong(n.modifiedIndex);
    if (!n.isPermanent()) {
      out.writeLong(n.expireNanos);
    }
    if (n.isDir()) {
      List<Node> children = n.childrenInCreationOrder();
      out.writeInt(children.size());
      stack.push(children.iterator());
    } else {
      writeBytes(out, n.value());
    }
  }

  private static void writeBytes(ChunkedOutput out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static Decoded decode(byte[] snapshot) {
    if (snapshot.length < 16) {
      throw new IllegalArgumentException("store snapshot too short: " + snapshot.length);
    }
    CRC32 crc = new CRC32();
    crc.update(snapshot, 0, snapshot.length - 4);
    int stored =
        ((snapshot[snapshot.length - 4] & 0xff) << 24)
            | ((snapshot[snapshot.length - 3] & 0xff) << 16)
            | ((snapshot[snapshot.length - 2] & 0xff) << 8)
            | (snapshot[snapshot.length - 1] & 0xff);
    if (stored != (int) crc.getValue()) {
      throw new IllegalArgumentException("store snapshot CRC mismatch");
    }
    ByteBuffer in = ByteBuffer.wrap(snapshot, 0, snapshot.length - 4); // big-endian
    try {
      if (in.getInt() != MAGIC) {
        throw new IllegalArgumentException("not a store snapshot (bad magic)");
      }
      long index = in.getLong();
      List<Node> withTtl = new ArrayList<>();
      ArrayDeque<Pending> stack = new ArrayDeque<>();
      Node root = readNode(in, null, withTtl, stack);
      while (!stack.isEmpty()) {
        Pending p = stack.peek();
        if (p.left == 0) {
          stack.pop();
        } else {
          p.left--;
          p.dir.addChild(readNode(in, p.dir, withTtl, stack));
        }
      }
      if (in.hasRemaining() || !root.isDir()) {
        throw new IllegalArgumentException("malformed store snapshot");
      }
      return new Decoded(root, index, withTtl);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated store snapshot", e);
    }
  }

  /** A directory whose children are still to be read. */
  private static final class Pending {
    final Node dir;
    int left;

    Pending(Node dir, int left) {
      this.dir = dir;
      this.left = left;
    }
  }

  /** Reads one node; a directory with children goes on the stack to receive them. */
  private static Node readNode(
      ByteBuffer in, Node parent, List<Node> withTtl, ArrayDeque<Pending> stack) {
    int flags = in.get();
    String name = readString(in);
    long created = in.getLong();
    long modified = in.getLong();
    long expire = (flags & TTL) != 0 ? in.getLong() : Node.PERMANENT;
    Node n;
    if ((flags & DIR) != 0) {
      n = Node.newDir(name, parent, created);
      int count = in.getInt();
      if (count < 0) {
        throw new IllegalArgumentException("malformed store snapshot: child count " + count);
      }
      if (count > 0) {
        n.reserveChildren(count);
        stack.push(new Pending(n, count));
      }
    } else {
      n = Node.newKey(name, parent, created, readString(in));
    }
    n.modifiedIndex = modified;
    n.expireNanos = expire;
    if (!n.isPermanent()) {
      withTtl.add(n);
    }
    return n;
  }

  private static String readString(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw new IllegalArgumentException("malformed store snapshot: length " + len);
    }
    String str =
        new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
    in.position(in.position() + len);
    return str;
  }
}
