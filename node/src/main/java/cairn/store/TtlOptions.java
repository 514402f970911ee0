package cairn.store;

import java.time.Instant;

/**
 * The TTL part of a write (etcd's {@code TTLOptionSet}). The expiry is absolute: the member that
 * received the request computed {@code now + ttl} and the time travelled through Raft, so every
 * replica stores the same instant.
 *
 * @param expireTime absolute expiry, or {@code null} for a permanent node (a write without {@code
 *     ttl}, or with an empty one, makes the node permanent, as in etcd)
 * @param refresh etcd 2.3's {@code refresh=true}: keep the value, reset the TTL, do not notify
 *     watchers
 */
public record TtlOptions(Instant expireTime, boolean refresh) {

  /** No TTL: the node becomes (or stays) permanent. */
  public static final TtlOptions PERMANENT = new TtlOptions(null, false);

  /** A TTL ending at {@code expireTime}. */
  public static TtlOptions expireAt(Instant expireTime) {
    return new TtlOptions(java.util.Objects.requireNonNull(expireTime), false);
  }

  /** A refresh: keep the value, set the expiry to {@code expireTime}. */
  public static TtlOptions refresh(Instant expireTime) {
    return new TtlOptions(java.util.Objects.requireNonNull(expireTime), true);
  }
}
