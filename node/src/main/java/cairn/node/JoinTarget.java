package cairn.node;

import cairn.peer.PeerClient;
import cairn.server.Member;
import cairn.server.MemberIds;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * What a member started with {@code --initial-cluster-state existing} and no data dir takes from
 * the running cluster (cluster-reconfiguration.md §2.2): the live membership, fetched from the
 * other listed members' peer URLs, must match {@code --initial-cluster} member for member (compared
 * by sorted peer URLs); the member then adopts the ID the cluster gave it at {@code member add} and
 * the cluster's ID, and knows the members to talk to until the leader's snapshot arrives.
 */
record JoinTarget(long memberId, long clusterId, List<Member> members) {

  /** etcd 2.3's timeout for each {@code GET /members}. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  /** {@code peerDialing}: the member's peer TLS for dialing, or null without peer TLS. */
  static JoinTarget fetch(NodeConfig config, SSLContext peerDialing) throws FlagException {
    List<String> others = new ArrayList<>();
    config
        .initialCluster()
        .members()
        .forEach(
            (name, urls) -> {
              if (!name.equals(config.name())) {
                others.addAll(urls);
              }
            });
    others.sort(null);
    PeerClient.RemoteCluster remote;
    try {
      remote = PeerClient.fetchCluster(others, FETCH_TIMEOUT, peerDialing);
    } catch (IOException e) {
      throw fatal(
          "cannot fetch cluster info from peer urls: could not retrieve cluster information from"
              + " the given urls");
    }
    List<Map.Entry<String, List<String>>> local =
        new ArrayList<>(config.initialCluster().members().entrySet());
    if (local.size() != remote.members().size()) {
      throw fatal("error validating peerURLs " + render(remote) + ": member count is unequal");
    }
    // Both sides by first (smallest) peer URL; --initial-cluster's URLs are sorted when parsed.
    local.sort(Comparator.comparing(e -> e.getValue().get(0)));
    List<Live> live =
        remote.members().stream()
            .map(m -> new Live(m.id(), m.peerUrls().stream().sorted().toList()))
            .sorted(Comparator.comparing(l -> l.urls().isEmpty() ? "" : l.urls().get(0)))
            .toList();
    long self = 0;
    for (int i = 0; i < local.size(); i++) {
      if (!local.get(i).getValue().equals(live.get(i).urls())) {
        throw fatal(
            "error validating peerURLs "
                + render(remote)
                + ": unmatched member while checking PeerURLs");
      }
      if (local.get(i).getKey().equals(config.name())) {
        self = live.get(i).id();
      }
    }
    List<Member> members = new ArrayList<>();
    for (PeerClient.RemoteMember m : remote.members()) {
      members.add(new Member(m.id(), m.name(), m.peerUrls(), m.clientUrls()));
    }
    return new JoinTarget(self, remote.clusterId(), members);
  }

  /** A live member's ID and its peer URLs, sorted. */
  private record Live(long id, List<String> urls) {}

  /** etcd 2.3's {@code %+v} of the remote cluster, with members spelled out. */
  private static String render(PeerClient.RemoteCluster remote) {
    List<String> members = new ArrayList<>();
    for (PeerClient.RemoteMember m : remote.members()) {
      members.add(
          "&{ID:"
              + MemberIds.hex(m.id())
              + " RaftAttributes:{PeerURLs:["
              + String.join(" ", m.peerUrls())
              + "]} Attributes:{Name:"
              + m.name()
              + " ClientURLs:["
              + String.join(" ", m.clientUrls())
              + "]}}");
    }
    return "{ClusterID:"
        + MemberIds.hex(remote.clusterId())
        + " Members:["
        + String.join(" ", members)
        + "] RemovedMemberIDs:[]}";
  }

  private static FlagException fatal(String message) {
    return new FlagException(message, 1, false);
  }
}
