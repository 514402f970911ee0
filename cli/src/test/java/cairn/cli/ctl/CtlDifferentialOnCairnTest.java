package cairn.cli.ctl;

import org.junit.jupiter.api.BeforeAll;

/**
 * The same differential table with a Cairn node as the server: the reference etcdctl and ours, both
 * against this build's {@code cairn node}, must print and exit alike; and the reference etcdctl
 * must work against Cairn as it does against etcd.
 */
class CtlDifferentialOnCairnTest extends CtlDifferentialTest {

  /** Hides the parent's: this class runs the table against Cairn. */
  @BeforeAll
  static void startReference() throws Exception {
    etcd = ReferenceEtcd.startCairn();
    deadPort = ReferenceEtcd.freePort();
  }
}
