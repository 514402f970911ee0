package cairn.store;

import java.time.Instant;

/**
 * Instants as epoch nanoseconds, the unit of the Raft request's expiration (etcd: unix ns). The
 * tree stores a long rather than an {@link Instant} to keep nodes small.
 */
final class Times {

  private Times() {}

  /** Range of {@code long} nanoseconds, years 1678 to 2262; beyond it times saturate. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

  /**
   * Epoch nanoseconds, saturated: an absurd TTL (etcd accepts any uint64) must not make the apply
   * thread throw; it simply never expires in practice. The minimum is kept apart from {@link
   * Node#PERMANENT}.
   */
  static long nanos(Instant t) {
    long s = t.getEpochSecond();
    if (s > MAX_SECONDS) {
      return Long.MAX_VALUE;
    }
    if (s < -MAX_SECONDS) {
      return Long.MIN_VALUE + 1;
    }
    return s * 1_000_000_000L + t.getNano();
  }

  static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  /**
   * etcd's TTL: {@code ceil((expire - now) / 1s)} with Go's truncating division, so an expired node
   * shows 0 or a negative number.
   */
  static long ttlSeconds(long expireNanos, long nowNanos) {
    long left = expireNanos - nowNanos;
    long ttl = left / 1_000_000_000L;
    if (left % 1_000_000_000L > 0) {
      ttl++;
    }
    return ttl;
  }
}
