package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.Member;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code cluster-health}: asks every member's client URLs for {@code /health}; the cluster is
 * healthy if at least one member is (etcdctl 2.3's rule). Exit 0, or 5 when unhealthy.
 */
final class ClusterHealth {

  private ClusterHealth() {}

  static final CtlCommandDef COMMAND =
      CtlCommandDef.leaf(
          "cluster-health",
          "check the health of the etcd cluster",
          "",
          List.of(
              CtlFlag.bool(
                  "forever", "f", "forever check the health every 10 second until CTRL+C")),
          ClusterHealth::run);

  private static int run(Ctl ctl, CtlArgs args) {
    EtcdClient client = ctl.client(false);
    boolean forever = args.bool("forever");
    if (forever) {
      Interrupts.exitZeroOnInterrupt();
    }
    while (true) {
      boolean healthy = check(ctl, client);
      if (!forever) {
        return healthy ? 0 : CtlExit.CLUSTER_NOT_HEALTHY;
      }
      ctl.terminal().out().print("\nnext check after 10 second...\n\n");
      ctl.terminal().out().flush();
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  private static boolean check(Ctl ctl, EtcdClient client) {
    PrintStream out = ctl.terminal().out();
    List<Member> members;
    try {
      members = client.members();
    } catch (IOException e) {
      out.println("cluster may be unhealthy: failed to list members");
      throw ctl.fail(CtlExit.SERVER_ERROR, e);
    }
    boolean anyHealthy = false;
    for (Member member : members) {
      if (member.clientURLs().isEmpty()) {
        out.println(
            "member " + member.id() + " is unreachable: no available published client urls");
        continue;
      }
      boolean answered = false;
      for (String url : member.clientURLs()) {
        boolean healthy;
        try {
          healthy = client.health(url);
        } catch (IOException e) {
          out.println(
              "failed to check the health of member "
                  + member.id()
                  + " on "
                  + url
                  + ": "
                  + e.getMessage());
          continue;
        }
        answered = true;
        anyHealthy |= healthy;
        out.println(
            "member "
                + member.id()
                + (healthy
                    ? " is healthy: got healthy result from "
                    : " is unhealthy: got unhealthy result from ")
                + url);
        break;
      }
      if (!answered) {
        out.println(
            "member "
                + member.id()
                + " is unreachable: ["
                + String.join(" ", member.clientURLs())
                + "] are all unreachable");
      }
    }
    out.println(anyHealthy ? "cluster is healthy" : "cluster is unhealthy");
    out.flush();
    return anyHealthy;
  }
}
