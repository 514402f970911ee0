package cairn.node;

/**
 * A command line or environment that etcd would refuse, with etcd's message and exit code (2 for
 * the flag library's errors, which also print the usage; 1 for the checks after parsing).
 */
final class FlagException extends Exception {

  private final int exitCode;
  private final boolean showUsage;

  FlagException(String message, int exitCode, boolean showUsage) {
    super(message);
    this.exitCode = exitCode;
    this.showUsage = showUsage;
  }

  int exitCode() {
    return exitCode;
  }

  boolean showUsage() {
    return showUsage;
  }
}
