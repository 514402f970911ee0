package cairn.node;

import java.util.List;
import java.util.Locale;

/**
 * One etcd 2.x command-line flag: its name (without dashes), kind, default and help text. Its
 * environment variable is {@code ETCD_} and the upper-cased name with {@code -} as {@code _}.
 */
record Flag(String name, Kind kind, String defaultValue, String usage, List<String> choices) {

  /** How a flag's value is read. */
  enum Kind {
    STRING,
    BOOL,
    UINT,
    URLS,
    CHOICE,
    /** A 0.4 address flag: a literal {@code IP:port} ({@link IpPort}). */
    ADDRESS,
    /** A 0.4 flag that is accepted and ignored with a warning (boolean-typed, as in etcd). */
    IGNORED,
    /** A 0.4 flag that is refused. */
    REFUSED
  }

  Flag {
    choices = List.copyOf(choices);
  }

  static Flag of(String name, Kind kind, String defaultValue, String usage) {
    return new Flag(name, kind, defaultValue, usage, List.of());
  }

  static Flag choice(String name, String defaultValue, String usage, String... choices) {
    return new Flag(name, Kind.CHOICE, defaultValue, usage, List.of(choices));
  }

  String envName() {
    return "ETCD_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
