package cairn.http;

/**
 * A refused membership change, answered as etcd's members API does: {@code status} with {@code
 * {"message": message}} (500s answer {@code Internal Server Error}, as etcd maps unknown errors).
 */
public final class MemberException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public MemberException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 404 {@code No such member: <id>}. */
  public static MemberException notFound(String id) {
    return new MemberException(404, "No such member: " + id);
  }

  /** 410 {@code Member permanently removed: <id>}. */
  public static MemberException removed(String id) {
    return new MemberException(410, "Member permanently removed: " + id);
  }

  /** 409 {@code etcdserver: ID exists}. */
  public static MemberException idExists() {
    return new MemberException(409, "etcdserver: ID exists");
  }

  /** 409 {@code etcdserver: peerURL exists}. */
  public static MemberException peerUrlExists() {
    return new MemberException(409, "etcdserver: peerURL exists");
  }

  /**
   * etcd 2.3's ErrNotEnoughStartedMembers ({@code --strict-reconfig-check}), which its members API
   * does not map: a 500.
   */
  public static MemberException notEnoughStartedMembers() {
    return new MemberException(
        500, "etcdserver: re-configuration failed due to not enough started members");
  }

  /** etcd's ErrIDRemoved, which its members API does not map: a 500. */
  public static MemberException idRemoved() {
    return new MemberException(500, "etcdserver: ID removed");
  }
}
