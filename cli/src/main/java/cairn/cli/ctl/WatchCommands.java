package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code watch} and {@code exec-watch}. */
final class WatchCommands {

  private static final CtlFlag AFTER_INDEX =
      CtlFlag.number("after-index", "watch after the given index");

  private WatchCommands() {}

  /**
   * {@code watch <key>}: wait for the next change (or, with {@code --forever}, every change) and
   * print it; directory events are skipped; with {@code --recursive} each event is preceded by
   * {@code [<action>] <key>}.
   */
  static final CtlCommandDef WATCH =
      CtlCommandDef.leaf(
          "watch",
          "watch a key for changes",
          "<key>",
          List.of(
              CtlFlag.bool("forever", "f", "forever watch a key until CTRL+C"),
              AFTER_INDEX,
              CtlFlag.bool("recursive", "r", "returns all values for key and child keys")),
          WatchCommands::watch);

  private static int watch(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args.positionals());
    boolean recursive = args.bool("recursive");
    Interrupts.exitZeroOnInterrupt();
    long waitIndex = firstWaitIndex(args);
    while (true) {
      KeysResponse event = next(ctl, client, key, waitIndex, recursive);
      waitIndex = event.node().modifiedIndex() + 1;
      if (event.node().dir()) {
        continue;
      }
      if (recursive) {
        ctl.terminal().out().println("[" + event.action() + "] " + event.node().key());
      }
      ResponsePrinter.print(event, ctl.format(), ctl.terminal().out(), ctl.terminal().err());
      if (!args.bool("forever")) {
        return 0;
      }
    }
  }

  /**
   * {@code exec-watch <key> [--] <command> [args...]}: for every change of the key, start the
   * command with {@code ETCD_WATCH_ACTION}, {@code ETCD_WATCH_MODIFIED_INDEX}, {@code
   * ETCD_WATCH_KEY} and {@code ETCD_WATCH_VALUE} set. Commands run asynchronously, as in etcdctl
   * 2.3; unlike 2.3, {@code --after-index N} starts after index N, not N + 1 (2.3's off-by-one was
   * fixed in etcd 3).
   */
  static final CtlCommandDef EXEC_WATCH =
      CtlCommandDef.leaf(
          "exec-watch",
          "watch a key for changes and exec an executable",
          "<key> [--] <command> [args...]",
          List.of(
              AFTER_INDEX,
              CtlFlag.bool("recursive", "r", "watch all values for key and child keys")),
          WatchCommands::execWatch);

  private static int execWatch(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    List<String> all = args.positionals();
    if (all.size() < 2) {
      throw ctl.failArgs("key and command to exec required");
    }
    boolean separator = all.subList(1, all.size()).contains("--");
    String key = separator ? all.get(0) : all.get(all.size() - 1);
    List<String> command = separator ? all.subList(2, all.size()) : all.subList(0, all.size() - 1);
    if (command.isEmpty()) {
      throw ctl.failArgs("key and command to exec required");
    }
    Interrupts.exitZeroOnInterrupt();
    long waitIndex = firstWaitIndex(args);
    while (true) {
      KeysResponse event = next(ctl, client, key, waitIndex, args.bool("recursive"));
      waitIndex = event.node().modifiedIndex() + 1;
      if (event.node().dir()) {
        ctl.terminal().err().print("Ignored dir " + event.node().key() + " change");
        ctl.terminal().err().flush();
        continue;
      }
      start(ctl, command, event);
    }
  }

  private static long firstWaitIndex(CtlArgs args) {
    long afterIndex = args.number("after-index");
    return afterIndex == 0 ? 0 : afterIndex + 1;
  }

  private static KeysResponse next(
      Ctl ctl, EtcdClient client, String key, long waitIndex, boolean recursive) {
    try {
      return client.watchOnce(key, waitIndex, recursive);
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
  }

  private static void start(Ctl ctl, List<String> command, KeysResponse event) {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = builder.environment();
    env.put("ETCD_WATCH_ACTION", event.action());
    env.put("ETCD_WATCH_MODIFIED_INDEX", Long.toString(event.node().modifiedIndex()));
    env.put("ETCD_WATCH_KEY", event.node().key());
    env.put("ETCD_WATCH_VALUE", event.node().value() == null ? "" : event.node().value());
    try {
      builder.start();
    } catch (IOException e) {
      throw ctl.failPlain(e.getMessage());
    }
  }
}
