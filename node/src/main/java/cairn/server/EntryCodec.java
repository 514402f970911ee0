package cairn.server;

import cairn.http.KeysWrite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a normal Raft entry that the server proposes. Big-endian, all versions so far:
 *
 * <pre>
 * u8  version (1)
 * u8  kind: 1 write, 2 sync (leader's clock, expires TTLs), 3 read marker (quorum GET),
 *          4 publish (a member's name and client URLs), 5 update (a member's peer URLs)
 * i64 request id (0 for sync)
 * i64 epoch seconds, i32 nanos    the proposer's clock: the entry's "now"
 * write only:
 *   u8 method (0 PUT, 1 POST, 2 DELETE), str key, str value, bool dir,
 *   bool has expiry [i64 epoch seconds, i32 nanos], u8 prevExist (0 absent, 1 false, 2 true),
 *   str prevValue, i64 prevIndex, bool recursive, bool refresh
 * publish and update: i64 member id, str name (empty for update), i32 count, that many str URLs
 * str = i32 length + UTF-8 bytes (not DataOutput's modified UTF-8, which caps at 64 KiB)
 * </pre>
 *
 * An empty entry is the leader's no-op and is not decoded here.
 */
final class EntryCodec {

  private static final int VERSION = 1;

  private EntryCodec() {}

  enum Kind {
    WRITE,
    SYNC,
    READ,
    PUBLISH,
    UPDATE
  }

  /** A member's record for PUBLISH (name, client URLs) and UPDATE (peer URLs, name empty). */
  record MemberRecord(long memberId, String name, List<String> urls) {
    MemberRecord {
      urls = List.copyOf(urls);
    }
  }

  /**
   * A decoded entry: {@code write} is null unless the kind is WRITE, {@code member} null unless it
   * is PUBLISH or UPDATE.
   */
  record Request(Kind kind, long id, Instant time, KeysWrite write, MemberRecord member) {
    Request(Kind kind, long id, Instant time, KeysWrite write) {
      this(kind, id, time, write, null);
    }
  }

  /**
   * The context of a membership change entry: the proposer's request id, the member's ID and its
   * peer URLs (Raft's node id is the member ID with the top bit cleared, so it is kept whole).
   */
  record MemberChange(long requestId, long memberId, List<String> peerUrls) {
    MemberChange {
      peerUrls = List.copyOf(peerUrls);
    }

    byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(VERSION);
        out.writeLong(requestId);
        out.writeLong(memberId);
        strings(out, peerUrls);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot happen on a byte array", e);
      }
      return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a context of this format
     */
    static MemberChange decode(byte[] context) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(context))) {
        int version = in.readUnsignedByte();
        if (version != VERSION) {
          throw new IllegalArgumentException("unknown member change version " + version);
        }
        MemberChange change = new MemberChange(in.readLong(), in.readLong(), strings(in));
        if (in.available() != 0) {
          throw new IllegalArgumentException(in.available() + " trailing bytes in member change");
        }
        return change;
      } catch (IOException e) {
        throw new IllegalArgumentException("truncated member change: " + e, e);
      }
    }
  }

  static byte[] encode(Request r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(r.kind().ordinal() + 1);
      out.writeLong(r.id());
      instant(out, r.time());
      if (r.kind() == Kind.WRITE) {
        KeysWrite w = r.write();
        out.writeByte(w.method().ordinal());
        string(out, w.key());
        string(out, w.value());
        out.writeBoolean(w.dir());
        out.writeBoolean(w.expireTime() != null);
        if (w.expireTime() != null) {
          instant(out, w.expireTime());
        }
        out.writeByte(w.prevExist() == null ? 0 : w.prevExist() ? 2 : 1);
        string(out, w.prevValue());
        out.writeLong(w.prevIndex());
        out.writeBoolean(w.recursive());
        out.writeBoolean(w.refresh());
      } else if (r.kind() == Kind.PUBLISH || r.kind() == Kind.UPDATE) {
        out.writeLong(r.member().memberId());
        string(out, r.member().name());
        strings(out, r.member().urls());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen on a byte array", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not an entry of this format
   */
  static Request decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown entry version " + version);
      }
      int kind = in.readUnsignedByte();
      if (kind < 1 || kind > Kind.values().length) {
        throw new IllegalArgumentException("unknown entry kind " + kind);
      }
      Kind k = Kind.values()[kind - 1];
      long id = in.readLong();
      Instant time = instant(in);
      KeysWrite write = null;
      if (k == Kind.WRITE) {
        int method = in.readUnsignedByte();
        if (method >= KeysWrite.Method.values().length) {
          throw new IllegalArgumentException("unknown method " + method);
        }
        String key = string(in);
        String value = string(in);
        boolean dir = in.readBoolean();
        Instant expire = in.readBoolean() ? instant(in) : null;
        int prevExist = in.readUnsignedByte();
        String prevValue = string(in);
        long prevIndex = in.readLong();
        boolean recursive = in.readBoolean();
        boolean refresh = in.readBoolean();
        write =
            new KeysWrite(
                KeysWrite.Method.values()[method],
                key,
                value,
                dir,
                expire,
                prevExist == 0 ? null : prevExist == 2,
                prevValue,
                prevIndex,
                recursive,
                refresh);
      }
      MemberRecord member = null;
      if (k == Kind.PUBLISH || k == Kind.UPDATE) {
        member = new MemberRecord(in.readLong(), string(in), strings(in));
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException(in.available() + " trailing bytes in entry");
      }
      return new Request(k, id, time, write, member);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated entry: " + e, e);
    }
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    long seconds = in.readLong();
    int nanos = in.readInt();
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void strings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      string(out, v);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available() / 4) {
      throw new IllegalArgumentException("bad list length " + n);
    }
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(string(in));
    }
    return values;
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
