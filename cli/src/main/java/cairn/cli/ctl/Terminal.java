package cairn.cli.ctl;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a ctl command talks to: standard input, output and error, and the environment. A seam so
 * that tests run commands in-process and capture what they print.
 */
record Terminal(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {

  static Terminal system() {
    return new Terminal(System.in, System.out, System.err, System.getenv());
  }
}
