package cairn.cli.ctl;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Rewrites an etcdctl command line, parsed the way etcdctl 2.3 parses it (Go's flag package under
 * codegangsta/cli), into the canonical form picocli reads: {@code --name=value} options, then
 * {@code --} and the positional arguments.
 *
 * <p>The rules scripts depend on: {@code -name} and {@code --name} are the same; {@code
 * -name=value} and {@code -name value} are the same; booleans take {@code -flag} or {@code
 * -flag=false}; global options come before the command; within a command the first token that
 * starts with {@code -} opens the option section, which is parsed first, and the tokens before it
 * follow as positionals ({@code set /foo --ttl 60 bar} is key {@code bar}, value {@code /foo}); a
 * {@code --} and everything after it stay verbatim at the end.
 */
final class GoFlags {

  /** A command line that Go's flag package would reject; the message is Go's. */
  static final class UsageException extends Exception {
    private final CommandSpec command;

    UsageException(String message, CommandSpec command) {
      super(message);
      this.command = command;
    }

    CommandSpec command() {
      return command;
    }
  }

  /** A command name that the command does not have. */
  static final class UnknownCommandException extends Exception {
    UnknownCommandException(String name) {
      super(name);
    }
  }

  private GoFlags() {}

  /** Finds (or adds on demand) the subcommand of a command by name; null if it has none. */
  interface Subcommands {
    CommandSpec find(CommandSpec parent, String name);
  }

  /** The subcommands a command's model already holds. */
  static final Subcommands DECLARED = GoFlags::findSubcommand;

  /** Canonical arguments for {@code root} (the ctl command) from etcdctl's arguments. */
  static List<String> normalize(CommandSpec root, List<String> args, Subcommands subcommands)
      throws UsageException, UnknownCommandException {
    List<String> out = new ArrayList<>();
    normalizeGroup(root, args, out, subcommands);
    return out;
  }

  private static void normalizeGroup(
      CommandSpec spec, List<String> args, List<String> out, Subcommands subcommands)
      throws UsageException, UnknownCommandException {
    int rest = parseFlags(spec, args, out);
    List<String> remaining = args.subList(rest, args.size());
    if (remaining.isEmpty()) {
      return;
    }
    String name = remaining.get(0);
    CommandSpec sub = subcommands.find(spec, name);
    if (sub == null) {
      throw new UnknownCommandException(name);
    }
    out.add(sub.name());
    List<String> subArgs = remaining.subList(1, remaining.size());
    if (!sub.subcommands().isEmpty()) {
      normalizeGroup(sub, subArgs, out, DECLARED);
    } else {
      normalizeLeaf(sub, subArgs, out);
    }
  }

  private static CommandSpec findSubcommand(CommandSpec spec, String name) {
    for (var entry : spec.subcommands().entrySet()) {
      if (entry.getKey().equals(name)) {
        return entry.getValue().getCommandSpec();
      }
    }
    return null;
  }

  /** codegangsta/cli's reordering inside a command, then Go's flag parsing. */
  private static void normalizeLeaf(CommandSpec spec, List<String> args, List<String> out)
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
    int rest = parseFlags(spec, reordered, out);
    out.add("--");
    out.addAll(reordered.subList(rest, reordered.size()));
  }

  /**
   * Go's {@code flag.FlagSet.Parse}: reads flags until the first non-flag or {@code --} (which it
   * consumes); appends their canonical form to {@code out}; returns the index of the rest.
   */
  private static int parseFlags(CommandSpec spec, List<String> args, List<String> out)
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
        throw new UsageException("bad flag syntax: " + s, spec);
      }
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      i++;
      OptionSpec option = find(spec, name);
      if (option == null) {
        throw new UsageException("flag provided but not defined: -" + name, spec);
      }
      if (isBoolean(option)) {
        boolean on = true;
        if (value != null) {
          Boolean parsed = parseBool(value);
          if (parsed == null) {
            throw new UsageException(
                "invalid boolean value \"" + value + "\" for -" + name + ": parse error", spec);
          }
          on = parsed;
        }
        if (on) {
          out.add(option.longestName());
        }
      } else {
        if (value == null) {
          if (i >= args.size()) {
            throw new UsageException("flag needs an argument: -" + name, spec);
          }
          value = args.get(i++);
        }
        if (isInteger(option) && !value.matches("[+-]?\\d+")) {
          throw new UsageException(
              "invalid value \"" + value + "\" for flag -" + name + ": parse error", spec);
        }
        out.add(option.longestName() + "=" + value);
      }
    }
    return i;
  }

  private static OptionSpec find(CommandSpec spec, String name) {
    for (OptionSpec option : spec.options()) {
      for (String candidate : option.names()) {
        if (candidate.replaceFirst("^-+", "").equals(name)) {
          return option;
        }
      }
    }
    return null;
  }

  private static boolean isBoolean(OptionSpec option) {
    Class<?> type = option.type();
    return type == boolean.class || type == Boolean.class;
  }

  private static boolean isInteger(OptionSpec option) {
    Class<?> type = option.type();
    return type == int.class || type == long.class || type == Integer.class || type == Long.class;
  }

  /** Go's strconv.ParseBool. */
  private static Boolean parseBool(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> null;
    };
  }
}
