package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import cairn.client.Node;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ls [key]}: list a directory's keys, one per line (the output format is ignored). */
@Command(name = "ls", description = "retrieve a directory")
final class LsCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(names = "--sort", description = "returns result in sorted order")
  boolean sort;

  @Option(
      names = {"--recursive", "-r"},
      description = "returns all key names recursively for the given path")
  boolean recursive;

  @Option(names = "-p", description = "append slash (/) to directories")
  boolean slash;

  @Option(
      names = {"--quorum", "-q"},
      description = "require quorum for get request")
  boolean quorum;

  @Parameters(paramLabel = "[key]", arity = "0..*")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    EtcdClient client = ctl.client(true);
    String key = args.isEmpty() ? "/" : args.get(0);
    KeysResponse response;
    try {
      response = client.get(key, recursive, sort, quorum);
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    PrintStream out = ctl.terminal().out();
    if (!response.node().dir()) {
      out.println(response.node().key());
    }
    if (response.node().nodes() != null) {
      for (Node node : response.node().nodes()) {
        print(node, out);
      }
    }
    out.flush();
    return 0;
  }

  private void print(Node node, PrintStream out) {
    out.println(node.dir() && slash ? node.key() + "/" : node.key());
    if (node.nodes() != null) {
      for (Node child : node.nodes()) {
        print(child, out);
      }
    }
  }
}
