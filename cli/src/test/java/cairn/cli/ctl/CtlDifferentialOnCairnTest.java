package cairn.cli.ctl;

/**
 * The same differential table with a Cairn node as the server: the reference etcdctl and ours, both
 * against this build's {@code cairn node}, must print and exit alike; and the reference etcdctl
 * must work against Cairn as it does against etcd.
 */
class CtlDifferentialOnCairnTest extends CtlDifferentialTest {

  @Override
  ReferenceEtcd startServer() throws Exception {
    return ReferenceEtcd.startCairn();
  }
}
