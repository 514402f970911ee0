package cairn.stats;

/**
 * etcd's {@code statsQueue}: the last {@value #CAPACITY} append requests (time and size), from
 * which {@code /v2/stats/self} derives its package and bandwidth rates. Not thread-safe; {@link
 * ServerStats} guards it.
 */
final class RateWindow {

  /** etcd's {@code queueCapacity}. */
  static final int CAPACITY = 200;

  /** The window is dropped when its newest request is older than this (etcd: one second). */
  static final long STALE_AFTER_NANOS = 1_000_000_000L;

  /** Requests per second and bytes per second. */
  record Rates(double packages, double bytes) {
    static final Rates ZERO = new Rates(0, 0);
  }

  private final long[] times = new long[CAPACITY];
  private final int[] sizes = new int[CAPACITY];
  private int front;
  private int back = -1;
  private int size;
  private long totalBytes;

  /** Adds a request, evicting the oldest when full. */
  void insert(long nanoTime, int bytes) {
    back = (back + 1) % CAPACITY;
    if (size == CAPACITY) {
      totalBytes -= sizes[front];
      front = (back + 1) % CAPACITY;
    } else {
      size++;
    }
    times[back] = nanoTime;
    sizes[back] = bytes;
    totalBytes += bytes;
  }

  /**
   * The rates over the window: count and bytes divided by the time from the oldest to the newest
   * request. Zero when the window is empty, or when its newest request is more than a second old
   * (the window is then cleared, as etcd does). Zero too when the window spans no time (etcd
   * divides by zero there, see the package notes).
   */
  Rates rates(long nowNanos) {
    if (size == 0) {
      return Rates.ZERO;
    }
    if (nowNanos - times[back] > STALE_AFTER_NANOS) {
      clear();
      return Rates.ZERO;
    }
    long span = times[back] - times[front];
    if (span <= 0) {
      return Rates.ZERO;
    }
    // etcd's expression and order of operations, so the floats come out bit for bit the same.
    return new Rates((double) size / span * 1e9, (double) totalBytes / span * 1e9);
  }

  private void clear() {
    back = -1;
    front = 0;
    size = 0;
    totalBytes = 0;
  }
}
