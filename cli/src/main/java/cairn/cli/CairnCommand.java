package cairn.cli;

import cairn.cli.ctl.CtlDocs;
import cairn.migrate.MigrateCommand;
import cairn.node.NodeCommand;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code cairn} command as a picocli model: one jar, three subcommands sharing one Raft and
 * storage core; {@link Main} runs it for everything but the fast paths of {@code ctl} and {@code
 * node}.
 *
 * <p>With {@link Main}, the only class that names the {@code node} and {@code migrate} modules.
 * Exit codes follow picocli: 0 success, 1 a failure while running, 2 a usage error (unknown
 * subcommand or option).
 */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = CairnVersion.class,
    description = "Cairn: an etcd-v2-compatible, Raft-replicated key-value store.",
    subcommands = {NodeCommand.class, MigrateCommand.class})
public final class CairnCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  /** The command tree, configured as it runs; also the model the docs are generated from. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new CairnCommand());
    commandLine.addSubcommand("ctl", CtlDocs.commandLine());
    NodeCommand.describeFlags(commandLine.getSubcommands().get("node").getCommandSpec());
    CairnVersion version = new CairnVersion();
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      giveVersion(sub, version);
    }
    commandLine.setExecutionExceptionHandler(CairnCommand::reportFailure);
    return commandLine;
  }

  /** Every level answers {@code --version}; subcommands that do not say otherwise share ours. */
  private static void giveVersion(CommandLine commandLine, CairnVersion version) {
    CommandSpec spec = commandLine.getCommandSpec();
    if (spec.versionProvider() == null && spec.version().length == 0) {
      spec.versionProvider(version);
    }
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      giveVersion(sub, version);
    }
  }

  /** A failure is reported as one line naming the command, never as a stack trace. */
  private static int reportFailure(
      Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println(commandLine.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
    err.flush();
    return 1;
  }

  /** {@code cairn} alone is a usage error: it shows what it can do and exits with 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
