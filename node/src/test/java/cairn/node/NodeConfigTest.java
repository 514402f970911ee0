package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.server.MemberIds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** etcd 2.3's flags, variables and start-up checks (../shared/docs/node-config.md). */
class NodeConfigTest {

  private static NodeConfig config(Map<String, String> env, String... args) throws FlagException {
    return NodeConfig.from(NodeFlags.parse(List.of(args), env));
  }

  private static NodeConfig config(String... args) throws FlagException {
    return config(Map.of(), args);
  }

  /**
   * The configuration of member {@code name} with its data under {@code dir}, and {@code flags}.
   */
  static NodeConfig named(Path dir, String name, Map<String, String> env, String... flags)
      throws FlagException {
    List<String> args =
        new ArrayList<>(List.of("--name", name, "--data-dir", dir.resolve(name).toString()));
    args.addAll(List.of(flags));
    return NodeConfig.from(NodeFlags.parse(args, env));
  }

  private static FlagException refused(Map<String, String> env, String... args) {
    return assertThrows(FlagException.class, () -> config(env, args));
  }

  @Test
  void theDefaultsAreASingleNodeClusterOnTheEtcdPorts() throws FlagException {
    NodeConfig config = config();
    assertEquals("default", config.name());
    assertEquals(Path.of("default.etcd"), config.dataDir());
    assertEquals(
        List.of("http://localhost:2379", "http://localhost:4001"), config.listenClientUrls());
    assertEquals(
        List.of("http://localhost:2380", "http://localhost:7001"), config.listenPeerUrls());
    assertEquals(10000, config.snapshotCount());
    assertEquals(10, config.electionTicks());
    assertEquals(5, config.maxSnapshots());
    assertEquals(5, config.maxWals());
    // The test vector of node-config.md §9: etcd 2.x's default member and cluster IDs.
    assertEquals("ce2a822cea30bfca", MemberIds.hex(config.memberId()));
    assertEquals("7e27652122e8b2ae", MemberIds.hex(config.clusterId()));
  }

  @Test
  void theWalGoesToWalDirWhenGivenElseUnderTheDataDir() throws FlagException {
    assertEquals(Path.of("default.etcd", "member", "wal"), config().walDir());
    assertEquals(Path.of("/ssd/wal"), config("--wal-dir", "/ssd/wal").walDir());
    assertEquals(Path.of("/ssd/wal"), config(Map.of("ETCD_WAL_DIR", "/ssd/wal")).walDir());
    assertEquals(
        Path.of("/ssd/wal"),
        config("--wal-dir=/ssd/wal").serverConfig(1, 2, List.of(), false).walDir());
  }

  @Test
  void memberAndClusterIdsMatchEtcdsTestVectors() throws FlagException {
    NodeConfig single =
        config(
            "-name", "a",
            "-initial-advertise-peer-urls", "http://127.0.0.1:43702",
            "-initial-cluster", "a=http://127.0.0.1:43702",
            "-initial-cluster-token", "tok-a");
    assertEquals("8961d318fa2da75f", MemberIds.hex(single.memberId()));
    assertEquals("781f39d15562d099", MemberIds.hex(single.clusterId()));

    NodeConfig three =
        config(
            "--name=m2",
            "--initial-advertise-peer-urls=http://127.0.0.1:43763",
            "--initial-cluster=m1=http://127.0.0.1:43753,m2=http://127.0.0.1:43763,m3=http://127.0.0.1:43773",
            "--initial-cluster-token=tok-b");
    assertEquals("b045634509a4b51f", MemberIds.hex(three.memberId()));
    assertEquals("9b6b1001934bc570", MemberIds.hex(three.clusterId()));

    assertEquals(
        "ed2a16b8de250bd4",
        MemberIds.hex(MemberIds.memberId(List.of("http://127.0.0.1:43783"), "", 1795618017L)));
    assertEquals(
        "8a0a11c6194fc77",
        MemberIds.hex(
            MemberIds.memberId(List.of("http://10.0.1.12:2380"), "etcd-cluster-1", null)));
  }

  @Test
  void everyGoFlagSpellingMeansTheSame() throws FlagException {
    for (List<String> spelling :
        List.of(
            List.of("-name", "x"),
            List.of("--name", "x"),
            List.of("-name=x"),
            List.of("--name=x"))) {
      NodeConfig config = NodeConfig.from(NodeFlags.parse(spelling, Map.of()));
      assertEquals("x", config.name(), spelling.toString());
      assertEquals(Path.of("x.etcd"), config.dataDir());
      assertEquals(
          "x=http://localhost:2380,x=http://localhost:7001", config.initialCluster().toString());
    }
  }

  @Test
  void booleansTakeTheFlagAloneOrAnEqualsValue() throws FlagException {
    assertTrue(config("-force-new-cluster").forceNewCluster());
    assertTrue(config("--force-new-cluster=true").forceNewCluster());
    assertFalse(config("-force-new-cluster=false").forceNewCluster());
    FlagException positional = refused(Map.of(), "-force-new-cluster", "false");
    assertEquals("'false' is not a valid flag", positional.getMessage());
    assertEquals(1, positional.exitCode());
  }

  @Test
  void unknownFlagsAndBadValuesAreUsageErrorsWithExitTwo() {
    FlagException unknown = refused(Map.of(), "-bogus");
    assertEquals("flag provided but not defined: -bogus", unknown.getMessage());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.showUsage());
    FlagException path = refused(Map.of(), "-listen-client-urls", "http://x:1/p");
    assertEquals(
        "invalid value \"http://x:1/p\" for flag -listen-client-urls: URL must not contain a path:"
            + " http://x:1/p",
        path.getMessage());
    assertEquals(2, path.exitCode());
    assertEquals(
        "invalid value \"maybe\" for flag -initial-cluster-state: invalid value",
        refused(Map.of(), "-initial-cluster-state", "maybe").getMessage());
    assertEquals(
        "flag \"-peers\" is no longer supported.", refused(Map.of(), "-peers", "a").getMessage());
    assertEquals("flag needs an argument: -name", refused(Map.of(), "-name").getMessage());
  }

  @Test
  void etcd04AddressFlagsBecomeTheUrlsTheyStandFor() throws FlagException {
    NodeConfig c =
        config(
            "-name", "old",
            "-addr", "10.0.0.1:4001",
            "-peer-addr", "10.0.0.1:7001",
            "-initial-cluster", "old=http://10.0.0.1:7001");
    assertEquals(List.of("http://10.0.0.1:4001"), c.advertiseClientUrls());
    assertEquals(List.of("http://10.0.0.1:7001"), c.initialAdvertisePeerUrls());
    // No bind address given: the advertised port on all interfaces (etcd's SetBindAddrFromAddr).
    assertEquals(List.of("http://[::]:4001"), c.listenClientUrls());
    assertEquals(List.of("http://[::]:7001"), c.listenPeerUrls());

    NodeConfig bound =
        config(
            Map.of("ETCD_BIND_ADDR", "127.0.0.1:4001"),
            "-addr=127.0.0.1:4001",
            "-peer-bind-addr",
            "[::1]:7001",
            "-cert-file",
            "server.pem",
            "-key-file",
            "server-key.pem");
    assertEquals(List.of("https://127.0.0.1:4001"), bound.listenClientUrls());
    assertEquals(List.of("https://127.0.0.1:4001"), bound.advertiseClientUrls());
    assertEquals(List.of("http://[::1]:7001"), bound.listenPeerUrls());
  }

  @Test
  void etcd04AddressFlagsRefuseWhatEtcdRefuses() {
    FlagException name = refused(Map.of(), "-addr", "example.com:4001");
    assertEquals(
        "invalid value \"example.com:4001\" for flag -addr: bad IP in address specification",
        name.getMessage());
    assertEquals(2, name.exitCode());
    assertEquals(
        "invalid value \"1.2.3.4:x\" for flag -peer-addr: bad port in address specification",
        refused(Map.of(), "-peer-addr", "1.2.3.4:x").getMessage());
    assertEquals(
        "invalid value \"1.2.3.4\" for flag -bind-addr: address 1.2.3.4: missing port in address",
        refused(Map.of(), "-bind-addr", "1.2.3.4").getMessage());
    FlagException env = refused(Map.of("ETCD_PEER_BIND_ADDR", "::1:7001"));
    assertEquals(
        "invalid value \"::1:7001\" for ETCD_PEER_BIND_ADDR: address ::1:7001: too many colons"
            + " in address",
        env.getMessage());
    assertEquals(1, env.exitCode());
    FlagException both =
        refused(Map.of(), "-addr", "1.2.3.4:4001", "-advertise-client-urls", "http://1.2.3.4:2379");
    assertEquals("Set only one of flags -advertise-client-urls and -addr", both.getMessage());
    assertEquals(1, both.exitCode());
    // The bind address derived from -addr conflicts with -listen-client-urls, as in etcd.
    assertEquals(
        "Set only one of flags -listen-client-urls and -bind-addr",
        refused(
                Map.of(),
                "-addr",
                "1.2.3.4:4001",
                "-listen-client-urls",
                "http://1.2.3.4:2379",
                "-advertise-client-urls",
                "http://1.2.3.4:2379")
            .getMessage());
    assertEquals(
        "Set only one of flags -initial-advertise-peer-urls and -peer-addr",
        refused(
                Map.of(),
                "-peer-addr",
                "1.2.3.4:7001",
                "-initial-advertise-peer-urls",
                "http://1.2.3.4:2380")
            .getMessage());
  }

  @Test
  void environmentVariablesFillFlagsTheCommandLineDidNotSet() throws FlagException {
    NodeFlags.Parsed flags =
        NodeFlags.parse(List.of(), Map.of("ETCD_NAME", "fromenv", "ETCD_SNAPSHOT_COUNT", "42"));
    NodeConfig config = NodeConfig.from(flags);
    assertEquals("fromenv", config.name());
    assertEquals(42, config.snapshotCount());
    assertTrue(
        flags.warnings().contains("recognized and used environment variable ETCD_NAME=fromenv"));

    assertEquals("cli", config(Map.of("ETCD_NAME", "fromenv"), "-name", "cli").name());

    FlagException invalid = refused(Map.of("ETCD_SNAPSHOT_COUNT", "lots"));
    assertEquals(
        "invalid value \"lots\" for ETCD_SNAPSHOT_COUNT: parse error", invalid.getMessage());
    assertEquals(1, invalid.exitCode());

    NodeFlags.Parsed unknown = NodeFlags.parse(List.of(), Map.of("ETCD_FOO", "bar"));
    assertTrue(unknown.warnings().contains("unrecognized environment variable ETCD_FOO=bar"));
  }

  @Test
  void theStartUpChecksRefuseWhatEtcdRefuses() {
    assertEquals(
        "-election-timeout[400ms] should be at least as 5 times as -heartbeat-interval[100ms]",
        refused(Map.of(), "-election-timeout", "400").getMessage());
    assertTrue(
        refused(Map.of(), "-listen-client-urls", "http://127.0.0.1:2379")
            .getMessage()
            .startsWith(
                "-advertise-client-urls is required when -listen-client-urls is set explicitly"));
    assertEquals(
        "couldn't find local name \"b\" in the initial cluster configuration",
        refused(Map.of(), "-name", "b", "-initial-cluster", "a=http://127.0.0.1:2380")
            .getMessage());
    assertTrue(
        refused(Map.of(), "-initial-cluster", "default=http://127.0.0.1:9")
            .getMessage()
            .startsWith("--initial-cluster must include default=http://localhost:2380"));
    assertTrue(
        refused(Map.of(), "-initial-cluster", "a=http://h:1", "-discovery", "http://d")
            .getMessage()
            .startsWith("multiple discovery or bootstrap flags are set"));
    assertTrue(
        refused(Map.of("ETCD_DISCOVERY", "http://d"), "-initial-cluster", "a=http://h:1")
            .getMessage()
            .startsWith("multiple discovery or bootstrap flags are set"));
  }

  @Test
  void clientTlsFlagsAreCheckedAsEtcdChecksThem() throws FlagException {
    String[] httpsListener = {
      "-listen-client-urls", "https://127.0.0.1:2379",
      "-advertise-client-urls", "https://127.0.0.1:2379"
    };
    assertEquals(
        "cannot listen on TLS for given listener: KeyFile and CertFile are not presented",
        refused(Map.of(), httpsListener).getMessage());
    assertEquals(
        "KeyFile and CertFile must both be present[key: , cert: s.pem]",
        refused(Map.of(), "-cert-file", "s.pem").getMessage());
    assertEquals(TlsFiles.NONE, config().clientTls());
    assertEquals(
        new TlsFiles(Path.of("s.pem"), Path.of("k.pem"), null, false),
        config("-cert-file", "s.pem", "-key-file", "k.pem").clientTls());
    // The deprecated --ca-file also requires client certificates.
    assertEquals(
        new TlsFiles(Path.of("s.pem"), Path.of("k.pem"), Path.of("ca.pem"), true),
        config(Map.of("ETCD_CERT_FILE", "s.pem", "ETCD_KEY_FILE", "k.pem"), "-ca-file", "ca.pem")
            .clientTls());
    assertEquals(
        new TlsFiles(Path.of("s.pem"), Path.of("k.pem"), Path.of("t.pem"), false),
        config("-cert-file", "s.pem", "-key-file", "k.pem", "-trusted-ca-file", "t.pem")
            .clientTls());
  }

  @Test
  void peerTlsFlagsAreCheckedAsTheClientOnesAre() throws FlagException {
    assertEquals(
        "cannot listen on TLS for given listener: KeyFile and CertFile are not presented",
        refused(Map.of(), "-listen-peer-urls", "https://127.0.0.1:2380").getMessage());
    assertEquals(
        "KeyFile and CertFile must both be present[key: k.pem, cert: ]",
        refused(Map.of(), "-peer-key-file", "k.pem").getMessage());
    assertEquals(TlsFiles.NONE, config().peerTls());
    assertEquals(
        new TlsFiles(Path.of("p.pem"), Path.of("k.pem"), Path.of("ca.pem"), true),
        config(
                "-peer-cert-file",
                "p.pem",
                "-peer-key-file",
                "k.pem",
                "-peer-trusted-ca-file",
                "ca.pem",
                "-peer-client-cert-auth")
            .peerTls());
    assertEquals(
        new TlsFiles(Path.of("p.pem"), Path.of("k.pem"), Path.of("ca.pem"), true),
        config(
                Map.of("ETCD_PEER_CA_FILE", "ca.pem"),
                "-peer-cert-file",
                "p.pem",
                "-peer-key-file",
                "k.pem")
            .peerTls());
    // The two sides are independent.
    assertEquals(
        TlsFiles.NONE, config("-peer-cert-file", "p.pem", "-peer-key-file", "k.pem").clientTls());
  }

  @Test
  void aProxyNeedsNoAdvertisedUrlsAndIsInNoCluster() throws FlagException {
    NodeConfig proxy =
        config(
            "-proxy",
            "readonly",
            "-name",
            "p",
            "-listen-client-urls",
            "http://127.0.0.1:2379",
            "-initial-cluster",
            "a=http://127.0.0.1:2380");
    assertEquals(new NodeConfig.Proxy("readonly", 5000, 30000, 1000), proxy.proxy());
    // A proxy may find its cluster by discovery (it registers nothing).
    assertEquals(
        "http://d/v2/keys/t",
        config("-proxy", "on", "-discovery", "http://d/v2/keys/t").discovery().url());
  }

  @Test
  void versionAndHelpPrintAndExitZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, NodeMain.run(List.of("--version"), Map.of(), print, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("etcd Version: 2.3.8\nGit SHA: "));
    out.reset();
    assertEquals(0, NodeMain.run(List.of("-h"), Map.of(), print, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: etcd [flags]"));
  }
}
