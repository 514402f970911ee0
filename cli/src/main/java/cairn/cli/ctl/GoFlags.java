package cairn.cli.ctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an etcdctl command line the way etcdctl 2.3 reads it (Go's flag package under
 * codegangsta/cli): {@code -name} and {@code --name} are the same; {@code -name=value} and {@code
 * -name value} are the same; booleans take {@code -flag} or {@code -flag=false}; global options
 * come before the command; within a command the first token that starts with {@code -} opens the
 * option section, which is parsed first, and the tokens before it follow as positionals ({@code set
 * /foo --ttl 60 bar} is key {@code bar}, value {@code /foo}); a {@code --} and everything after it
 * stay verbatim at the end.
 */
final class GoFlags {

  /** A parsed command line: the global options, the command path, its arguments. */
  record Invocation(CtlArgs globals, List<CtlCommandDef> path, CtlArgs args, boolean help) {

    CtlCommandDef command() {
      return path.get(path.size() - 1);
    }
  }

  /** A command line that Go's flag package would reject; the message is Go's. */
  static final class UsageException extends Exception {
    private final List<CtlCommandDef> path;

    UsageException(String message, List<CtlCommandDef> path) {
      super(message);
      this.path = List.copyOf(path);
    }

    List<CtlCommandDef> path() {
      return path;
    }
  }

  /** A command name that the command does not have. */
  static final class UnknownCommandException extends Exception {
    UnknownCommandException(String name) {
      super(name);
    }
  }

  private GoFlags() {}

  static Invocation parse(CtlCommandDef root, List<String> args)
      throws UsageException, UnknownCommandException {
    List<CtlCommandDef> path = new ArrayList<>(List.of(root));
    Map<String, String> globalValues = new LinkedHashMap<>();
    int rest = parseFlags(root, args, globalValues, path);
    CtlArgs globals = new CtlArgs(root.flags(), withoutHelp(globalValues), List.of());
    if (globalValues.containsKey("help")) {
      return new Invocation(globals, path, globals, true);
    }
    List<String> remaining = args.subList(rest, args.size());
    CtlCommandDef current = root;
    while (!remaining.isEmpty() && !current.subcommands().isEmpty()) {
      CtlCommandDef sub = current.subcommand(remaining.get(0));
      if (sub == null) {
        throw new UnknownCommandException(remaining.get(0));
      }
      path.add(sub);
      current = sub;
      remaining = remaining.subList(1, remaining.size());
      if (!sub.subcommands().isEmpty()) {
        Map<String, String> groupValues = new LinkedHashMap<>();
        int used = parseFlags(sub, remaining, groupValues, path);
        if (groupValues.containsKey("help")) {
          return new Invocation(globals, path, new CtlArgs(sub.flags(), Map.of(), List.of()), true);
        }
        remaining = remaining.subList(used, remaining.size());
      }
    }
    if (current == root || !current.subcommands().isEmpty()) {
      return new Invocation(
          globals, path, new CtlArgs(current.flags(), Map.of(), remaining), false);
    }
    return leaf(globals, path, current, remaining);
  }

  /** codegangsta/cli's reordering inside a command, then Go's flag parsing. */
  private static Invocation leaf(
      CtlArgs globals, List<CtlCommandDef> path, CtlCommandDef command, List<String> args)
      throws UsageException {
    int firstFlag = -1;
    int terminator = -1;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        terminator = i;
        break;
      } else if (arg.startsWith("-") && firstFlag == -1) {
        firstFlag = i;
      }
    }
    List<String> reordered = new ArrayList<>();
    if (firstFlag > -1) {
      List<String> regular = new ArrayList<>(args.subList(0, firstFlag));
      if (terminator > -1) {
        reordered.addAll(args.subList(firstFlag, terminator));
        regular.addAll(args.subList(terminator, args.size()));
      } else {
        reordered.addAll(args.subList(firstFlag, args.size()));
      }
      reordered.addAll(regular);
    } else {
      reordered.addAll(args);
    }
    Map<String, String> values = new LinkedHashMap<>();
    int rest = parseFlags(command, reordered, values, path);
    boolean help = values.containsKey("help");
    return new Invocation(
        globals,
        path,
        new CtlArgs(
            command.flags(), withoutHelp(values), reordered.subList(rest, reordered.size())),
        help);
  }

  private static Map<String, String> withoutHelp(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.remove("help");
    return copy;
  }

  /**
   * Go's {@code flag.FlagSet.Parse}: reads flags until the first non-flag or {@code --} (which it
   * consumes) into {@code values}; returns the index of the rest. {@code -h} and {@code --help} are
   * known at every level.
   */
  private static int parseFlags(
      CtlCommandDef command,
      List<String> args,
      Map<String, String> values,
      List<CtlCommandDef> path)
      throws UsageException {
    int i = 0;
    while (i < args.size()) {
      String s = args.get(i);
      if (s.length() < 2 || s.charAt(0) != '-') {
        return i;
      }
      int minuses = 1;
      if (s.charAt(1) == '-') {
        minuses = 2;
        if (s.length() == 2) {
          return i + 1;
        }
      }
      String name = s.substring(minuses);
      if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
        throw new UsageException("bad flag syntax: " + s, path);
      }
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      i++;
      if (name.equals("h") || name.equals("help")) {
        values.put("help", "true");
        continue;
      }
      CtlFlag flag = command.flag(name);
      if (flag == null) {
        throw new UsageException("flag provided but not defined: -" + name, path);
      }
      if (flag.kind() == CtlFlag.Kind.BOOL) {
        String bool = "true";
        if (value != null) {
          bool = parseBool(value);
          if (bool == null) {
            throw new UsageException(
                "invalid boolean value \"" + value + "\" for -" + name + ": parse error", path);
          }
        }
        values.put(flag.name(), bool);
      } else {
        if (value == null) {
          if (i >= args.size()) {
            throw new UsageException("flag needs an argument: -" + name, path);
          }
          value = args.get(i++);
        }
        if (flag.kind() == CtlFlag.Kind.LONG && !value.matches("[+-]?\\d{1,18}")) {
          throw new UsageException(
              "invalid value \"" + value + "\" for flag -" + name + ": parse error", path);
        }
        values.put(flag.name(), value);
      }
    }
    return i;
  }

  /** Go's strconv.ParseBool, as "true" or "false"; null if it is not a boolean. */
  private static String parseBool(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> "true";
      case "0", "f", "F", "FALSE", "false", "False" -> "false";
      default -> null;
    };
  }
}
