package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mk <key> <value>}: create a key that must not exist, or an in-order key. */
@Command(name = "mk", description = "make a new key with a given value")
final class MkCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--in-order", description = "create in-order key under directory <key>")
  boolean inOrder;

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
      KeysResponse response =
          inOrder ? client.createInOrder(key, value, ttl) : client.create(key, value, ttl);
      ResponsePrinter.print(response, ctl.format(), ctl.terminal().out(), ctl.terminal().err());
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    return 0;
  }
}
