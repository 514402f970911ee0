package cairn.util;

import java.io.IOException;
import java.util.concurrent.ExecutionException;

/** How a failure that crossed threads is reported to the waiting caller. */
public final class Failures {

  private Failures() {}

  /**
   * The failure of a task another thread ran, as the IOException its waiter throws: the task's own
   * IOException when it failed with one, else one that says {@code what} failed and carries the
   * cause.
   */
  public static IOException asIOException(ExecutionException e, String what) {
    return e.getCause() instanceof IOException io ? io : new IOException(what, e.getCause());
  }
}
