package cairn.cli.ctl;

import cairn.client.EtcdClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code shell}: an interactive etcdctl. Each line is an etcdctl command (without the global
 * options, which come from the shell's own command line); history is kept in {@code
 * ~/.cairn_ctl_history}; Tab completes commands, their flags, and key paths read from the cluster.
 * {@code exit}, {@code quit} or Ctrl-D leaves.
 */
@Command(name = "shell", description = "an interactive shell with history and completion")
final class ShellCommand implements Callable<Integer> {

  static final String PROMPT = "etcdctl> ";

  @ParentCommand CtlCommand ctl;

  @Override
  public Integer call() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().name("cairn").system(true).build()) {
      return run(terminal, Path.of(System.getProperty("user.home"), ".cairn_ctl_history"));
    }
  }

  /** Reads and runs commands until end of input; returns 0. */
  int run(Terminal terminal, Path historyFile) {
    EtcdClient client = ctl.client(false);
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("etcdctl")
            .completer(new ShellCompleter(client))
            .variable(LineReader.HISTORY_FILE, historyFile)
            .build();
    List<String> globals = ctl.globalArgs();
    while (true) {
      String line;
      try {
        line = reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        return 0;
      }
      List<String> words = new ArrayList<>(reader.getParsedLine().words());
      words.removeIf(String::isEmpty);
      if (words.isEmpty()) {
        continue;
      }
      if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
        return 0;
      }
      List<String> args = new ArrayList<>(globals);
      args.addAll(words);
      java.io.PrintStream out = new java.io.PrintStream(terminal.output(), true);
      cairn.cli.ctl.Terminal commandTerminal =
          new cairn.cli.ctl.Terminal(
              java.io.InputStream.nullInputStream(), out, out, ctl.terminal().env());
      int code = CtlMain.run(args, commandTerminal);
      if (code != 0) {
        out.println("(exit " + code + ")");
      }
    }
  }
}
