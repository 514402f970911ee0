package cairn.store;

import java.time.Instant;

/**
 * Instants as epoch nanoseconds, the unit of the Raft request's expiration (etcd: unix ns). The
 * tree stores a long rather than an {@link Instant} to keep nodes small.
 */
final class Times {

  private Times() {}

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
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
