package cairn.cli.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** etcdctl's argument helpers: the key, and a value from the arguments or standard input. */
final class KeyArgs {

  private KeyArgs() {}

  static String key(Ctl ctl, List<String> args) {
    if (args.isEmpty()) {
      throw ctl.failArgs("key required");
    }
    return args.get(0);
  }

  /** The value argument, else all of standard input (kept as is); empty input is an error. */
  static String valueOrStdin(Ctl ctl, List<String> args) {
    if (args.size() > 1) {
      return args.get(1);
    }
    try {
      String input = new String(ctl.terminal().in().readAllBytes(), StandardCharsets.UTF_8);
      if (!input.isEmpty()) {
        return input;
      }
    } catch (IOException e) {
      // no input: same as empty
    }
    throw ctl.failArgs("value required");
  }
}
