package cairn.store;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live counters behind {@link StoreStats}. Atomic because gets run concurrently on HTTP threads
 * while the apply thread counts writes.
 */
final class StatsCounters {

  /** One counter per operation outcome, in {@link StoreStats} order. */
  enum Counter {
    GET_SUCCESS,
    GET_FAIL,
    SET_SUCCESS,
    SET_FAIL,
    DELETE_SUCCESS,
    DELETE_FAIL,
    UPDATE_SUCCESS,
    UPDATE_FAIL,
    CREATE_SUCCESS,
    CREATE_FAIL,
    CAS_SUCCESS,
    CAS_FAIL,
    CAD_SUCCESS,
    CAD_FAIL,
    EXPIRE_COUNT
  }

  private final AtomicLongArray counts = new AtomicLongArray(Counter.values().length);

  void inc(Counter c) {
    counts.incrementAndGet(c.ordinal());
  }

  /** Success or failure counter of an operation, chosen by outcome. */
  void inc(Counter success, Counter fail, boolean succeeded) {
    inc(succeeded ? success : fail);
  }

  StoreStats snapshot(long watchers) {
    return new StoreStats(
        counts.get(0),
        counts.get(1),
        counts.get(2),
        counts.get(3),
        counts.get(4),
        counts.get(5),
        counts.get(6),
        counts.get(7),
        counts.get(8),
        counts.get(9),
        counts.get(10),
        counts.get(11),
        counts.get(12),
        counts.get(13),
        counts.get(14),
        watchers);
  }
}
