package cairn.cli.ctl;

import java.util.ArrayList;
import java.util.List;

/**
 * One etcdctl flag: its long name, an optional one-letter alias, its kind, default and help. Flags
 * are read as Go's flag package reads them ({@link GoFlags}).
 */
record CtlFlag(String name, String alias, Kind kind, String defaultValue, String usage) {

  enum Kind {
    BOOL,
    STRING,
    LONG
  }

  static CtlFlag bool(String name, String alias, String usage) {
    return new CtlFlag(name, alias, Kind.BOOL, "false", usage);
  }

  static CtlFlag string(String name, String alias, String defaultValue, String usage) {
    return new CtlFlag(name, alias, Kind.STRING, defaultValue, usage);
  }

  static CtlFlag number(String name, String usage) {
    return new CtlFlag(name, null, Kind.LONG, "0", usage);
  }

  /** Every spelling, long first: {@code --name}, {@code -a}. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(name.length() == 1 ? "-" + name : "--" + name);
    if (alias != null) {
      names.add("-" + alias);
    }
    return names;
  }

  boolean answersTo(String spelled) {
    return spelled.equals(name) || spelled.equals(alias);
  }
}
