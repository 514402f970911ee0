package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import cairn.client.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code shell}: an interactive etcdctl on JLine 3. Each line is an etcdctl command (without the
 * global options, which come from the shell's own command line); history is kept in {@code
 * ~/.cairn_ctl_history}; Tab completes commands, their flags, and key paths read from the cluster.
 * {@code exit}, {@code quit} or Ctrl-D leaves.
 */
final class Shell {

  static final String PROMPT = "etcdctl> ";

  static final CtlCommandDef COMMAND =
      CtlCommandDef.leaf(
          "shell",
          "an interactive shell with history and completion",
          "",
          List.of(),
          (ctl, args) -> {
            try (org.jline.terminal.Terminal terminal =
                TerminalBuilder.builder().name("cairn").system(true).build()) {
              return run(
                  ctl, terminal, Path.of(System.getProperty("user.home"), ".cairn_ctl_history"));
            } catch (IOException e) {
              throw ctl.failPlain("cannot open the terminal: " + e.getMessage());
            }
          });

  private Shell() {}

  /** Reads and runs commands until end of input; returns 0. */
  static int run(Ctl ctl, org.jline.terminal.Terminal terminal, Path historyFile) {
    EtcdClient client = ctl.client(false);
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("etcdctl")
            .completer(new Completion(client))
            .variable(LineReader.HISTORY_FILE, historyFile)
            .build();
    List<String> globals = ctl.globalArgs();
    PrintStream out = new PrintStream(terminal.output(), true);
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
      Terminal commandTerminal =
          new Terminal(InputStream.nullInputStream(), out, out, ctl.terminal().env());
      int code = CtlMain.run(args, commandTerminal);
      if (code != 0) {
        out.println("(exit " + code + ")");
      }
    }
  }

  /**
   * Tab completion: the first word completes to a command; a word starting with {@code -} to one of
   * that command's flags; any other word to key paths, read from the cluster one directory at a
   * time (directories end in {@code /} so completion can go on).
   */
  static final class Completion implements Completer {

    private final EtcdClient client;

    Completion(EtcdClient client) {
      this.client = client;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
      String word = line.word();
      if (line.wordIndex() == 0) {
        for (CtlCommandDef command : CtlCommands.ROOT.subcommands()) {
          candidates.add(new Candidate(command.name()));
        }
        candidates.add(new Candidate("exit"));
        return;
      }
      CtlCommandDef command = CtlCommands.ROOT.subcommand(line.words().get(0));
      if (word.startsWith("-")) {
        if (command != null) {
          for (CtlFlag flag : command.flags()) {
            flag.names().forEach(name -> candidates.add(new Candidate(name)));
          }
        }
      } else {
        keys(word, candidates);
      }
    }

    /** The children of the directory that {@code prefix} is in. */
    void keys(String prefix, List<Candidate> candidates) {
      String typed = prefix.startsWith("/") ? prefix : "/" + prefix;
      String dir = typed.substring(0, typed.lastIndexOf('/') + 1);
      KeysResponse listing;
      try {
        listing = client.get(dir.isEmpty() ? "/" : dir, false, true, false);
      } catch (IOException e) {
        return; // nothing to offer; completion must never break the line being typed
      }
      if (listing.node() == null || listing.node().nodes() == null) {
        return;
      }
      for (Node child : listing.node().nodes()) {
        String key = child.dir() ? child.key() + "/" : child.key();
        candidates.add(new Candidate(key, key, null, null, null, null, !child.dir()));
      }
    }
  }
}
