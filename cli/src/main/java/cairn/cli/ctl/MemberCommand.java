package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.Member;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code member list|add|remove|update}. Member commands print errors as plain text (no {@code
 * Error:} prefix) and exit 1, as etcdctl does.
 */
@Command(
    name = "member",
    description = "member add, remove and list subcommands",
    subcommands = {
      MemberCommand.List.class,
      MemberCommand.Add.class,
      MemberCommand.Remove.class,
      MemberCommand.Update.class
    })
final class MemberCommand implements Callable<Integer> {

  @ParentCommand CtlCommand ctl;

  @Override
  public Integer call() {
    ctl.spec.subcommands().get("member").usage(ctl.terminal().out());
    return 0;
  }

  static CtlExit plainFailure(CtlCommand ctl, String message) {
    ctl.terminal().err().println(message);
    ctl.terminal().err().flush();
    return new CtlExit(CtlExit.BAD_ARGS);
  }

  @Command(name = "list", description = "enumerate existing cluster members")
  static final class List implements Callable<Integer> {
    @ParentCommand MemberCommand member;

    @Parameters(arity = "0..*")
    java.util.List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      CtlCommand ctl = member.ctl;
      if (!args.isEmpty()) {
        throw plainFailure(ctl, "No arguments accepted");
      }
      EtcdClient client = ctl.client(true);
      java.util.List<Member> members;
      Member leader;
      try {
        members = client.members();
      } catch (IOException e) {
        throw plainFailure(ctl, e.getMessage());
      }
      try {
        leader = client.leader();
      } catch (IOException e) {
        throw plainFailure(ctl, "Failed to get leader:  " + e.getMessage());
      }
      PrintStream out = ctl.terminal().out();
      for (Member m : members) {
        if (m.name().isEmpty()) {
          out.println(m.id() + "[unstarted]: peerURLs=" + String.join(",", m.peerURLs()));
        } else {
          out.println(
              m.id()
                  + ": name="
                  + m.name()
                  + " peerURLs="
                  + String.join(",", m.peerURLs())
                  + " clientURLs="
                  + String.join(",", m.clientURLs())
                  + " isLeader="
                  + m.id().equals(leader.id()));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "add", description = "add a new member to the etcd cluster")
  static final class Add implements Callable<Integer> {
    @ParentCommand MemberCommand member;

    @Parameters(paramLabel = "<name> <peerURL>", arity = "0..*")
    java.util.List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      CtlCommand ctl = member.ctl;
      if (args.size() != 2) {
        throw plainFailure(ctl, "Provide a name and a single member peerURL");
      }
      EtcdClient client = ctl.client(true);
      String name = args.get(0);
      String peerUrl = args.get(1);
      String problem = checkPeerUrl(peerUrl);
      if (problem != null) {
        throw plainFailure(ctl, problem);
      }
      Member added;
      java.util.List<Member> members;
      PrintStream out = ctl.terminal().out();
      try {
        added = client.addMember(java.util.List.of(peerUrl));
      } catch (IOException e) {
        throw plainFailure(ctl, e.getMessage());
      }
      out.println("Added member named " + name + " with ID " + added.id() + " to cluster");
      try {
        members = client.members();
      } catch (IOException e) {
        throw plainFailure(ctl, e.getMessage());
      }
      java.util.List<String> conf = new ArrayList<>();
      for (Member m : members) {
        for (String url : m.peerURLs()) {
          conf.add((m.id().equals(added.id()) ? name : m.name()) + "=" + url);
        }
      }
      out.println();
      out.println("ETCD_NAME=" + goQuote(name));
      out.println("ETCD_INITIAL_CLUSTER=" + goQuote(String.join(",", conf)));
      out.println("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", description = "remove an existing member from the etcd cluster")
  static final class Remove implements Callable<Integer> {
    @ParentCommand MemberCommand member;

    @Parameters(paramLabel = "<memberID>", arity = "0..*")
    java.util.List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      CtlCommand ctl = member.ctl;
      if (args.size() != 1) {
        throw plainFailure(ctl, "Provide a single member ID");
      }
      String id = args.get(0);
      EtcdClient client = ctl.client(true);
      java.util.List<Member> members;
      try {
        members = client.members();
      } catch (IOException e) {
        throw plainFailure(
            ctl, "Error while verifying ID against known members: " + e.getMessage());
      }
      boolean found = false;
      for (Member m : members) {
        if (m.name().equals(id)) {
          PrintStream err = ctl.terminal().err();
          err.println(
              "Found a member named " + id + "; if this is correct, please use its ID, eg:");
          err.println("\tetcdctl member remove " + m.id());
          err.println(
              "For more details, read the documentation at"
                  + " https://github.com/coreos/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member");
          err.println();
        }
        found |= m.id().equals(id);
      }
      if (!found) {
        throw plainFailure(ctl, "Couldn't find a member in the cluster with an ID of " + id + ".");
      }
      try {
        client.removeMember(id);
      } catch (IOException e) {
        ctl.terminal()
            .err()
            .print("Received an error trying to remove member " + id + ": " + e.getMessage());
        ctl.terminal().err().flush();
        throw new CtlExit(CtlExit.BAD_ARGS);
      }
      ctl.terminal().out().println("Removed member " + id + " from cluster");
      return 0;
    }
  }

  @Command(name = "update", description = "update an existing member in the etcd cluster")
  static final class Update implements Callable<Integer> {
    @ParentCommand MemberCommand member;

    @Parameters(paramLabel = "<memberID> <peerURLs>", arity = "0..*")
    java.util.List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      CtlCommand ctl = member.ctl;
      if (args.size() != 2) {
        throw plainFailure(
            ctl,
            "Provide an ID and a list of comma separated peerURL (0xabcd"
                + " http://example.com,http://example1.com)");
      }
      EtcdClient client = ctl.client(true);
      String id = args.get(0);
      try {
        client.updateMember(id, java.util.List.of(args.get(1).split(",")));
      } catch (IOException e) {
        throw plainFailure(ctl, e.getMessage());
      }
      ctl.terminal().out().println("Updated member with ID " + id + " in cluster");
      return 0;
    }
  }

  /** The server's checks of a peer URL (etcd's types.NewURLs), or null when it is fine. */
  static String checkPeerUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "parse " + url + ": " + e.getReason();
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      return "URL scheme must be http or https: " + url;
    }
    if (uri.getHost() == null || uri.getPort() == -1) {
      return "URL address does not have the form \"host:port\": " + url;
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      return "URL must not contain a path: " + url;
    }
    return null;
  }

  static String goQuote(String s) {
    return CtlCommand.goQuote(s);
  }
}
