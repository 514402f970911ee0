package cairn.cli.ctl;

import java.util.List;

/**
 * An etcdctl command: name, help, flags, and either an action or subcommands. The whole tree is
 * {@link CtlCommands#ROOT}; help, completion and man pages are generated from it.
 */
record CtlCommandDef(
    String name,
    String description,
    String argsUsage,
    List<CtlFlag> flags,
    Action action,
    List<CtlCommandDef> subcommands) {

  /** What a command does, given the context and its parsed arguments; returns the exit code. */
  @FunctionalInterface
  interface Action {
    int run(Ctl ctl, CtlArgs args);
  }

  CtlCommandDef {
    flags = List.copyOf(flags);
    subcommands = List.copyOf(subcommands);
  }

  static CtlCommandDef leaf(
      String name, String description, String argsUsage, List<CtlFlag> flags, Action action) {
    return new CtlCommandDef(name, description, argsUsage, flags, action, List.of());
  }

  CtlCommandDef subcommand(String name) {
    for (CtlCommandDef sub : subcommands) {
      if (sub.name.equals(name)) {
        return sub;
      }
    }
    return null;
  }

  CtlFlag flag(String spelled) {
    for (CtlFlag flag : flags) {
      if (flag.answersTo(spelled)) {
        return flag;
      }
    }
    return null;
  }
}
