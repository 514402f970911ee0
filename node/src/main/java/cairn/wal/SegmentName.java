package cairn.wal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A segment file name, {@code <seq>-<first index>.wal} in 16 lower-case hex digits each (etcd's
 * style), so that name order is sequence order.
 */
record SegmentName(long seq, long firstIndex) implements Comparable<SegmentName> {

  private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-([0-9a-f]{16})\\.wal");

  static Optional<SegmentName> parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new SegmentName(
            Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)));
  }

  String fileName() {
    return String.format("%016x-%016x.wal", seq, firstIndex);
  }

  @Override
  public int compareTo(SegmentName other) {
    return Long.compareUnsigned(seq, other.seq);
  }
}
