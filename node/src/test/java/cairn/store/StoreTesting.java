package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.function.Executable;

/** Shared fixtures: a fixed fake clock and error assertions. */
final class StoreTesting {

  /** The fake "now" of every test; tests move it with {@link #at(long)}. */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private StoreTesting() {}

  /** {@link #T0} plus some seconds. */
  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static Instant atMillis(long millis) {
    return T0.plusMillis(millis);
  }

  /** Asserts the call fails with exactly this etcd error. */
  static StoreException assertError(ErrorCode code, String cause, long index, Executable call) {
    StoreException e = assertThrows(StoreException.class, call);
    assertEquals(code, e.errorCode(), "errorCode");
    assertEquals(code.message(), e.errorCode().message());
    assertEquals(cause, e.errorCause(), "cause");
    assertEquals(index, e.index(), "index");
    return e;
  }

  /** A key as NodeExtern, permanent. */
  static NodeExtern key(String key, String value, long modified, long created) {
    return new NodeExtern(key, value, false, null, 0, null, modified, created);
  }

  /** A directory as NodeExtern, permanent, unlisted. */
  static NodeExtern dir(String key, long modified, long created) {
    return new NodeExtern(key, null, true, null, 0, null, modified, created);
  }
}
