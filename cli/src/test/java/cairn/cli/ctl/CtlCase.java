package cairn.cli.ctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the differential table: setup commands (run with the reference etcdctl), the command
 * compared, its standard input and environment, and whether to pass {@code --endpoints}.
 */
record CtlCase(
    String name,
    List<List<String>> setup,
    List<String> command,
    String stdin,
    Map<String, String> env,
    boolean withEndpoints,
    boolean codeAndStderrOnly) {

  /**
   * Reads the table. A case starts with {@code ## name}; {@code > args} is a setup command, {@code
   * $ args} the compared one, {@code < text} its standard input ({@code \n} for a newline), {@code
   * env NAME=VALUE} sets a variable, {@code noendpoints} leaves out {@code --endpoints}, {@code
   * code-and-stderr} compares only those (for help text, which differs by design). Arguments split
   * on spaces; {@code '...'} quotes.
   */
  static List<CtlCase> parse(String table) {
    List<CtlCase> cases = new ArrayList<>();
    Builder current = null;
    for (String raw : table.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || (line.startsWith("#") && !line.startsWith("##"))) {
        continue;
      }
      if (line.startsWith("## ")) {
        if (current != null) {
          cases.add(current.build());
        }
        current = new Builder(line.substring(3));
      } else if (current == null) {
        throw new IllegalArgumentException("no case before: " + line);
      } else if (line.startsWith("> ")) {
        current.setup.add(split(line.substring(2)));
      } else if (line.startsWith("$ ")) {
        current.command = split(line.substring(2));
      } else if (line.startsWith("< ")) {
        current.stdin = line.substring(2).replace("\\n", "\n");
      } else if (line.startsWith("env ")) {
        String[] pair = line.substring(4).split("=", 2);
        current.env.put(pair[0], pair[1]);
      } else if (line.equals("noendpoints")) {
        current.withEndpoints = false;
      } else if (line.equals("code-and-stderr")) {
        current.codeAndStderrOnly = true;
      } else {
        throw new IllegalArgumentException("unknown line in case " + current.name + ": " + line);
      }
    }
    if (current != null) {
      cases.add(current.build());
    }
    return cases;
  }

  private static List<String> split(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder arg = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          args.add(arg.toString());
          arg.setLength(0);
          any = false;
        }
      } else {
        arg.append(c);
        any = true;
      }
    }
    if (any) {
      args.add(arg.toString());
    }
    return args;
  }

  private static final class Builder {
    final String name;
    final List<List<String>> setup = new ArrayList<>();
    List<String> command;
    String stdin = "";
    final Map<String, String> env = new LinkedHashMap<>();
    boolean withEndpoints = true;
    boolean codeAndStderrOnly;

    Builder(String name) {
      this.name = name;
    }

    CtlCase build() {
      if (command == null) {
        throw new IllegalArgumentException("case " + name + " has no $ command");
      }
      return new CtlCase(name, setup, command, stdin, env, withEndpoints, codeAndStderrOnly);
    }
  }
}
