package cairn.node;

import cairn.server.Member;
import cairn.server.MemberIds;
import cairn.server.ServerConfig;
import cairn.util.MemberLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node's configuration after etcd 2.3's start-up checks (node-config.md §2.7, §5, §8.2): every
 * value validated, defaults derived (data dir from the name, initial cluster from the name), the
 * member and cluster IDs of a static bootstrap computed (the member ID is 0 when a restart's name
 * is not in the initial cluster, which a restart ignores).
 */
record NodeConfig(
    String name,
    Path dataDir,
    Path walDir,
    long snapshotCount,
    long heartbeatMs,
    long electionMs,
    List<String> listenPeerUrls,
    List<String> listenClientUrls,
    List<String> advertiseClientUrls,
    List<String> initialAdvertisePeerUrls,
    InitialCluster initialCluster,
    String initialClusterState,
    String initialClusterToken,
    int maxSnapshots,
    int maxWals,
    List<String> cors,
    boolean forceNewCluster,
    boolean strictReconfigCheck,
    TlsFiles clientTls,
    TlsFiles peerTls,
    Discovered discovery,
    Proxy proxy,
    long memberId,
    long clusterId) {

  /** Election timeout in ticks, as Raft counts it. */
  int electionTicks() {
    return (int) (electionMs / heartbeatMs);
  }

  /**
   * {@code --discovery} and its companions; an empty URL when the cluster is not discovered.
   *
   * @param url the discovery URL, also the token of the member IDs
   * @param fallback {@code --discovery-fallback}: exit, or proxy (which Cairn cannot be)
   * @param proxy {@code --discovery-proxy}: an HTTP proxy URL, or empty
   */
  record Discovered(String url, String fallback, String proxy) {
    boolean isSet() {
      return !url.isEmpty();
    }
  }

  /**
   * {@code --proxy} and its timings (node-config.md §12).
   *
   * @param mode off, on or readonly
   */
  record Proxy(String mode, long failureWaitMs, long refreshIntervalMs, long dialTimeoutMs) {
    boolean isOn() {
      return !mode.equals("off");
    }
  }

  /** The members of a new cluster as {@code --initial-cluster} lists them, with etcd's IDs. */
  List<Member> initialMembers() {
    return members(initialCluster, initialCluster.memberIds(initialClusterToken));
  }

  /** The members of {@code cluster}, with {@code ids} by name. */
  static List<Member> members(InitialCluster cluster, Map<String, Long> ids) {
    List<Member> members = new ArrayList<>();
    cluster
        .members()
        .forEach((name, urls) -> members.add(new Member(ids.get(name), "", urls, List.of())));
    return members;
  }

  /** What the server runs with as a member of a new cluster: this configuration's own IDs. */
  ServerConfig serverConfig() {
    return serverConfig(memberId, clusterId, initialMembers(), false);
  }

  /**
   * What the server runs with: this node's settings, and the IDs and members the start decided on
   * (this configuration's own, or those a joining member adopted).
   */
  ServerConfig serverConfig(
      long memberId, long clusterId, List<Member> initialMembers, boolean join) {
    return new ServerConfig(
        dataDir,
        walDir,
        memberId,
        clusterId,
        heartbeatMs,
        electionTicks(),
        snapshotCount,
        maxSnapshots,
        maxWals,
        // etcd's ReqTimeout: 5 s plus two election timeouts.
        Duration.ofMillis(5000 + 2 * electionMs),
        Clock.systemUTC(),
        name,
        advertiseClientUrls,
        initialMembers,
        join,
        forceNewCluster,
        strictReconfigCheck);
  }

  static NodeConfig from(NodeFlags.Parsed flags) throws FlagException {
    return from(flags, SrvDiscovery.dns("dns:"), MemberLog.NONE);
  }

  /**
   * As {@link #from(NodeFlags.Parsed)}, looking SRV records up with {@code srv} and telling {@code
   * discoveryLog} what a DNS bootstrap found, as etcd's discovery package does.
   */
  static NodeConfig from(NodeFlags.Parsed flags, SrvDiscovery.Lookup srv, MemberLog discoveryLog)
      throws FlagException {
    int bootstrapFlags = 0;
    for (String flag : List.of("initial-cluster", "discovery", "discovery-srv")) {
      if (flags.isSet(flag)) {
        bootstrapFlags++;
      }
    }
    if (bootstrapFlags > 1) {
      throw fatal(
          "multiple discovery or bootstrap flags are set. Choose one of \"initial-cluster\","
              + " \"discovery\" or \"discovery-srv\"");
    }
    List<String> listenPeer =
        urlsFromFlags(flags, "listen-peer-urls", "peer-bind-addr", "peer-addr");
    List<String> advertisePeer =
        urlsFromFlags(flags, "initial-advertise-peer-urls", "peer-addr", null);
    List<String> listenClient = urlsFromFlags(flags, "listen-client-urls", "bind-addr", "addr");
    List<String> advertiseClient = urlsFromFlags(flags, "advertise-client-urls", "addr", null);
    Discovered discovery =
        new Discovered(
            flags.get("discovery"), flags.get("discovery-fallback"), flags.get("discovery-proxy"));
    if (discovery.isSet() && flags.get("initial-cluster-state").equals("existing")) {
      throw fatal("discovery URL should not be set when joining existing initial cluster");
    }
    Proxy proxy =
        new Proxy(
            flags.get("proxy"),
            flags.uint("proxy-failure-wait"),
            flags.uint("proxy-refresh-interval"),
            flags.uint("proxy-dial-timeout"));

    // As etcd 2.3: not for a proxy, or a member that may fall back to one.
    boolean mayProxy = proxy.isOn() || (discovery.isSet() && discovery.fallback().equals("proxy"));
    if (!mayProxy && flags.isSet("listen-client-urls") && !flags.isSet("advertise-client-urls")) {
      throw fatal(
          "-advertise-client-urls is required when -listen-client-urls is set explicitly\n"
              + "When listening on specific address(es), this etcd process must advertise"
              + " accessible url(s) to each connected client.");
    }
    long heartbeat = flags.uint("heartbeat-interval");
    long election = flags.uint("election-timeout");
    if (heartbeat == 0 || election < 5 * heartbeat) {
      throw fatal(
          "-election-timeout["
              + election
              + "ms] should be at least as 5 times as -heartbeat-interval["
              + heartbeat
              + "ms]");
    }
    if (election > 50000) {
      throw fatal(
          "-election-timeout[" + election + "ms] is too long, and should be set less than 50000ms");
    }
    String name = flags.get("name");
    String clusterText = flags.get("initial-cluster");
    if (!name.equals("default") && !flags.isSet("initial-cluster")) {
      clusterText = name + "=http://localhost:2380," + name + "=http://localhost:7001";
    }
    if (flags.isSet("discovery-srv")) {
      clusterText =
          SrvDiscovery.initialCluster(
              name, flags.get("discovery-srv"), advertisePeer, srv, discoveryLog);
    }
    InitialCluster cluster;
    Map<String, Long> ids;
    try {
      cluster = InitialCluster.parse(clusterText);
      ids = cluster.memberIds(flags.get("initial-cluster-token"));
    } catch (IllegalArgumentException e) {
      throw fatal("error setting up initial cluster: " + e.getMessage());
    }
    long snapshotCount = flags.uint("snapshot-count") == 0 ? 10000 : flags.uint("snapshot-count");
    String dataDir = flags.get("data-dir").isEmpty() ? name + ".etcd" : flags.get("data-dir");
    // A restart takes its IDs and membership from the data dir: as etcd, it does not check (or
    // use) the initial cluster.
    // etcd 2.2's --wal-dir: the WAL in a directory of its own (a dedicated disk) instead of
    // member/wal under the data dir.
    Path walDir =
        flags.get("wal-dir").isEmpty()
            ? ServerConfig.walDirUnder(Path.of(dataDir))
            : Path.of(flags.get("wal-dir"));
    boolean restart = Files.isDirectory(walDir);
    // A discovered cluster is checked when discovery has found it.
    if (!restart && !discovery.isSet() && !proxy.isOn()) { // a proxy is in no cluster
      checkBootstrap(flags, name, cluster, advertisePeer);
    }
    TlsFiles clientTls = tls(flags, "");
    checkTlsListeners(listenClient, clientTls);
    TlsFiles peerTls = tls(flags, "peer-");
    checkTlsListeners(listenPeer, peerTls);
    List<String> cors = new ArrayList<>();
    for (String origin : flags.get("cors").split(",")) {
      if (!origin.isBlank()) {
        cors.add(origin.strip());
      }
    }
    return new NodeConfig(
        name,
        Path.of(dataDir),
        walDir,
        snapshotCount,
        heartbeat,
        election,
        listenPeer,
        listenClient,
        advertiseClient,
        advertisePeer,
        cluster,
        flags.get("initial-cluster-state"),
        flags.get("initial-cluster-token"),
        (int) flags.uint("max-snapshots"),
        (int) flags.uint("max-wals"),
        cors,
        flags.bool("force-new-cluster"),
        flags.bool("strict-reconfig-check"),
        clientTls,
        peerTls,
        discovery,
        proxy,
        ids.getOrDefault(name, 0L),
        MemberIds.clusterId(new ArrayList<>(ids.values())));
  }

  /**
   * One side's TLS files (node-config.md §13), {@code prefix} "" for the client side and "peer-"
   * for the peers: the certificate and key go together; the deprecated {@code --ca-file} is {@code
   * --trusted-ca-file} plus {@code --client-cert-auth}. Without a certificate there is no TLS, and
   * the CA settings are unused, as in etcd.
   */
  private static TlsFiles tls(NodeFlags.Parsed flags, String prefix) throws FlagException {
    String cert = flags.get(prefix + "cert-file");
    String key = flags.get(prefix + "key-file");
    if (cert.isEmpty() != key.isEmpty()) {
      throw fatal(
          "KeyFile and CertFile must both be present[key: " + key + ", cert: " + cert + "]");
    }
    if (cert.isEmpty()) {
      return TlsFiles.NONE;
    }
    String legacyCa = flags.get(prefix + "ca-file");
    String trusted = flags.get(prefix + "trusted-ca-file");
    String ca = trusted.isEmpty() ? legacyCa : trusted;
    return new TlsFiles(
        Path.of(cert),
        Path.of(key),
        ca.isEmpty() ? null : Path.of(ca),
        flags.bool(prefix + "client-cert-auth") || !legacyCa.isEmpty());
  }

  /**
   * One side's URLs (etcd 2.3's {@code flags.URLsFromFlags}): those of the 2.x URL flag, or the 0.4
   * address flag's {@code IP:port} as a URL, {@code https} when the side has a certificate or key;
   * setting both is refused. A bind address flag not given is derived from the advertised address
   * flag {@code derivedFrom}, when that is set, on all interfaces ({@code [::]:port}, etcd's {@code
   * SetBindAddrFromAddr}), so that {@code --addr} alone also sets where clients are served.
   *
   * @param derivedFrom for a bind address flag, the advertised address flag; else null
   */
  private static List<String> urlsFromFlags(
      NodeFlags.Parsed flags, String urlsFlag, String addrFlag, String derivedFrom)
      throws FlagException {
    IpPort address;
    if (flags.isSet(addrFlag)) {
      address = IpPort.parse(flags.get(addrFlag));
    } else if (derivedFrom != null && flags.isSet(derivedFrom)) {
      address = IpPort.parse(flags.get(derivedFrom)).withIp("::");
    } else {
      return Urls.parse(flags.get(urlsFlag));
    }
    if (flags.isSet(urlsFlag)) {
      throw fatal("Set only one of flags -" + urlsFlag + " and -" + addrFlag);
    }
    // A certificate or a key alone picks https too: etcd asks whether its TLSInfo is empty.
    String side = addrFlag.startsWith("peer-") ? "peer-" : "";
    boolean secure =
        !flags.get(side + "cert-file").isEmpty() || !flags.get(side + "key-file").isEmpty();
    return List.of((secure ? "https://" : "http://") + address.hostPort());
  }

  /** etcd 2.3 refuses an {@code https} listener without a certificate and key. */
  private static void checkTlsListeners(List<String> urls, TlsFiles tls) throws FlagException {
    for (String url : urls) {
      if (url.startsWith("https:") && !tls.present()) {
        throw fatal(
            "cannot listen on TLS for given listener: KeyFile and CertFile are not presented");
      }
    }
  }

  /** The checks of a new member against its initial cluster (node-config.md §8.2). */
  private static void checkBootstrap(
      NodeFlags.Parsed flags, String name, InitialCluster cluster, List<String> advertisePeer)
      throws FlagException {
    List<String> listed = cluster.members().get(name);
    if (listed == null) {
      throw fatal("couldn't find local name \"" + name + "\" in the initial cluster configuration");
    }
    // A joining member's advertised URLs are not compared (cluster-reconfiguration.md §2.2).
    if (!listed.equals(advertisePeer) && !flags.get("initial-cluster-state").equals("existing")) {
      StringBuilder message = new StringBuilder("--initial-cluster must include ");
      List<String> pairs = new ArrayList<>();
      advertisePeer.forEach(url -> pairs.add(name + "=" + url));
      message.append(String.join(",", pairs));
      message
          .append(" given --initial-advertise-peer-urls=")
          .append(String.join(",", advertisePeer));
      if (!flags.isSet("initial-cluster")) {
        message.append("\nforgot to set --initial-cluster flag?");
      }
      if (!flags.isSet("initial-advertise-peer-urls")) {
        message.append("\nforgot to set --initial-advertise-peer-urls flag?");
      }
      throw fatal(message.toString());
    }
    if (cluster.hasDuplicateUrl()) {
      throw fatal("initial cluster " + cluster + " has duplicate url");
    }
  }

  private static FlagException fatal(String message) {
    return new FlagException(message, 1, false);
  }
}
