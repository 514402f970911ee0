package cairn.cli.ctl;

/** Ends a ctl command with an exit code, after what had to be printed was printed. */
final class CtlExit extends RuntimeException {

  /** etcdctl 2.3's exit codes. */
  static final int SUCCESS = 0;

  static final int BAD_ARGS = 1;
  static final int BAD_CONNECTION = 2;
  static final int SERVER_ERROR = 4;
  static final int CLUSTER_NOT_HEALTHY = 5;

  private final int code;

  CtlExit(int code) {
    super(null, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
