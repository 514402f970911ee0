package cairn.migrate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn migrate}: etcd 0.4 data directories into Cairn. Not built yet (issue 7). */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Convert an etcd 0.4 data directory into a Cairn data directory (not built yet).")
public final class MigrateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("cairn migrate: not built yet");
    return 1;
  }
}
