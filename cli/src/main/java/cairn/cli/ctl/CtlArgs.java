package cairn.cli.ctl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flags and positional arguments of one level of an etcdctl command line. */
final class CtlArgs {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positionals;

  CtlArgs(List<CtlFlag> flags, Map<String, String> given, List<String> positionals) {
    for (CtlFlag flag : flags) {
      values.put(flag.name(), flag.defaultValue());
    }
    values.putAll(given);
    this.positionals = List.copyOf(positionals);
  }

  String string(String name) {
    return values.get(name);
  }

  boolean bool(String name) {
    return Boolean.parseBoolean(values.get(name));
  }

  long number(String name) {
    return Long.parseLong(values.get(name));
  }

  List<String> positionals() {
    return positionals;
  }
}
