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

/**
 * {@code watch <key>}: wait for the next change (or, with {@code --forever}, every change) and
 * print it; directory events are skipped; with {@code --recursive} each event is preceded by {@code
 * [<action>] <key>}.
 */
@Command(name = "watch", description = "watch a key for changes")
final class WatchCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(
      names = {"--forever", "-f"},
      description = "forever watch a key until CTRL+C")
  boolean forever;

  @Option(names = "--after-index", description = "watch after the given index")
  long afterIndex;

  @Option(
      names = {"--recursive", "-r"},
      description = "returns all values for key and child keys")
  boolean recursive;

  @Parameters(paramLabel = "<key>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    Interrupts.exitZeroOnInterrupt();
    long waitIndex = afterIndex == 0 ? 0 : afterIndex + 1;
    do {
      KeysResponse event;
      try {
        event = client.watchOnce(key, waitIndex, recursive);
      } catch (IOException e) {
        throw ctl.fail(CtlExit.SERVER_ERROR, e);
      }
      waitIndex = event.node().modifiedIndex() + 1;
      if (event.node().dir()) {
        continue;
      }
      if (recursive) {
        ctl.terminal().out().println("[" + event.action() + "] " + event.node().key());
      }
      ResponsePrinter.print(event, ctl.format(), ctl.terminal().out(), ctl.terminal().err());
      if (!forever) {
        return 0;
      }
    } while (true);
  }
}
