package cairn.cli.ctl;

import java.util.List;

/**
 * Runs an etcdctl command line: Go-style flag parsing ({@link GoFlags}), then the command, then
 * etcdctl's exit code. No command framework is loaded on this path: scripts call etcdctl in loops,
 * and start-up time is what they feel.
 */
public final class CtlMain {

  private CtlMain() {}

  /** One etcdctl call, the process's only one. */
  public static int run(List<String> args) {
    return run(args, Terminal.system());
  }

  /** One command: the one-shot call above, or one of a longer-lived process (the shell, tests). */
  static int run(List<String> args, Terminal terminal) {
    GoFlags.Invocation invocation;
    try {
      invocation = GoFlags.parse(CtlCommands.ROOT, args);
    } catch (GoFlags.UsageException e) {
      // etcdctl's answer to a bad flag: the error, the help of the command, exit 1.
      boolean top = e.path().size() == 1;
      terminal.out().println((top ? "Incorrect Usage. " : "Incorrect Usage: ") + e.getMessage());
      terminal.out().println();
      CtlHelp.print(e.path(), terminal.out());
      terminal.err().println(e.getMessage());
      return 1;
    } catch (GoFlags.UnknownCommandException e) {
      terminal.err().println("No help topic for '" + e.getMessage() + "'");
      return 3;
    }
    if (invocation.globals().bool("version")) {
      terminal
          .out()
          .println(
              "etcdctl version " + CtlCommands.ETCDCTL_VERSION + " (cairn " + cairnVersion() + ")");
      return 0;
    }
    CtlCommandDef command = invocation.command();
    if (invocation.help() || command.action() == null) {
      CtlHelp.print(invocation.path(), terminal.out());
      return 0;
    }
    Ctl ctl = new Ctl(invocation.globals(), terminal);
    try {
      return command.action().run(ctl, invocation.args());
    } catch (CtlExit exit) {
      return exit.code();
    } finally {
      terminal.out().flush();
      terminal.err().flush();
    }
  }

  /** The Cairn version, from the build's stamp. */
  static String cairnVersion() {
    java.util.Properties build = new java.util.Properties();
    try (java.io.InputStream in =
        CtlMain.class.getResourceAsStream("/cairn/cli/build.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (java.io.IOException e) {
      // unknown below
    }
    return build.getProperty("version", "unknown");
  }
}
