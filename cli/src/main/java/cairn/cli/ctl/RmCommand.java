package cairn.cli.ctl;

import cairn.client.DeleteOptions;
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

/** {@code rm <key>}: delete a key, a directory, or compare-and-delete. */
@Command(name = "rm", description = "remove a key or a directory")
final class RmCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(
      names = "--dir",
      description = "removes the key if it is an empty directory or a key-value pair")
  boolean dir;

  @Option(
      names = {"--recursive", "-r"},
      description = "removes the key and all child keys(if it is a directory)")
  boolean recursive;

  @Option(names = "--with-value", description = "previous value")
  String withValue;

  @Option(names = "--with-index", description = "previous index")
  long withIndex;

  @Parameters(paramLabel = "<key>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    KeysResponse response;
    try {
      response = client.delete(key, new DeleteOptions(dir, recursive, withValue, withIndex));
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    printDeleted(ctl, response);
    return 0;
  }

  /** A deleted directory prints nothing in the simple format. */
  static void printDeleted(CtlCommand ctl, KeysResponse response) {
    if (!response.node().dir() || !ctl.format().equals("simple")) {
      ResponsePrinter.print(response, ctl.format(), ctl.terminal().out(), ctl.terminal().err());
    }
  }
}
