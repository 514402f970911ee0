package cairn.cli.ctl;

import cairn.client.DeleteOptions;
import cairn.client.EtcdClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rmdir <key>}: delete an empty directory (or a key). */
@Command(
    name = "rmdir",
    description = "removes the key if it is an empty directory or a key-value pair")
final class RmdirCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Parameters(paramLabel = "<key>", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    try {
      RmCommand.printDeleted(ctl, client.delete(key, new DeleteOptions(true, false, null, 0)));
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    return 0;
  }
}
