package cairn.migrate.v04;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a 0.4 {@code log} file: entries framed by a hex length line ({@code "%8x\n"}, read as
 * leniently as Go's {@code Fscanf} reads it) and encoded as a goraft LogEntry protobuf.
 *
 * <p>An incomplete last entry (0.4 crashed while writing it) is dropped and reported in {@link
 * Result#tornTail()}, which is what 0.4 itself did on its next start. Damage with whole entries
 * after it, a break in the index sequence, or a term that goes backwards stops the read with {@link
 * Etcd04FormatException} naming the offset.
 */
public final class Log04Reader {

  private final Path file;
  private final byte[] bytes;

  private Log04Reader(Path file, byte[] bytes) {
    this.file = file;
    this.bytes = bytes;
  }

  /** The entries, and what was dropped from the end, if anything. */
  public record Result(List<LogEntry04> entries, Optional<String> tornTail) {
    public Result {
      entries = List.copyOf(entries);
    }
  }

  public static Result read(Path file) throws IOException {
    return new Log04Reader(file, Files.readAllBytes(file)).readAll();
  }

  private Result readAll() throws Etcd04FormatException {
    List<LogEntry04> entries = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int start = at;
      // The length line: blanks, 1..8 hex digits, a newline, at most 9 bytes in all.
      int i = at;
      while (i < bytes.length && bytes[i] == ' ' && i - at < 8) {
        i++;
      }
      int digitsStart = i;
      long length = 0;
      while (i < bytes.length && hex(bytes[i]) >= 0 && i - at < 8) {
        length = length * 16 + hex(bytes[i]);
        i++;
      }
      if (i >= bytes.length) {
        // Go reads blanks or digits without a newline at the end as a clean end; they are in
        // fact the start of a length line that was being written, so say so.
        return torn(entries, start, "a length line without its newline");
      }
      if (digitsStart == i || bytes[i] != '\n') {
        if (allZero(start)) {
          return torn(entries, start, "zeroed bytes");
        }
        throw new Etcd04FormatException(file, start, "expected a hex length line");
      }
      int bodyStart = i + 1;
      if (bodyStart + length > bytes.length) {
        return torn(entries, start, "an entry of " + length + " bytes cut short");
      }
      LogEntry04 entry;
      try {
        entry = decode(start, bodyStart, (int) length);
      } catch (IllegalArgumentException e) {
        if (bodyStart + length == bytes.length || allZero(bodyStart)) {
          return torn(entries, start, "an unreadable last entry (" + e.getMessage() + ")");
        }
        throw new Etcd04FormatException(file, start, e.getMessage());
      }
      if (!entries.isEmpty()) {
        LogEntry04 previous = entries.get(entries.size() - 1);
        if (entry.index() != previous.index() + 1) {
          throw new Etcd04FormatException(
              file, start, "entry " + entry.index() + " follows entry " + previous.index());
        }
        if (entry.term() < previous.term()) {
          throw new Etcd04FormatException(
              file, start, "term " + entry.term() + " after term " + previous.term());
        }
      }
      entries.add(entry);
      at = bodyStart + (int) length;
    }
    return new Result(entries, Optional.empty());
  }

  private Result torn(List<LogEntry04> entries, int offset, String what) {
    return new Result(
        entries,
        Optional.of(
            file
                + ": dropped "
                + (bytes.length - offset)
                + " bytes at offset "
                + offset
                + " after the last whole entry: "
                + what));
  }

  private boolean allZero(int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** The goraft LogEntry protobuf: Index=1, Term=2, CommandName=3, Command=4. */
  private LogEntry04 decode(int offset, int from, int length) {
    Protobuf in = new Protobuf(bytes, from, from + length);
    Long index = null;
    Long term = null;
    String name = null;
    byte[] command = new byte[0];
    while (in.hasMore()) {
      long tag = in.varint();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      switch (field) {
        case 1 -> index = in.expectVarint(wireType, "Index");
        case 2 -> term = in.expectVarint(wireType, "Term");
        case 3 ->
            name = new String(in.expectBytes(wireType, "CommandName"), StandardCharsets.UTF_8);
        case 4 -> command = in.expectBytes(wireType, "Command");
        default -> in.skip(wireType);
      }
    }
    if (index == null || term == null || name == null) {
      throw new IllegalArgumentException("an entry without its index, term or command name");
    }
    return new LogEntry04(offset, index, term, name, command);
  }

  /** Just enough protobuf wire format for LogEntry. */
  private static final class Protobuf {
    private final byte[] bytes;
    private int at;
    private final int end;

    Protobuf(byte[] bytes, int from, int end) {
      this.bytes = bytes;
      this.at = from;
      this.end = end;
    }

    boolean hasMore() {
      return at < end;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (at >= end) {
          throw new IllegalArgumentException("a varint runs past the entry");
        }
        byte b = bytes[at++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a varint longer than 10 bytes");
    }

    long expectVarint(int wireType, String field) {
      if (wireType != 0) {
        throw new IllegalArgumentException(field + " has wire type " + wireType);
      }
      return varint();
    }

    byte[] expectBytes(int wireType, String field) {
      if (wireType != 2) {
        throw new IllegalArgumentException(field + " has wire type " + wireType);
      }
      long length = varint();
      if (length < 0 || at + length > end) {
        throw new IllegalArgumentException(field + " runs past the entry");
      }
      byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + (int) length);
      at += (int) length;
      return value;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> at += 8;
        case 2 -> at += (int) varint();
        case 5 -> at += 4;
        default -> throw new IllegalArgumentException("unknown wire type " + wireType);
      }
      if (at > end) {
        throw new IllegalArgumentException("a field runs past the entry");
      }
    }
  }
}
