package cairn.cli.ctl;

import cairn.client.EtcdClient;
import cairn.client.Member;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code member list|add|remove|update}. Member commands print errors as plain text (no {@code
 * Error:} prefix) and exit 1, as etcdctl does.
 */
final class MemberCommands {

  private MemberCommands() {}

  static final CtlCommandDef LIST =
      CtlCommandDef.leaf(
          "list", "enumerate existing cluster members", "", List.of(), MemberCommands::list);
  static final CtlCommandDef ADD =
      CtlCommandDef.leaf(
          "add",
          "add a new member to the etcd cluster",
          "<name> <peerURL>",
          List.of(),
          MemberCommands::add);
  static final CtlCommandDef REMOVE =
      CtlCommandDef.leaf(
          "remove",
          "remove an existing member from the etcd cluster",
          "<memberID>",
          List.of(),
          MemberCommands::remove);
  static final CtlCommandDef UPDATE =
      CtlCommandDef.leaf(
          "update",
          "update an existing member in the etcd cluster",
          "<memberID> <peerURLs>",
          List.of(),
          MemberCommands::update);

  static final CtlCommandDef MEMBER =
      new CtlCommandDef(
          "member",
          "member add, remove and list subcommands",
          "",
          List.of(),
          null,
          List.of(LIST, ADD, REMOVE, UPDATE));

  /** A client call that may fail; its failure is a plain message and exit 1. */
  @FunctionalInterface
  private interface Call<T> {
    T apply() throws IOException;
  }

  private static <T> T plain(Ctl ctl, String prefix, Call<T> call) {
    try {
      return call.apply();
    } catch (IOException e) {
      throw ctl.failPlain(prefix + e.getMessage());
    }
  }

  private static int list(Ctl ctl, CtlArgs args) {
    if (!args.positionals().isEmpty()) {
      throw ctl.failPlain("No arguments accepted");
    }
    EtcdClient client = ctl.client(true);
    List<Member> members = plain(ctl, "", client::members);
    Member leader = plain(ctl, "Failed to get leader:  ", client::leader);
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

  private static int add(Ctl ctl, CtlArgs args) {
    List<String> positionals = args.positionals();
    if (positionals.size() != 2) {
      throw ctl.failPlain("Provide a name and a single member peerURL");
    }
    EtcdClient client = ctl.client(true);
    String name = positionals.get(0);
    String peerUrl = positionals.get(1);
    String problem = checkPeerUrl(peerUrl);
    if (problem != null) {
      throw ctl.failPlain(problem);
    }
    Member added = plain(ctl, "", () -> client.addMember(List.of(peerUrl)));
    PrintStream out = ctl.terminal().out();
    out.println("Added member named " + name + " with ID " + added.id() + " to cluster");
    List<Member> members = plain(ctl, "", client::members);
    List<String> conf = new ArrayList<>();
    for (Member m : members) {
      for (String url : m.peerURLs()) {
        conf.add((m.id().equals(added.id()) ? name : m.name()) + "=" + url);
      }
    }
    out.println();
    out.println("ETCD_NAME=" + Ctl.goQuote(name));
    out.println("ETCD_INITIAL_CLUSTER=" + Ctl.goQuote(String.join(",", conf)));
    out.println("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
    out.flush();
    return 0;
  }

  private static int remove(Ctl ctl, CtlArgs args) {
    if (args.positionals().size() != 1) {
      throw ctl.failPlain("Provide a single member ID");
    }
    String id = args.positionals().get(0);
    EtcdClient client = ctl.client(true);
    List<Member> members =
        plain(ctl, "Error while verifying ID against known members: ", client::members);
    boolean found = false;
    for (Member m : members) {
      if (m.name().equals(id)) {
        PrintStream err = ctl.terminal().err();
        err.println("Found a member named " + id + "; if this is correct, please use its ID, eg:");
        err.println("\tetcdctl member remove " + m.id());
        err.println(
            "For more details, read the documentation at"
                + " https://github.com/coreos/etcd/blob/master/Documentation/runtime-configuration.md#remove-a-member");
        err.println();
      }
      found |= m.id().equals(id);
    }
    if (!found) {
      throw ctl.failPlain("Couldn't find a member in the cluster with an ID of " + id + ".");
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

  private static int update(Ctl ctl, CtlArgs args) {
    if (args.positionals().size() != 2) {
      throw ctl.failPlain(
          "Provide an ID and a list of comma separated peerURL (0xabcd"
              + " http://example.com,http://example1.com)");
    }
    EtcdClient client = ctl.client(true);
    String id = args.positionals().get(0);
    List<String> urls = List.of(args.positionals().get(1).split(","));
    plain(
        ctl,
        "",
        () -> {
          client.updateMember(id, urls);
          return null;
        });
    ctl.terminal().out().println("Updated member with ID " + id + " in cluster");
    return 0;
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
}
