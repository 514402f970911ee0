package cairn.cli.ctl;

import cairn.client.EtcdClient;
import java.io.IOException;
import java.util.List;

/** What mkdir, setdir and updatedir share: a key argument, a TTL, no output on success. */
final class DirOperation {

  /** One of the client's directory calls. */
  interface Call {
    void apply(EtcdClient client, String key, Long ttl) throws IOException;
  }

  private DirOperation() {}

  static int run(CtlCommand ctl, List<String> args, long ttl, Call call) {
    EtcdClient client = ctl.client(true);
    String key = KeyArgs.key(ctl, args);
    try {
      call.apply(client, key, ttl);
    } catch (IOException e) {
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    return 0;
  }
}
