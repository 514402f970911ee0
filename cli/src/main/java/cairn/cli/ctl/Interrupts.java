package cairn.cli.ctl;

import sun.misc.Signal;

/** etcdctl's long-running commands end with status 0 on Ctrl-C, not the JVM's 130. */
final class Interrupts {

  private Interrupts() {}

  static void exitZeroOnInterrupt() {
    try {
      Signal.handle(new Signal("INT"), signal -> Runtime.getRuntime().halt(0));
    } catch (IllegalArgumentException e) {
      // no SIGINT on this platform: the JVM's default handling stays
    }
  }
}
