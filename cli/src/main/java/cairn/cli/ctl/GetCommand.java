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

/** {@code get <key>}: print a key's value; a directory is an error (exit 1). */
@Command(name = "get", description = "retrieve the value of a key")
final class GetCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--sort", description = "returns result in sorted order")
  boolean sort;

  @Option(
      names = {"--quorum", "-q"},
      description = "require quorum for get request")
  boolean quorum;

  @Parameters(paramLabel = "<key>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    KeysResponse response;
    try {
      response = client.get(key, false, sort, quorum);
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    if (response.node().dir()) {
      ctl.terminal().err().println(response.node().key() + ": is a directory");
      return CtlExit.BAD_ARGS;
    }
    ResponsePrinter.print(response, ctl.format(), ctl.terminal().out(), ctl.terminal().err());
    return 0;
  }
}
