package cairn.client;

import java.io.IOException;

/**
 * An error answered by etcd's key space: {@code {"errorCode":100,"message":"Key not found",
 * "cause":"/foo","index":7}}. {@link #getMessage()} renders it as etcdctl does: {@code 100: Key not
 * found (/foo) [7]}.
 */
public final class EtcdException extends IOException {

  private final int errorCode;
  private final String etcdMessage;
  private final String etcdCause;
  private final long index;

  public EtcdException(int errorCode, String message, String cause, long index) {
    super(errorCode + ": " + message + " (" + cause + ") [" + index + "]");
    this.errorCode = errorCode;
    this.etcdMessage = message;
    this.etcdCause = cause;
    this.index = index;
  }

  public int errorCode() {
    return errorCode;
  }

  public String etcdMessage() {
    return etcdMessage;
  }

  public String etcdCause() {
    return etcdCause;
  }

  public long index() {
    return index;
  }
}
