package cairn.util;

/**
 * Always-on invariant checks. Unlike {@code assert}, these run in production: a broken invariant in
 * consensus or storage code must stop the work, not corrupt data quietly.
 */
public final class Check {

  private Check() {}

  /** Fails with {@link IllegalStateException} when an internal invariant does not hold. */
  public static void state(boolean holds, String what) {
    if (!holds) {
      throw new IllegalStateException(what);
    }
  }

  /** As {@link #state(boolean, String)}, formatting the message only when the check fails. */
  public static void state(boolean holds, String format, Object... args) {
    if (!holds) {
      throw new IllegalStateException(String.format(format, args));
    }
  }

  /** Fails with {@link IllegalArgumentException} when a caller passed a value out of contract. */
  public static void argument(boolean holds, String what) {
    if (!holds) {
      throw new IllegalArgumentException(what);
    }
  }

  /** As {@link #argument(boolean, String)}, formatting the message only when the check fails. */
  public static void argument(boolean holds, String format, Object... args) {
    if (!holds) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
