package cairn.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code cairn node}: the server, configured with etcd 2.x's flags. Its arguments are read by
 * {@link NodeMain} as Go's flag package reads them; this command is the model that help, completion
 * and man pages are generated from.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a Cairn node, configured with etcd 2.x flags and ETCD_* variables.")
public final class NodeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Unmatched private final java.util.List<String> args = new ArrayList<>();

  @Parameters(hidden = true, arity = "0..*")
  private final java.util.List<String> positional = new ArrayList<>();

  /** Adds every etcd flag to the model (for help, completion and man pages). */
  public static void describeFlags(CommandSpec node) {
    for (Flag flag : NodeFlags.FLAGS) {
      if (flag.kind() == Flag.Kind.IGNORED || flag.kind() == Flag.Kind.REFUSED) {
        continue;
      }
      OptionSpec.Builder option =
          OptionSpec.builder("--" + flag.name())
              .description(flag.usage() + " (env " + flag.envName() + ")")
              .type(flag.kind() == Flag.Kind.BOOL ? boolean.class : String.class);
      if (flag.kind() != Flag.Kind.BOOL) {
        option.paramLabel("<" + flag.name() + ">");
        if (!flag.defaultValue().isEmpty()) {
          option
              .defaultValue(flag.defaultValue())
              .showDefaultValue(picocli.CommandLine.Help.Visibility.ALWAYS);
        }
      }
      if (!flag.name().equals("version")) {
        node.addOption(option.build());
      }
    }
  }

  @Override
  public Integer call() {
    java.util.List<String> all = new ArrayList<>(args);
    all.addAll(positional);
    return NodeMain.run(
        Arrays.asList(all.toArray(new String[0])), System.getenv(), System.out, System.err);
  }
}
