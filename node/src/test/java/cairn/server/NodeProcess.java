package cairn.server;

import cairn.node.NodeMain;
import java.util.List;

/** {@code cairn node} as its own process for {@link NodeProcessTest} (the cli module's Main). */
public final class NodeProcess {
  private NodeProcess() {}

  public static void main(String[] args) {
    System.exit(NodeMain.run(List.of(args), System.getenv(), System.out, System.err));
  }
}
