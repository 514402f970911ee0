package cairn.cli.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The etcdctl command tree as a picocli model, for the generated completion scripts and man pages
 * only; commands are never run through it.
 */
public final class CtlDocs {

  private CtlDocs() {}

  /** The model of {@code ctl} and all its commands. */
  public static CommandLine commandLine() {
    return model(CtlCommands.ROOT, "ctl");
  }

  private static CommandLine model(CtlCommandDef command, String name) {
    CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(false);
    spec.usageMessage().description(command.description());
    for (CtlFlag flag : command.flags()) {
      OptionSpec.Builder option =
          OptionSpec.builder(flag.names().toArray(new String[0])).description(flag.usage());
      if (flag.kind() == CtlFlag.Kind.BOOL) {
        option.type(boolean.class);
      } else {
        option.type(String.class).paramLabel("<" + flag.name() + ">");
      }
      spec.addOption(option.build());
    }
    spec.addOption(
        OptionSpec.builder("--help", "-h").usageHelp(true).description("show help").build());
    if (!command.argsUsage().isEmpty()) {
      spec.addPositional(
          PositionalParamSpec.builder()
              .paramLabel(command.argsUsage())
              .arity("0..*")
              .type(String.class)
              .build());
    }
    CommandLine commandLine = new CommandLine(spec);
    for (CtlCommandDef sub : command.subcommands()) {
      commandLine.addSubcommand(sub.name(), model(sub, sub.name()));
    }
    return commandLine;
  }
}
