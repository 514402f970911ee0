package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.Member;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cluster-health}: asks every member's client URLs for {@code /health}; the cluster is
 * healthy if at least one member is (etcdctl 2.3's rule). Exit 0, or 5 when unhealthy.
 */
@Command(name = "cluster-health", description = "check the health of the etcd cluster")
final class ClusterHealthCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Option(
      names = {"--forever", "-f"},
      description = "forever check the health every 10 second until CTRL+C")
  boolean forever;

  @Override
  public Integer call() throws InterruptedException {
    EtcdClient client = ctl.client(false);
    if (forever) {
      Interrupts.exitZeroOnInterrupt();
    }
    while (true) {
      boolean healthy = check(client);
      if (!forever) {
        return healthy ? 0 : CtlExit.CLUSTER_NOT_HEALTHY;
      }
      ctl.terminal().out().print("\nnext check after 10 second...\n\n");
      ctl.terminal().out().flush();
      Thread.sleep(10_000);
    }
  }

  private boolean check(EtcdClient client) {
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
        if (healthy) {
          anyHealthy = true;
          out.println("member " + member.id() + " is healthy: got healthy result from " + url);
        } else {
          out.println("member " + member.id() + " is unhealthy: got unhealthy result from " + url);
        }
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
