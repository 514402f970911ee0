package cairn.cli.ctl;

import java.util.List;
import picocli.CommandLine;

/**
 * Runs an etcdctl command line: Go-style flag parsing into picocli's canonical form, then the
 * command, then etcdctl's exit code.
 */
public final class CtlMain {

  private CtlMain() {}

  public static int run(List<String> args) {
    return run(args, Terminal.system());
  }

  static int run(List<String> args, Terminal terminal) {
    CommandLine commandLine = CtlCommand.commandLine(terminal);
    commandLine.setExecutionExceptionHandler(
        (failure, cl, parseResult) -> {
          if (failure instanceof CtlExit exit) {
            return exit.code();
          }
          terminal.err().println("Error:  " + failure.getMessage());
          return CtlExit.BAD_ARGS;
        });
    commandLine.setParameterExceptionHandler(
        (failure, canonicalArgs) ->
            incorrectUsage(terminal, failure.getMessage(), failure.getCommandLine()));
    List<String> canonical;
    try {
      canonical =
          GoFlags.normalize(
              commandLine.getCommandSpec(),
              args,
              (parent, name) -> {
                if (!CtlCommand.COMMANDS.containsKey(name)) {
                  return null;
                }
                commandLine.addSubcommand(name, CtlCommand.COMMANDS.get(name).get());
                return commandLine.getSubcommands().get(name).getCommandSpec();
              });
    } catch (GoFlags.UsageException e) {
      CommandLine command = e.command().commandLine();
      return incorrectUsage(terminal, e.getMessage(), command == null ? commandLine : command);
    } catch (GoFlags.UnknownCommandException e) {
      terminal.err().println("No help topic for '" + e.getMessage() + "'");
      return 3;
    }
    if (commandLine.getSubcommands().isEmpty()) {
      CtlCommand.addAllCommands(commandLine); // no command given: help lists them all
    }
    int code = commandLine.execute(canonical.toArray(new String[0]));
    terminal.out().flush();
    terminal.err().flush();
    return code;
  }

  /** etcdctl's answer to a bad flag: the error, the help of the command, exit 1. */
  private static int incorrectUsage(Terminal terminal, String message, CommandLine command) {
    boolean top = command.getParent() == null;
    if (top && command.getSubcommands().isEmpty()) {
      CtlCommand.addAllCommands(command);
    }
    terminal.out().println((top ? "Incorrect Usage. " : "Incorrect Usage: ") + message);
    terminal.out().println();
    command.usage(terminal.out());
    terminal.err().println(message);
    return 1;
  }
}
