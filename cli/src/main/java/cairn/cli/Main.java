package cairn.cli;

import cairn.cli.ctl.CtlMain;
import cairn.node.NodeMain;
import java.util.Arrays;
import java.util.List;

/**
 * The jar's entry point. {@code ctl} and {@code node} go straight to their own flag parsers; the
 * rest (help, version, {@code migrate}) to the picocli model in {@link CairnCommand}. This class
 * names no picocli type, so that loading it loads no command framework: scripts call etcdctl in
 * loops, and its start-up is what they feel.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("ctl")) {
      int code = CtlMain.run(Arrays.asList(args).subList(1, args.length));
      System.out.flush();
      System.err.flush();
      // Not System.exit: since Java 21 it starts the JDK's logging framework to log the exit,
      // a fifth of an etcdctl call. ctl registers no shutdown hook that halting would skip.
      Runtime.getRuntime().halt(code);
    }
    // The node reads its flags as Go's flag package does (etcd's -name x, --name=x, ...).
    if (args.length > 0 && args[0].equals("node")) {
      List<String> rest = Arrays.asList(args).subList(1, args.length);
      if (!rest.contains("--help") && !rest.contains("-h") || rest.contains("--version")) {
        System.exit(NodeMain.run(rest, System.getenv(), System.out, System.err));
      }
    }
    System.exit(CairnCommand.commandLine().execute(args));
  }
}
