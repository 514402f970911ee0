package cairn.cli.ctl;

import cairn.client.EtcdClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code update <key> <value>}: update a key that must exist. */
@Command(name = "update", description = "update an existing key with a given value")
final class UpdateCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--ttl", description = "key time-to-live in seconds")
  long ttl;

  @Parameters(paramLabel = "<key> <value>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    String value = KeyArgs.valueOrStdin(ctl, args);
    try {
      ResponsePrinter.print(
          client.update(key, value, ttl), ctl.format(), ctl.terminal().out(), ctl.terminal().err());
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    return 0;
  }
}
