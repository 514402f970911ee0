package cairn.raft.tracker;

import cairn.util.Check;

/**
 * The last indexes of the append messages sent to one follower and not yet acknowledged, in a ring
 * buffer of fixed size: the bound on pipelining.
 */
public final class Inflights {
  private final long[] buffer;
  private int start;
  private int count;

  public Inflights(int size) {
    Check.argument(size > 0, "in-flight window %d <= 0", size);
    buffer = new long[size];
  }

  public void add(long index) {
    Check.state(!full(), "adding to a full in-flight window");
    int next = start + count;
    if (next >= buffer.length) {
      next -= buffer.length;
    }
    buffer[next] = index;
    count++;
  }

  /** Frees every message whose last index is at most {@code to}. */
  public void freeLE(long to) {
    if (count == 0 || to < buffer[start]) {
      return;
    }
    int idx = start;
    int freed = 0;
    for (; freed < count; freed++) {
      if (to < buffer[idx]) {
        break;
      }
      idx++;
      if (idx >= buffer.length) {
        idx -= buffer.length;
      }
    }
    count -= freed;
    start = count == 0 ? 0 : idx;
  }

  public boolean full() {
    return count == buffer.length;
  }

  public int count() {
    return count;
  }

  public void reset() {
    count = 0;
    start = 0;
  }
}
