package cairn.http;

import cairn.store.Event;
import cairn.store.Store;
import cairn.store.TtlOptions;
import java.time.Instant;
import java.util.Objects;

/**
 * One key-space write as the HTTP layer parsed it (etcd's {@code etcdserverpb.Request} for PUT,
 * POST and DELETE), immutable. The server proposes it through Raft as is and every member applies
 * it with {@link #applyTo}, so the store operation chosen is the same everywhere.
 *
 * @param method PUT, POST or DELETE
 * @param key the user-visible key, clean (e.g. {@code /a/b}; {@code /} for the root). The server
 *     adds its namespace prefix and strips it again from events and error causes.
 * @param value {@code value}; empty when absent
 * @param dir {@code dir=true}
 * @param expireTime absolute expiry computed by the receiving member ({@code now + ttl}), or {@code
 *     null} for none: the absolute time travels through Raft so every member stores the same
 *     instant
 * @param prevExist {@code prevExist}, or {@code null} when absent
 * @param prevValue {@code prevValue}; empty when absent (an empty one given is rejected earlier)
 * @param prevIndex {@code prevIndex}; 0 when absent (0 is never a condition)
 * @param recursive {@code recursive=true} (DELETE)
 * @param refresh etcd 2.3's {@code refresh=true}
 */
public record KeysWrite(
    Method method,
    String key,
    String value,
    boolean dir,
    Instant expireTime,
    Boolean prevExist,
    String prevValue,
    long prevIndex,
    boolean recursive,
    boolean refresh) {

  /** The HTTP methods that write. */
  public enum Method {
    PUT,
    POST,
    DELETE
  }

  public KeysWrite {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(prevValue, "prevValue");
  }

  /**
   * Applies this write to {@code store} with etcd 2.3's dispatch ({@code applyRequest}): POST
   * creates a unique child; PUT is update, compare-and-swap, create or set by {@code prevExist},
   * {@code prevValue} and {@code prevIndex}; DELETE is compare-and-delete or delete.
   *
   * @param key the store path to apply to (the server's namespaced path; {@link #key()} for a store
   *     without namespaces)
   * @param now the applied entry's time, used only for the {@code ttl} fields of the result
   * @throws cairn.store.StoreException the store's error, to be answered as is
   */
  public Event applyTo(Store store, String key, Instant now) {
    TtlOptions ttl = new TtlOptions(expireTime, refresh);
    boolean compare = prevIndex > 0 || !prevValue.isEmpty();
    switch (method) {
      case POST:
        return store.create(key, dir, value, true, ttl, now);
      case PUT:
        if (prevExist != null) {
          if (!prevExist) {
            return store.create(key, dir, value, false, ttl, now);
          }
          return compare
              ? store.compareAndSwap(key, prevValue, prevIndex, value, ttl, now)
              : store.update(key, value, ttl, now);
        }
        return compare
            ? store.compareAndSwap(key, prevValue, prevIndex, value, ttl, now)
            : store.set(key, dir, value, ttl, now);
      case DELETE:
        return compare
            ? store.compareAndDelete(key, prevValue, prevIndex, now)
            : store.delete(key, dir, recursive, now);
      default:
        throw new IllegalStateException("unknown method " + method);
    }
  }
}
