package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code exec-watch <key> [--] <command> [args...]}: for every change of the key, start the command
 * with {@code ETCD_WATCH_ACTION}, {@code ETCD_WATCH_MODIFIED_INDEX}, {@code ETCD_WATCH_KEY} and
 * {@code ETCD_WATCH_VALUE} set. Commands run asynchronously, as in etcdctl 2.3; unlike 2.3, {@code
 * --after-index N} starts after index N, not N + 1 (2.3's off-by-one was fixed in etcd 3).
 */
@Command(name = "exec-watch", description = "watch a key for changes and exec an executable")
final class ExecWatchCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--after-index", description = "watch after the given index")
  long afterIndex;

  @Option(
      names = {"--recursive", "-r"},
      description = "watch all values for key and child keys")
  boolean recursive;

  @Parameters(paramLabel = "<key> [--] <command> [args...]", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    if (args.size() < 2) {
      throw ctl.failArgs("key and command to exec required");
    }
    boolean separator = args.subList(1, args.size()).contains("--");
    String key = separator ? args.get(0) : args.get(args.size() - 1);
    List<String> command =
        separator ? args.subList(2, args.size()) : args.subList(0, args.size() - 1);
    if (command.isEmpty()) {
      throw ctl.failArgs("key and command to exec required");
    }
    Interrupts.exitZeroOnInterrupt();
    long waitIndex = afterIndex == 0 ? 0 : afterIndex + 1;
    while (true) {
      KeysResponse event;
      try {
        event = client.watchOnce(key, waitIndex, recursive);
      } catch (IOException e) {
        throw ctl.fail(CtlExit.SERVER_ERROR, e);
      }
      waitIndex = event.node().modifiedIndex() + 1;
      if (event.node().dir()) {
        ctl.terminal().err().print("Ignored dir " + event.node().key() + " change");
        ctl.terminal().err().flush();
        continue;
      }
      start(command, event);
    }
  }

  private void start(List<String> command, KeysResponse event) {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = builder.environment();
    env.put("ETCD_WATCH_ACTION", event.action());
    env.put("ETCD_WATCH_MODIFIED_INDEX", Long.toString(event.node().modifiedIndex()));
    env.put("ETCD_WATCH_KEY", event.node().key());
    env.put("ETCD_WATCH_VALUE", event.node().value() == null ? "" : event.node().value());
    try {
      builder.start();
    } catch (IOException e) {
      ctl.terminal().err().println(e.getMessage());
      throw new CtlExit(CtlExit.BAD_ARGS);
    }
  }
}
