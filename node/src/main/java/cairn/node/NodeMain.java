package cairn.node;

import cairn.io.FileSystem;
import cairn.server.Member;
import cairn.server.MemberIds;
import cairn.server.ServerConfig;
import cairn.util.MemberLog;
import cairn.wal.Wal;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code cairn node} (and {@code bin/etcd}): etcd 2.x's command line and environment into a checked
 * configuration, then a member (of a new cluster, joining a running one, or restarted from its data
 * dir) serving peers and clients until SIGTERM or its removal from the cluster.
 */
public final class NodeMain {

  /** The etcd release whose behaviour the node reproduces. */
  static final String ETCD_VERSION = "2.3.8";

  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private NodeMain() {}

  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, new CompletableFuture<>());
  }

  /**
   * As {@link #run(List, Map, PrintStream, PrintStream)}, and a running member also stops, as on
   * SIGTERM but without ending the process, when {@code stop} completes: the build's training runs
   * the start path a member takes (logging included) and then goes on.
   */
  static int run(
      List<String> args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      CompletableFuture<Void> stop) {
    NodeFlags.Parsed flags;
    try {
      flags = NodeFlags.parse(args, env);
    } catch (FlagException e) {
      return fail(e, err);
    }
    if (flags.help()) {
      out.print(usage());
      return 0;
    }
    if (flags.bool("version")) {
      out.println("etcd Version: " + ETCD_VERSION);
      out.println("Git SHA: Not provided (cairn " + cairnVersion() + ")");
      out.println("Go Version: java " + Runtime.version().feature());
      out.println("Go OS/Arch: " + System.getProperty("os.name").toLowerCase() + "/" + arch());
      return 0;
    }
    for (String warning : flags.warnings()) {
      err.println(log("W", "etcdmain", warning));
    }
    NodeConfig config;
    try {
      config = NodeConfig.from(flags, SrvDiscovery.dns("dns:"), logTo(err, "discovery"));
    } catch (FlagException e) {
      return fail(e, err);
    }
    err.println(
        log(
            "I",
            "etcdmain",
            "setting maximum number of CPUs to " + Runtime.getRuntime().availableProcessors()));
    if (config.proxy().isOn()) { // no member: none of the member's settings are printed
      return runProxy(config, err);
    }
    err.println(log("I", "etcdserver", "name = " + config.name()));
    err.println(log("I", "etcdserver", "data dir = " + config.dataDir()));
    err.println(log("I", "etcdserver", "member dir = " + config.dataDir().resolve("member")));
    if (!config.walDir().equals(ServerConfig.walDirUnder(config.dataDir()))) {
      err.println(log("I", "etcdserver", "dedicated WAL dir = " + config.walDir()));
    }
    err.println(log("I", "etcdserver", "heartbeat = " + config.heartbeatMs() + "ms"));
    err.println(log("I", "etcdserver", "election = " + config.electionMs() + "ms"));
    err.println(log("I", "etcdserver", "snapshot count = " + config.snapshotCount()));
    err.println(
        log(
            "I",
            "etcdserver",
            "advertise client URLs = " + String.join(",", config.advertiseClientUrls())));
    err.println(
        log(
            "I",
            "etcdserver",
            "initial advertise peer URLs = "
                + String.join(",", config.initialAdvertisePeerUrls())));
    err.println(log("I", "etcdserver", "initial cluster = " + config.initialCluster()));
    warnPlainListeners(err, "client", config.listenClientUrls(), config.clientTls());
    warnPlainListeners(err, "peer", config.listenPeerUrls(), config.peerTls());
    if (!config.discovery().isSet() && !config.proxy().isOn()) { // IDs from discovery; none
      err.println(
          log(
              "I",
              "etcdserver",
              "member "
                  + MemberIds.hex(config.memberId())
                  + " in cluster "
                  + MemberIds.hex(config.clusterId())));
    }
    return serve(config, err, stop);
  }

  /** Runs the proxy instead of a member until SIGTERM; its exit status. */
  private static int runProxy(NodeConfig config, PrintStream err) {
    try {
      return ProxyMain.run(config, logTo(err, "etcdmain"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Lines in etcd's log format on {@code err}, under package {@code pkg}. */
  private static MemberLog logTo(PrintStream err, String pkg) {
    return (level, line) -> err.println(log(String.valueOf(level.letter()), pkg, line));
  }

  /** etcd 2.3's warning for an {@code http} listener of a side that has TLS files. */
  private static void warnPlainListeners(
      PrintStream err, String side, List<String> urls, TlsFiles tls) {
    if (tls.present()) {
      for (String url : urls) {
        if (url.startsWith("http:")) {
          err.println(
              log(
                  "W",
                  "etcdmain",
                  "The scheme of "
                      + side
                      + " url "
                      + url
                      + " is http while "
                      + side
                      + " key/cert files are presented. Ignored "
                      + side
                      + " key/cert files."));
        }
      }
    }
  }

  /** etcd 2.3's words for a failed discovery (etcdmain's startEtcdOrProxy). */
  private static void discoveryFailed(
      NodeConfig config, Discovery.DiscoveryException e, PrintStream err) {
    String url = config.discovery().url();
    switch (e.getMessage()) {
      case Discovery.DiscoveryException.DUPLICATE_ID -> {
        err.println(
            log(
                "E",
                "etcdmain",
                "member \""
                    + config.name()
                    + "\" has previously registered with discovery service token ("
                    + url
                    + ")."));
        err.println(
            log(
                "E",
                "etcdmain",
                "But etcd could not find valid cluster configuration in the given data dir ("
                    + config.dataDir()
                    + ")."));
        err.println(
            log(
                "I",
                "etcdmain",
                "Please check the given data dir path if the previous bootstrap" + " succeeded"));
        err.println(
            log("I", "etcdmain", "or use a new discovery token if the previous bootstrap failed."));
      }
      case Discovery.DiscoveryException.DUPLICATE_NAME -> {
        err.println(
            log(
                "E",
                "etcdmain",
                "member with duplicated name has registered with discovery service token("
                    + url
                    + ")."));
        err.println(
            log("E", "etcdmain", "please check (cURL) the discovery token for more information."));
        err.println(
            log(
                "E",
                "etcdmain",
                "please do not reuse the discovery token and generate a new one to bootstrap the"
                    + " cluster."));
      }
      default -> discoveryFailedAsUsual(url, e, err);
    }
  }

  private static void discoveryFailedAsUsual(
      String url, Discovery.DiscoveryException e, PrintStream err) {
    err.println(log("E", "etcdmain", "failed to join discovery cluster (" + e.getMessage() + ")"));
    err.println(
        log(
            "I",
            "etcdmain",
            "discovery token " + url + " was used, but failed to bootstrap the cluster."));
    err.println(
        log("I", "etcdmain", "please generate a new discovery token and try to bootstrap again."));
  }

  /**
   * Runs the member until SIGTERM (or SIGINT), its removal, or {@code stop}: the shutdown hook
   * stops accepting clients, stops the Raft loop and closes the WAL, then ends the process with
   * status 0 as etcd does. Every acknowledged write is durable before its answer, so SIGKILL loses
   * none either.
   */
  private static int serve(NodeConfig config, PrintStream err, CompletableFuture<Void> stop) {
    long memberId = config.memberId();
    long clusterId = config.clusterId();
    List<Member> initial = config.initialMembers();
    boolean joining = false;
    boolean hasWal;
    try {
      hasWal = Wal.exists(FileSystem.SYSTEM, config.walDir());
    } catch (IOException e) {
      err.println(log("C", "etcdmain", "cannot read the data dir: " + e.getMessage()));
      return 1;
    }
    if (!hasWal && Etcd04DataDir.isOne(config.dataDir())) {
      err.println(log("C", "etcdmain", Etcd04DataDir.refusal(config.dataDir(), config.name())));
      return 1;
    }
    // Read once: a joining member dials the cluster with the same peer TLS it then serves with.
    TlsFiles.Contexts peerTls;
    try {
      peerTls = config.peerTls().contexts();
    } catch (IOException e) {
      err.println(log("C", "etcdmain", "cannot start the member: " + e.getMessage()));
      return 1;
    }
    if (!hasWal && config.initialClusterState().equals("existing")) {
      try {
        JoinTarget join = JoinTarget.fetch(config, peerTls.jdkDialing());
        memberId = join.memberId();
        clusterId = join.clusterId();
        initial = join.members();
        joining = true;
      } catch (FlagException e) {
        return fail(e, err);
      }
    }
    if (config.discovery().isSet() && hasWal) {
      err.println(
          log(
              "W",
              "etcdmain",
              "discovery token ignored since a cluster has already been initialized. Valid log"
                  + " found at \""
                  + config.walDir()
                  + "\""));
    } else if (config.discovery().isSet()) {
      try {
        Discovery.Found found =
            Discovery.bootstrap(
                config,
                line -> err.println(log("I", "discovery", line)),
                wait -> Thread.sleep(wait.toMillis()));
        memberId = found.memberId();
        clusterId = found.clusterId();
        initial = found.members();
      } catch (Discovery.DiscoveryException e) {
        if (e.getMessage().equals(Discovery.DiscoveryException.FULL)
            && config.discovery().fallback().equals("proxy")) {
          err.println(log("N", "etcdmain", "discovery cluster full, falling back to proxy"));
          return runProxy(config, err);
        }
        discoveryFailed(config, e, err);
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    ServerConfig serverConfig = config.serverConfig(memberId, clusterId, initial, joining);
    TrainedCodeClasses.initializeIfTrained();
    EtcdMember member;
    try {
      member =
          EtcdMember.start(
              serverConfig,
              config.listenClientUrls(),
              config.listenPeerUrls(),
              config.cors(),
              config.clientTls(),
              peerTls,
              logTo(err, "etcdserver"));
    } catch (IOException | RuntimeException e) {
      err.println(log("C", "etcdmain", "cannot start the member: " + e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    err.println(log("I", "etcdmain", "ready to serve client requests"));
    IdleHeapCollector.start();
    CompletableFuture<Void> signalled = new CompletableFuture<>();
    // etcd waits a second after learning of its removal (so that the removal's commit reaches the
    // others), then stops and exits 0.
    CompletableFuture<Void> removed =
        member
            .server()
            .removedFromCluster()
            .thenRunAsync(
                () -> {
                  err.println(
                      log(
                          "E",
                          "etcdserver",
                          "the member has been permanently removed from the cluster"));
                  err.println(
                      log("I", "etcdserver", "the data-dir used by this member must be removed."));
                },
                CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS));
    Thread hook =
        new Thread(
            () -> {
              err.println(log("N", "etcdmain", "received terminated signal, shutting down..."));
              try {
                member.close();
              } catch (IOException | RuntimeException e) {
                err.println(log("E", "etcdserver", "error while stopping: " + e));
              }
              signalled.complete(null);
              err.flush();
              // The JVM would exit with 143 after a SIGTERM; etcd exits 0 after a clean stop.
              Runtime.getRuntime().halt(0);
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      CompletableFuture.anyOf(signalled, member.server().terminated(), removed, stop).get();
      if ((removed.isDone() || stop.isDone()) && !signalled.isDone()) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          return 0; // a SIGTERM came too: the hook stops the member and exits
        }
        try {
          member.close();
        } catch (IOException | RuntimeException closing) {
          err.println(log("E", "etcdserver", "error while stopping: " + closing));
        }
        return 0;
      }
    } catch (ExecutionException e) {
      // The Raft loop failed (e.g. the disk): stop serving and exit non-zero, as etcd panics.
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return 0; // a SIGTERM came first: the hook stops the member and exits
      }
      err.println(log("C", "etcdserver", "the raft loop failed: " + e.getCause()));
      try {
        member.close();
      } catch (IOException | RuntimeException closing) {
        err.println(log("E", "etcdserver", "error while stopping: " + closing));
      }
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int fail(FlagException e, PrintStream err) {
    if (e.showUsage()) {
      err.println(e.getMessage());
      err.print(usage());
    } else {
      for (String line : e.getMessage().split("\n")) {
        err.println(log("C", "etcdmain", line));
      }
    }
    return e.exitCode();
  }

  /** capnslog's line format, as etcd 2.3 logs. */
  private static String log(String level, String pkg, String message) {
    return LocalDateTime.now().format(LOG_TIME) + " " + level + " | " + pkg + ": " + message;
  }

  static String usage() {
    StringBuilder usage = new StringBuilder("usage: etcd [flags]\n       start an etcd server\n\n");
    usage.append("       etcd --version\n       show the version of etcd\n\n");
    usage.append(
        "       etcd -h | --help\n       show the help information about etcd\n\nflags:\n");
    for (Flag flag : NodeFlags.FLAGS) {
      if (flag.kind() == Flag.Kind.IGNORED || flag.kind() == Flag.Kind.REFUSED) {
        continue;
      }
      usage.append("  --").append(flag.name());
      if (!flag.defaultValue().isEmpty() && flag.kind() != Flag.Kind.BOOL) {
        usage.append(" '").append(flag.defaultValue()).append('\'');
      }
      usage.append("\n      ").append(flag.usage()).append(".\n");
    }
    return usage.toString();
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return arch.equals("x86_64") ? "amd64" : arch;
  }

  private static String cairnVersion() {
    Package pkg = NodeMain.class.getPackage();
    String version = pkg == null ? null : pkg.getImplementationVersion();
    return version == null ? "development build" : version;
  }
}
