package cairn.cli.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code updatedir <key>}: update an existing directory. */
@Command(name = "updatedir", description = "update an existing directory")
final class UpdatedirCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--ttl", description = "key time-to-live in seconds")
  long ttl;

  @Parameters(paramLabel = "<key>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return DirOperation.run(ctl, args, ttl, (client, key, ttl) -> client.updateDir(key, ttl));
  }
}
