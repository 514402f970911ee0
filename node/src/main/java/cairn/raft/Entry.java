package cairn.raft;

import cairn.util.Check;
import java.util.Arrays;

/**
 * One entry of the Raft log.
 *
 * <p>The data array is owned by the entry: whoever builds an entry hands the array over and never
 * changes it afterwards (it is not copied, because entries are on the hot path). An empty array is
 * the leader's no-op entry at the start of its term.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {

  public Entry {
    Check.argument(term >= 0, "entry term %d < 0", term);
    Check.argument(index >= 0, "entry index %d < 0", index);
    Check.argument(type != null, "entry type is null");
    Check.argument(data != null, "entry data is null");
  }

  /** A normal entry. */
  public static Entry normal(long term, long index, byte[] data) {
    return new Entry(term, index, EntryType.NORMAL, data);
  }

  /** The size the entry counts for in message and batch limits. */
  public long sizeBytes() {
    return data.length + 24L;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Entry that
        && term == that.term
        && index == that.index
        && type == that.type
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return ((Long.hashCode(term) * 31 + Long.hashCode(index)) * 31 + type.hashCode()) * 31
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Entry[" + term + "/" + index + " " + type + " " + data.length + " bytes]";
  }
}
