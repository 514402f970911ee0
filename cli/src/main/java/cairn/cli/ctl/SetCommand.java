package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.PutOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code set <key> <value>}: set a key, or compare-and-swap with the swap flags. */
@Command(name = "set", description = "set the value of a key")
final class SetCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--ttl", description = "key time-to-live in seconds")
  long ttl;

  @Option(names = "--swap-with-value", description = "previous value")
  String swapWithValue;

  @Option(names = "--swap-with-index", description = "previous index")
  long swapWithIndex;

  @Parameters(paramLabel = "<key> <value>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    String value = KeyArgs.valueOrStdin(ctl, args);
    PutOptions options =
        PutOptions.NONE.withTtl(ttl).withPrevValue(swapWithValue).withPrevIndex(swapWithIndex);
    try {
      ResponsePrinter.print(
          client.put(key, value, options),
          ctl.format(),
          ctl.terminal().out(),
          ctl.terminal().err());
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    return 0;
  }
}
