package cairn.cli.ctl;

import cairn.client.DeleteOptions;
import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import cairn.client.Node;
import cairn.client.PutOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** The key-space commands: get, set, mk, mkdir, setdir, update, updatedir, rm, rmdir, ls. */
final class KeyCommands {

  private static final CtlFlag TTL = CtlFlag.number("ttl", "key time-to-live in seconds");
  private static final CtlFlag SORT = CtlFlag.bool("sort", null, "returns result in sorted order");
  private static final CtlFlag QUORUM =
      CtlFlag.bool("quorum", "q", "require quorum for get request");

  private KeyCommands() {}

  /** A client call that may fail with an I/O error. */
  @FunctionalInterface
  private interface Call {
    KeysResponse apply(EtcdClient client) throws IOException;
  }

  /** Runs a call; an error is reported as etcdctl reports it, with exit code 4. */
  private static KeysResponse call(Ctl ctl, EtcdClient client, Call call) {
    try {
      return call.apply(client);
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
  }

  private static int print(Ctl ctl, KeysResponse response) {
    ResponsePrinter.print(response, ctl.format(), ctl.terminal().out(), ctl.terminal().err());
    return 0;
  }

  static final CtlCommandDef GET =
      CtlCommandDef.leaf(
          "get", "retrieve the value of a key", "<key>", List.of(SORT, QUORUM), KeyCommands::get);

  private static int get(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args.positionals());
    KeysResponse response =
        call(ctl, client, c -> c.get(key, false, args.bool("sort"), args.bool("quorum")));
    if (response.node().dir()) {
      ctl.terminal().err().println(response.node().key() + ": is a directory");
      return CtlExit.BAD_ARGS;
    }
    return print(ctl, response);
  }

  static final CtlCommandDef SET =
      CtlCommandDef.leaf(
          "set",
          "set the value of a key",
          "<key> <value>",
          List.of(
              TTL,
              CtlFlag.string("swap-with-value", null, null, "previous value"),
              CtlFlag.number("swap-with-index", "previous index")),
          KeyCommands::set);

  private static int set(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args.positionals());
    String value = KeyArgs.valueOrStdin(ctl, args.positionals());
    PutOptions options =
        PutOptions.NONE
            .withTtl(args.number("ttl"))
            .withPrevValue(args.string("swap-with-value"))
            .withPrevIndex(args.number("swap-with-index"));
    return print(ctl, call(ctl, client, c -> c.put(key, value, options)));
  }

  static final CtlCommandDef MK =
      CtlCommandDef.leaf(
          "mk",
          "make a new key with a given value",
          "<key> <value>",
          List.of(CtlFlag.bool("in-order", null, "create in-order key under directory <key>"), TTL),
          KeyCommands::mk);

  private static int mk(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args.positionals());
    String value = KeyArgs.valueOrStdin(ctl, args.positionals());
    long ttl = args.number("ttl");
    return print(
        ctl,
        call(
            ctl,
            client,
            c ->
                args.bool("in-order")
                    ? c.createInOrder(key, value, ttl)
                    : c.create(key, value, ttl)));
  }

  static final CtlCommandDef UPDATE =
      CtlCommandDef.leaf(
          "update",
          "update an existing key with a given value",
          "<key> <value>",
          List.of(TTL),
          KeyCommands::update);

  private static int update(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args.positionals());
    String value = KeyArgs.valueOrStdin(ctl, args.positionals());
    return print(ctl, call(ctl, client, c -> c.update(key, value, args.number("ttl"))));
  }

  /** What mkdir, setdir and updatedir share: a key, a TTL, no output on success. */
  private static CtlCommandDef dirCommand(String name, String description, DirCall dirCall) {
    return CtlCommandDef.leaf(
        name,
        description,
        "<key>",
        List.of(TTL),
        (ctl, args) -> {
          EtcdClient client = ctl.client(true);
          String key = KeyArgs.key(ctl, args.positionals());
          call(ctl, client, c -> dirCall.apply(c, key, args.number("ttl")));
          return 0;
        });
  }

  @FunctionalInterface
  private interface DirCall {
    KeysResponse apply(EtcdClient client, String key, Long ttl) throws IOException;
  }

  static final CtlCommandDef MKDIR = dirCommand("mkdir", "make a new directory", EtcdClient::mkdir);
  static final CtlCommandDef SETDIR =
      dirCommand(
          "setdir",
          "create a new directory or update an existing directory TTL",
          EtcdClient::setDir);
  static final CtlCommandDef UPDATEDIR =
      dirCommand("updatedir", "update an existing directory", EtcdClient::updateDir);

  static final CtlCommandDef RM =
      CtlCommandDef.leaf(
          "rm",
          "remove a key or a directory",
          "<key>",
          List.of(
              CtlFlag.bool(
                  "dir", null, "removes the key if it is an empty directory or a key-value pair"),
              CtlFlag.bool(
                  "recursive", "r", "removes the key and all child keys(if it is a directory)"),
              CtlFlag.string("with-value", null, null, "previous value"),
              CtlFlag.number("with-index", "previous index")),
          KeyCommands::rm);

  private static int rm(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args.positionals());
    DeleteOptions options =
        new DeleteOptions(
            args.bool("dir"),
            args.bool("recursive"),
            args.string("with-value"),
            args.number("with-index"));
    return printDeleted(ctl, call(ctl, client, c -> c.delete(key, options)));
  }

  static final CtlCommandDef RMDIR =
      CtlCommandDef.leaf(
          "rmdir",
          "removes the key if it is an empty directory or a key-value pair",
          "<key>",
          List.of(),
          (ctl, args) -> {
            EtcdClient client = ctl.client(true);
            String key = KeyArgs.key(ctl, args.positionals());
            return printDeleted(
                ctl,
                call(ctl, client, c -> c.delete(key, new DeleteOptions(true, false, null, 0))));
          });

  /** A deleted directory prints nothing in the simple format. */
  private static int printDeleted(Ctl ctl, KeysResponse response) {
    if (!response.node().dir() || !ctl.format().equals("simple")) {
      print(ctl, response);
    }
    return 0;
  }

  static final CtlCommandDef LS =
      CtlCommandDef.leaf(
          "ls",
          "retrieve a directory",
          "[key]",
          List.of(
              SORT,
              CtlFlag.bool(
                  "recursive", "r", "returns all key names recursively for the given path"),
              CtlFlag.bool("p", null, "append slash (/) to directories"),
              QUORUM),
          KeyCommands::ls);

  /** The output format is ignored, as in etcdctl 2.x. */
  private static int ls(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(true);
    String key = args.positionals().isEmpty() ? "/" : args.positionals().get(0);
    KeysResponse response =
        call(
            ctl,
            client,
            c -> c.get(key, args.bool("recursive"), args.bool("sort"), args.bool("quorum")));
    PrintStream out = ctl.terminal().out();
    if (!response.node().dir()) {
      out.println(response.node().key());
    }
    if (response.node().nodes() != null) {
      for (Node node : response.node().nodes()) {
        printTree(node, args.bool("p"), out);
      }
    }
    out.flush();
    return 0;
  }

  private static void printTree(Node node, boolean slash, PrintStream out) {
    out.println(node.dir() && slash ? node.key() + "/" : node.key());
    if (node.nodes() != null) {
      for (Node child : node.nodes()) {
        printTree(child, slash, out);
      }
    }
  }
}
