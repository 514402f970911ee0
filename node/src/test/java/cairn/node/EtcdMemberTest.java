package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.server.EtcdServer;
import cairn.server.Member;
import cairn.server.ServerConfig;
import cairn.snap.Snapshotter;
import cairn.util.MemberLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real member on a temp data dir and a loopback port, through HTTP, across restarts. */
@Timeout(60)
class EtcdMemberTest {

  // A member ID that is negative as a Java long, as half of etcd's are.
  private static final long MEMBER = 0x8e9e05c52164694dL;
  private static final long CLUSTER = 0xcdf818194e3a8c32L;

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<EtcdMember> started = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (EtcdMember m : started) {
      m.close();
    }
  }

  private EtcdMember start(long snapshotCount) throws Exception {
    EtcdMember m =
        EtcdMember.start(
            singleMember(dir, snapshotCount),
            List.of("http://127.0.0.1:0"),
            MemberLog.messagesTo(System.err::println));
    started.add(m);
    return m;
  }

  /** A new single-member cluster on {@code dir}, with 10 ms ticks. */
  static ServerConfig singleMember(Path dir, long snapshotCount) {
    return new ServerConfig(
        dir,
        ServerConfig.walDirUnder(dir),
        MEMBER,
        CLUSTER,
        10,
        10,
        snapshotCount,
        2,
        2,
        Duration.ofSeconds(5),
        Clock.systemUTC(),
        "m1",
        List.of("http://127.0.0.1:2379"),
        List.of(new Member(MEMBER, "", List.of("http://127.0.0.1:2380"), List.of())),
        false,
        false,
        false);
  }

  private HttpResponse<String> call(EtcdMember m, String method, String target, String form)
      throws Exception {
    InetSocketAddress a = m.clientAddresses().get(0);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + target))
            .timeout(Duration.ofSeconds(10));
    if (form == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A member's configuration from etcd flags, as {@code bin/etcd} would parse them. */
  private static NodeConfig nodeConfig(String... flags) throws FlagException {
    return NodeConfig.from(NodeFlags.parse(List.of(flags), Map.of()));
  }

  @Test
  void theListeningLinesSpellAddressesAsEtcdDoes() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    EtcdMember m =
        EtcdMember.start(
            singleMember(dir, 100),
            List.of("http://127.0.0.1:0", "http://[::1]:0"),
            MemberLog.messagesTo(lines::add));
    started.add(m);
    int v4 = m.clientAddresses().get(0).getPort();
    int v6 = m.clientAddresses().get(1).getPort();
    assertTrue(
        lines.contains("listening for client requests on 127.0.0.1:" + v4), lines.toString());
    // Go's spelling, as etcd prints it: brackets, and the zeros compressed.
    assertTrue(lines.contains("listening for client requests on [::1]:" + v6), lines.toString());
  }

  @Test
  void aTakenPeerPortFailsTheStartClearlyAndLeavesTheDataDirUsable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String peerUrl = "http://127.0.0.1:" + taken.getLocalPort();
      NodeConfig config =
          nodeConfig(
              "--name=m1",
              "--data-dir=" + dir.resolve("data"),
              "--initial-cluster=m1=" + peerUrl,
              "--initial-advertise-peer-urls=" + peerUrl,
              "--listen-peer-urls=" + peerUrl,
              "--listen-client-urls=http://127.0.0.1:0",
              "--advertise-client-urls=http://127.0.0.1:2379");
      IOException failure =
          assertThrows(
              IOException.class,
              () ->
                  EtcdMember.start(
                      config.serverConfig(),
                      List.of("http://127.0.0.1:0"),
                      config.listenPeerUrls(),
                      MemberLog.NONE));
      assertTrue(String.valueOf(failure.getMessage()).contains("in use"), String.valueOf(failure));
      // The server that had loaded the data dir was closed: its lock is free for the next start.
      EtcdMember m =
          EtcdMember.start(config.serverConfig(), List.of("http://127.0.0.1:0"), MemberLog.NONE);
      started.add(m);
    }
  }

  @Test
  void withWalDirTheLogLivesThereAndARestartFindsEveryWrite() throws Exception {
    Path data = dir.resolve("data");
    Path wal = dir.resolve("ssd").resolve("wal");
    NodeConfig config =
        nodeConfig(
            "--name=m1",
            "--data-dir=" + data,
            "--wal-dir=" + wal,
            "--initial-cluster=m1=http://127.0.0.1:2380",
            "--initial-advertise-peer-urls=http://127.0.0.1:2380",
            "--listen-client-urls=http://127.0.0.1:0",
            "--advertise-client-urls=http://127.0.0.1:2379");
    for (int run = 0; run < 2; run++) {
      EtcdMember m =
          EtcdMember.start(config.serverConfig(), List.of("http://127.0.0.1:0"), MemberLog.NONE);
      started.add(m);
      if (run == 0) {
        assertEquals(201, call(m, "PUT", "/v2/keys/k", "value=on-the-wal-disk").statusCode());
      } else {
        HttpResponse<String> get = call(m, "GET", "/v2/keys/k", null);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("\"value\":\"on-the-wal-disk\""), get.body());
      }
      m.close();
      started.remove(m);
    }
    try (Stream<Path> files = Files.list(wal)) {
      assertTrue(files.anyMatch(p -> p.toString().endsWith(".wal")), "the segments are in " + wal);
    }
    assertFalse(Files.exists(data.resolve("member").resolve("wal")), "no WAL under the data dir");
    assertTrue(Files.isDirectory(data.resolve("member").resolve("snap")));
  }

  @Test
  void putGetDeleteAndErrorsShowUserKeys() throws Exception {
    EtcdMember m = start(10000);
    HttpResponse<String> put = call(m, "PUT", "/v2/keys/a/b", "value=1");
    assertEquals(201, put.statusCode(), put.body());
    assertTrue(put.body().contains("\"key\":\"/a/b\",\"value\":\"1\""), put.body());
    assertEquals("cdf818194e3a8c32", put.headers().firstValue("X-Etcd-Cluster-Id").orElse(""));
    assertTrue(Long.parseLong(put.headers().firstValue("X-Raft-Term").orElse("0")) >= 2);

    HttpResponse<String> get = call(m, "GET", "/v2/keys/a/b", null);
    assertEquals(200, get.statusCode());
    assertTrue(get.body().contains("\"value\":\"1\""), get.body());

    HttpResponse<String> quorum = call(m, "GET", "/v2/keys/a?quorum=true&recursive=true", null);
    assertEquals(200, quorum.statusCode());
    assertTrue(quorum.body().contains("\"key\":\"/a/b\""), quorum.body());

    HttpResponse<String> root = call(m, "GET", "/v2/keys/", null);
    assertTrue(root.body().startsWith("{\"action\":\"get\",\"node\":{\"dir\":true"), root.body());

    HttpResponse<String> cas = call(m, "PUT", "/v2/keys/a/b?prevValue=2", "value=3");
    assertEquals(412, cas.statusCode());
    assertTrue(cas.body().contains("\"cause\":\"[2 != 1]\""), cas.body());

    assertEquals(200, call(m, "DELETE", "/v2/keys/a/b", null).statusCode());
    HttpResponse<String> missing = call(m, "GET", "/v2/keys/a/b", null);
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("\"cause\":\"/a/b\""), missing.body());
  }

  @Test
  void theMembersApiListsThisMemberAsLeaderForEtcdctlToSync() throws Exception {
    EtcdMember m = start(10_000);
    String id = Long.toUnsignedString(MEMBER, 16);
    String member =
        "{\"id\":\""
            + id
            + "\",\"name\":\"m1\",\"peerURLs\":[\"http://127.0.0.1:2380\"],"
            + "\"clientURLs\":[\"http://127.0.0.1:2379\"]}";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> members = call(m, "GET", "/v2/members", null);
    while (members.body().contains("\"name\":\"\"") && System.nanoTime() < deadline) {
      Thread.sleep(20); // unstarted until its name and client URLs went through the log
      members = call(m, "GET", "/v2/members", null);
    }
    assertEquals(200, members.statusCode());
    assertEquals("{\"members\":[" + member + "]}", members.body());
    HttpResponse<String> leader = call(m, "GET", "/v2/members/leader", null);
    while (leader.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      leader = call(m, "GET", "/v2/members/leader", null);
    }
    assertEquals(member, leader.body());
    assertEquals("http://127.0.0.1:2379", call(m, "GET", "/v2/machines", null).body());
  }

  private HttpResponse<String> json(
      EtcdMember m, String method, String target, String type, String body) throws Exception {
    InetSocketAddress a = m.clientAddresses().get(0);
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + target))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", type)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void memberChangesAreCheckedAsEtcdChecksThem() throws Exception {
    EtcdMember m = start(10_000);
    HttpResponse<String> r = json(m, "POST", "/v2/members", "text/plain", "{}");
    assertEquals(415, r.statusCode());
    assertEquals(
        "{\"message\":\"Bad Content-Type text/plain, accept application/json\"}", r.body());
    r = json(m, "POST", "/v2/members", "application/json", "");
    assertEquals(400, r.statusCode());
    assertEquals("{\"message\":\"unexpected end of JSON input\"}", r.body());
    r = json(m, "POST", "/v2/members", "application/json", "{\"peerURLs\":[]}");
    assertEquals("{\"message\":\"no valid URLs given\"}", r.body());
    r = json(m, "POST", "/v2/members", "application/json", "{\"peerURLs\":[\"ftp://a:1\"]}");
    assertEquals("{\"message\":\"URL scheme must be http or https: ftp://a:1\"}", r.body());
    r = json(m, "POST", "/v2/members", "application/json", "{\"peerURLs\":[\"http://a\"]}");
    assertEquals(
        "{\"message\":\"URL address does not have the form \\\"host:port\\\": http://a\"}",
        r.body());
    r = json(m, "POST", "/v2/members", "application/json", "{\"peerURLs\":[\"http://a:1/\"]}");
    assertEquals("{\"message\":\"URL must not contain a path: http://a:1/\"}", r.body());
    r =
        json(
            m,
            "POST",
            "/v2/members",
            "application/json",
            "{\"peerURLs\":[\"http://127.0.0.1:2380\"]}");
    assertEquals(409, r.statusCode());
    assertEquals("{\"message\":\"etcdserver: peerURL exists\"}", r.body());
    assertEquals("cdf818194e3a8c32", r.headers().firstValue("X-Etcd-Cluster-Id").orElse(""));

    r = call(m, "DELETE", "/v2/members/1234", null);
    assertEquals(404, r.statusCode());
    assertEquals("{\"message\":\"No such member: 1234\"}", r.body());
    r = call(m, "DELETE", "/v2/members/xyz", null);
    assertEquals("{\"message\":\"No such member: xyz\"}", r.body());
    r = call(m, "DELETE", "/v2/members", null);
    assertEquals(405, r.statusCode());
    r = call(m, "GET", "/v2/members/nothing", null);
    assertEquals(404, r.statusCode());
    assertEquals("{\"message\":\"Not found\"}", r.body());
    r = call(m, "PATCH", "/v2/members", null);
    assertEquals(405, r.statusCode());
    assertEquals("GET,POST,DELETE,PUT", r.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void statsAndMetricsDescribeThisMember() throws Exception {
    EtcdMember m = start(10_000);
    assertEquals(201, call(m, "PUT", "/v2/keys/x", "value=1").statusCode());
    String id = Long.toUnsignedString(MEMBER, 16);
    HttpResponse<String> self = call(m, "GET", "/v2/stats/self", null);
    assertEquals(200, self.statusCode());
    assertTrue(
        self.body().startsWith("{\"name\":\"m1\",\"id\":\"" + id + "\",\"state\":\"StateLeader\""),
        self.body());
    HttpResponse<String> leader = call(m, "GET", "/v2/stats/leader", null);
    assertEquals("{\"leader\":\"" + id + "\",\"followers\":{}}", leader.body());
    String metrics = call(m, "GET", "/metrics", null).body();
    assertTrue(metrics.contains("etcd_server_proposal_durations_seconds_count "), metrics);
    assertTrue(metrics.contains("etcd_storev2_writes_total{action=\"set\"} "), metrics);
  }

  @Test
  void watchSeesTheWriteWithUserKeys() throws Exception {
    EtcdMember m = start(10000);
    CompletableFuture<HttpResponse<String>> watch =
        client.sendAsync(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + m.clientAddresses().get(0).getPort()
                            + "/v2/keys/w?wait=true"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // The watch registers asynchronously; write until it fires (bounded).
    for (int i = 0; i < 100 && !watch.isDone(); i++) {
      call(m, "PUT", "/v2/keys/w", "value=" + i);
      Thread.sleep(50);
    }
    String body = watch.get().body();
    assertTrue(body.contains("\"action\":\"set\",\"node\":{\"key\":\"/w\""), body);
  }

  @Test
  void ttlKeysExpireThroughTheLeadersSyncEntries() throws Exception {
    EtcdMember m = start(10000);
    assertEquals(201, call(m, "PUT", "/v2/keys/t?ttl=1", "value=x").statusCode());
    assertEquals(200, call(m, "GET", "/v2/keys/t", null).statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = call(m, "GET", "/v2/keys/t", null).statusCode();
    }
    assertEquals(404, status);
  }

  @Test
  void restartFromTheDataDirKeepsEveryAcknowledgedWrite() throws Exception {
    EtcdMember m = start(5);
    for (int i = 0; i < 23; i++) {
      assertEquals(201, call(m, "PUT", "/v2/keys/k" + i, "value=v" + i).statusCode());
    }
    assertEquals(200, call(m, "DELETE", "/v2/keys/k3", null).statusCode());
    long index =
        Long.parseLong(
            call(m, "GET", "/v2/keys/k0", null).headers().firstValue("X-Etcd-Index").get());
    m.close();
    started.remove(m);
    try (var snaps = Files.list(dir.resolve("member/snap"))) {
      long n = snaps.count();
      assertTrue(n >= 1 && n <= 2, n + " snapshot files: saved, and purged to --max-snapshots 2");
    }

    EtcdMember again = start(5);
    for (int i = 0; i < 23; i++) {
      HttpResponse<String> get = call(again, "GET", "/v2/keys/k" + i, null);
      if (i == 3) {
        assertEquals(404, get.statusCode());
      } else {
        assertEquals(200, get.statusCode(), "k" + i);
        assertTrue(get.body().contains("\"value\":\"v" + i + "\""), get.body());
      }
    }
    HttpResponse<String> put = call(again, "PUT", "/v2/keys/after", "value=1");
    assertEquals(201, put.statusCode());
    // Later than everything before the restart; the member's own publish (a /0 write, as etcd's)
    // may come first.
    long after = Long.parseLong(put.headers().firstValue("X-Etcd-Index").get());
    assertTrue(after == index + 1 || after == index + 2, index + " then " + after);
  }

  @Test
  void aMemberQuietAfterATenthOfTheSnapshotCountInWritesSavesASnapshot() throws Exception {
    EtcdMember m = start(100);
    long last = 0;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> put = call(m, "PUT", "/v2/keys/k" + i, "value=v" + i);
      assertEquals(201, put.statusCode());
      last = Long.parseLong(put.headers().firstValue("X-Etcd-Index").get());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (newestSnapshotIndex() < last) {
      assertTrue(System.nanoTime() < deadline, "no snapshot at " + last + " after 10 s quiet");
      Thread.sleep(50);
    }
  }

  @Test
  void fewerWritesThanATenthOfTheSnapshotCountSaveNoSnapshotWhenQuiet() throws Exception {
    EtcdMember m = start(100);
    long before = newestSnapshotIndex();
    for (int i = 0; i < 9; i++) {
      assertEquals(201, call(m, "PUT", "/v2/keys/k" + i, "value=v" + i).statusCode());
    }
    // Six times the quiet time that would have been enough with one more write.
    Thread.sleep(6 * EtcdServer.QUIET_SNAPSHOT_NANOS / 1_000_000);
    assertEquals(before, newestSnapshotIndex());
  }

  @Test
  void aQuietMemberWhoseWalSegmentHoldsAnEighthOfItsSizeSnapshotsAfterFewWritesAndStartsASegment()
      throws Exception {
    EtcdMember m = start(10000);
    String value = "v".repeat(256 << 10);
    long last = 0;
    for (int i = 0; i < 40; i++) { // 10 MiB of records: more than 8 MiB, fewer than 1,000 writes
      HttpResponse<String> put = call(m, "PUT", "/v2/keys/big" + i, "value=" + value);
      assertEquals(201, put.statusCode());
      last = Long.parseLong(put.headers().firstValue("X-Raft-Index").get());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (walSegments().size() < 2) {
      assertTrue(System.nanoTime() < deadline, "no new segment 10 s after " + walSegments());
      Thread.sleep(50);
    }
    long snapshot = newestSnapshotIndex();
    assertTrue(snapshot >= last, "snapshot at " + snapshot + ", last write at " + last);
    assertEquals(String.format("%016x-%016x.wal", 1, snapshot + 1), walSegments().get(1));
    m.close();
    started.remove(m);

    EtcdMember again = start(10000);
    HttpResponse<String> get = call(again, "GET", "/v2/keys/big39", null);
    assertEquals(200, get.statusCode());
    assertTrue(get.body().contains(value), "the value after the restart");
  }

  @Test
  void aLeaderProposesSyncEntriesOnlyWhileSomeKeyHasATtl() throws Exception {
    EtcdMember m = start(10000);
    assertEquals(201, call(m, "PUT", "/v2/keys/plain", "value=1").statusCode());
    String before =
        call(m, "GET", "/v2/keys/plain", null).headers().firstValue("X-Raft-Index").get();
    // Three sync intervals: an idle log with no TTL stays where it is, as etcd 3.4's.
    Thread.sleep(3 * 500);
    String after =
        call(m, "GET", "/v2/keys/plain", null).headers().firstValue("X-Raft-Index").get();
    assertEquals(before, after);

    assertEquals(201, call(m, "PUT", "/v2/keys/lease", "value=1&ttl=1").statusCode());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (call(m, "GET", "/v2/keys/lease", null).statusCode() != 404) {
      assertTrue(System.nanoTime() < deadline, "the key with a 1 s TTL is still there after 10 s");
      Thread.sleep(100);
    }
  }

  private List<String> walSegments() throws IOException {
    return FileSystem.SYSTEM.list(dir.resolve("member/wal")).stream()
        .filter(name -> name.endsWith(".wal"))
        .sorted()
        .toList();
  }

  /** The index of the newest snapshot file in the member's snap directory, 0 if none. */
  private long newestSnapshotIndex() throws IOException {
    List<Snapshotter.SnapshotName> files =
        new Snapshotter(FileSystem.SYSTEM, dir.resolve("member/snap")).list();
    return files.isEmpty() ? 0 : files.get(0).index();
  }

  @Test
  void restartWithoutSnapshotReplaysTheWal() throws Exception {
    EtcdMember m = start(10000);
    assertEquals(201, call(m, "PUT", "/v2/keys/x", "value=1").statusCode());
    m.close();
    started.remove(m);
    EtcdMember again = start(10000);
    HttpResponse<String> get = call(again, "GET", "/v2/keys/x", null);
    assertEquals(200, get.statusCode());
    assertTrue(get.body().contains("\"value\":\"1\""), get.body());
  }
}
