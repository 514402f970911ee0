package cairn.cli.ctl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn ctl}: the etcdctl-compatible client. Not built yet (issue 5). */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = "An etcdctl-compatible client for the etcd v2 API (not built yet).")
public final class CtlCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("cairn ctl: not built yet");
    return 1;
  }
}
