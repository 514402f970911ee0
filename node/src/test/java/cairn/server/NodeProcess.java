package cairn.server;

import cairn.node.NodeMain;
import java.util.List;

/** {@code cairn node} as its own process for {@link NodeProcessTest} (the cli module's Main). */
public final class NodeProcess {
  private NodeProcess() {}

  /**
   * Starts {@code cairn node} with {@code args} in a new JVM on this test's class path, its output
   * appended to {@code log}.
   */
  static Process launch(java.nio.file.Path log, List<String> args) throws java.io.IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NodeProcess.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  public static void main(String[] args) {
    System.exit(NodeMain.run(List.of(args), System.getenv(), System.out, System.err));
  }
}
