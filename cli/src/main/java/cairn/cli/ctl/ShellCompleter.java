package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.KeysResponse;
import cairn.client.Node;
import java.io.IOException;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tab completion for the shell: the first word completes to a command; a word starting with {@code
 * -} to one of that command's flags; any other word to key paths, read from the cluster one
 * directory at a time (directories end in {@code /} so completion can go on).
 */
final class ShellCompleter implements Completer {

  private final EtcdClient client;

  ShellCompleter(EtcdClient client) {
    this.client = client;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word();
    if (line.wordIndex() == 0) {
      for (String command : CtlCommand.COMMANDS.keySet()) {
        candidates.add(new Candidate(command));
      }
      candidates.add(new Candidate("exit"));
      return;
    }
    String command = line.words().get(0);
    if (word.startsWith("-")) {
      flags(command, candidates);
    } else {
      keys(word, candidates);
    }
  }

  private static void flags(String command, List<Candidate> candidates) {
    if (!CtlCommand.COMMANDS.containsKey(command)) {
      return;
    }
    CommandSpec spec = new CommandLine(CtlCommand.COMMANDS.get(command).get()).getCommandSpec();
    for (OptionSpec option : spec.options()) {
      for (String name : option.names()) {
        candidates.add(new Candidate(name));
      }
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
