package cairn.cli.ctl;

import java.io.PrintStream;
import java.util.List;

/** Help in etcdctl's (codegangsta/cli's) layout. */
final class CtlHelp {

  private CtlHelp() {}

  static void print(List<CtlCommandDef> path, PrintStream out) {
    CtlCommandDef command = path.get(path.size() - 1);
    if (path.size() == 1) {
      app(command, out);
    } else {
      command(path, out);
    }
    out.flush();
  }

  private static void app(CtlCommandDef root, PrintStream out) {
    out.println("NAME:");
    out.println("   etcdctl - " + root.description());
    out.println();
    out.println("USAGE:");
    out.println("   etcdctl [global options] command [command options] [arguments...]");
    out.println();
    out.println("VERSION:");
    out.println("   " + CtlCommands.ETCDCTL_VERSION);
    out.println();
    out.println("COMMANDS:");
    int width = 0;
    for (CtlCommandDef sub : root.subcommands()) {
      width = Math.max(width, sub.name().length());
    }
    for (CtlCommandDef sub : root.subcommands()) {
      out.println("   " + pad(sub.name(), width) + "  " + sub.description());
    }
    out.println();
    out.println("GLOBAL OPTIONS:");
    flags(root.flags(), out);
  }

  private static void command(List<CtlCommandDef> path, PrintStream out) {
    CtlCommandDef command = path.get(path.size() - 1);
    StringBuilder name = new StringBuilder("etcdctl");
    for (int i = 1; i < path.size(); i++) {
      name.append(' ').append(path.get(i).name());
    }
    out.println("NAME:");
    out.println("   " + name + " - " + command.description());
    out.println();
    out.println("USAGE:");
    if (command.subcommands().isEmpty()) {
      out.println("   " + name + " [command options] " + command.argsUsage());
    } else {
      out.println("   " + name + " command [command options] [arguments...]");
      out.println();
      out.println("COMMANDS:");
      for (CtlCommandDef sub : command.subcommands()) {
        out.println("   " + pad(sub.name(), 8) + "  " + sub.description());
      }
    }
    if (!command.flags().isEmpty()) {
      out.println();
      out.println("OPTIONS:");
      flags(command.flags(), out);
    }
  }

  private static void flags(List<CtlFlag> flags, PrintStream out) {
    int width = 0;
    for (CtlFlag flag : flags) {
      width = Math.max(width, label(flag).length());
    }
    for (CtlFlag flag : flags) {
      out.println("   " + pad(label(flag), width) + "  " + flag.usage());
    }
  }

  private static String label(CtlFlag flag) {
    String value = flag.kind() == CtlFlag.Kind.BOOL ? "" : " value";
    return String.join(", ", flag.names().stream().map(n -> n + value).toList());
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
