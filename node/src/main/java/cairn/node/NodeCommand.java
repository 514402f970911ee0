package cairn.node;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn node}: the server, configured with etcd 2.x's flags. Not built yet (issue 6). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a Cairn node, configured with etcd 2.x flags (not built yet).")
public final class NodeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("cairn node: not built yet");
    return 1;
  }
}
