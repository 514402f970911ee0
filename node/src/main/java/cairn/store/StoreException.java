package cairn.store;

import java.util.Objects;

/**
 * An etcd key-space error: {@code errorCode}, {@code message}, {@code cause} and {@code index}, as
 * etcd's {@code error.Error}. Unchecked because every store operation can raise one and the caller
 * (the apply loop) treats all of them alike: the result of the entry is the error.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final String errorCause;
  private final long index;

  /**
   * @param errorCode etcd's code
   * @param errorCause etcd's {@code cause}: for path errors the store's full path; may be empty
   * @param index the store index when the error was raised ({@code 0} for request validation)
   */
  public StoreException(ErrorCode errorCode, String errorCause, long index) {
    // No stack trace: these are expected results (a missing key, a failed compare), frequent
    // under load, and the trace would only say which store method raised them.
    super(errorCode.message() + " (" + errorCause + ") [" + index + "]", null, false, false);
    this.errorCode = Objects.requireNonNull(errorCode);
    this.errorCause = Objects.requireNonNull(errorCause);
    this.index = index;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  /** etcd's {@code cause} field; empty when etcd omits it. */
  public String errorCause() {
    return errorCause;
  }

  /** etcd's {@code index} field (and the {@code X-Etcd-Index} header of the error response). */
  public long index() {
    return index;
  }
}
