package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.node.EtcdMember;
import cairn.server.RaftIds;
import cairn.server.ServerConfig;
import cairn.util.MemberLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end: migrate real 0.4 directories, start Cairn members on the results, read and write over
 * HTTP.
 *
 * <p>Served as single members: {@code captured-v0.4.9/single/node0} and a generated member whose ID
 * is negative as a Java long. Served as clusters, every member migrated separately and started as a
 * real peer on the peer URL 0.4 recorded for it: {@code captured-v0.4.9/cluster/node{0,1,2}} (3
 * members, two 0.4 terms, a removed and re-admitted member), {@code
 * v0.4-tests-v1.cluster/node{0,2}} (2 members; {@code node3} was removed in 0.4 and its directory
 * is refused) and generated 3-member clusters written by {@link Etcd04Writer}: with equal logs,
 * with one member behind, and with one member ahead of the majority (migrated again with {@code
 * --last-index}). The fixtures' URLs are fixed (localhost:3710x/3410x, 127.0.0.1:700x/400x): a test
 * is skipped, with the URL in the message, when one cannot be bound.
 */
@Timeout(120)
class MigratedNodeTest {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));

  @TempDir Path out;

  @Test
  void aMemberStartedOnTheResultServesTheMigratedKeys() throws Exception {
    Migration.Result result =
        Migration.run(FIXTURES.resolve("captured-v0.4.9/single/node0"), null, out, false);
    serve(result);
  }

  @Test
  void aMemberWhoseIdIsNegativeAsAJavaLongStartsToo() throws Exception {
    Etcd04Writer writer =
        new Etcd04Writer(out.resolve("zero-four"))
            .join("node0", "http://localhost:37101", "http://localhost:34101")
            .command("raft:nop", null)
            .set("/queue/32", "job3")
            .set("/special", "a&b<c>\\\"q\\\" ünï €");
    Path dir = writer.write(1, List.of());
    Migration.Result result = Migration.run(dir, null, out.resolve("cairn"), false);
    assertTrue(result.memberId() < 0, "fca37ec1d674c012 is negative as a long");
    serve(result);
  }

  @Test
  void theCapturedThreeMemberClusterElectsServesAndReplicates() throws Exception {
    List<Migration.Result> results = new ArrayList<>();
    for (String name : List.of("node0", "node1", "node2")) {
      results.add(
          Migration.run(
              FIXTURES.resolve("captured-v0.4.9/cluster/" + name), null, out.resolve(name), false));
    }
    assertSameCut(results, 381, 2);
    assertEquals(List.of("node0", "node1", "node2"), names(results));
    try (MigratedCluster cluster = MigratedCluster.start(results)) {
      cluster.awaitLeader();
      cluster.assertKey("/config/app", "v3", 13, 13);
      cluster.assertKey("/config/db", "host=db&port=5432 <x> \"quoted\" ünïcødé €", 6, 6);
      cluster.assertKey("/lease", "L2", 10, 14);
      cluster.assertKey("/after/restart", "r", 17, 17);
      cluster.assertKey("/final", "done", 19, 19);
      for (int i = 0; i < cluster.size(); i++) {
        assertEquals(
            "2026-12-01T09:31:39.631003957Z",
            cluster.node(i, "/lease").path("expiration").asText(),
            "member " + i);
        assertTrue(cluster.node(i, "/empty").path("dir").asBoolean(), "member " + i);
        assertEquals(404, cluster.call(i, "GET", "/v2/keys/jobs", null).statusCode());
        assertEquals(cluster.recordedMembers(), cluster.membersApi(i), "member " + i);
      }
      assertEquals(
          Map.of(
              "node0", List.of("http://localhost:34101"),
              "node1", List.of("http://localhost:34102"),
              "node2", List.of("http://localhost:34103")),
          cluster.recordedMembers());
      for (int writer = 0; writer < cluster.size(); writer++) {
        cluster.assertWriteReplicates(writer, "/written/by" + writer, "w" + writer);
      }
    }
  }

  @Test
  void theV1ClusterServesItsTwoRemainingMembersAndRefusesTheRemovedOne() throws Exception {
    Path fixture = FIXTURES.resolve("v0.4-tests-v1.cluster");
    List<Migration.Result> results = new ArrayList<>();
    for (String name : List.of("node0", "node2")) {
      results.add(Migration.run(fixture.resolve(name), null, out.resolve(name), false));
    }
    // Through the command line, as an operator runs it on each machine.
    StringWriter err = new StringWriter();
    StringWriter printed = new StringWriter();
    CommandLine command =
        new CommandLine(new MigrateCommand())
            .setOut(new PrintWriter(printed))
            .setErr(new PrintWriter(err));
    String node3 = fixture.resolve("node3").toString();
    assertEquals(
        1, command.execute("--data-dir", node3, "--name", "node3", "--output", out + "/n3"));
    assertTrue(
        err.toString().contains("member node3 is not in the cluster's registry [node0, node2]"),
        err.toString());
    String node0 = fixture.resolve("node0").toString();
    assertEquals(0, command.execute("--data-dir", node0, "--output", out + "/cli0"));
    assertTrue(
        printed.toString().contains("2 members; snapshot at index 15, term 1"), printed.toString());
    assertTrue(printed.toString().contains("report the same snapshot index"), printed.toString());
    assertSameCut(results, 15, 1);
    assertEquals(List.of("node0", "node2"), names(results));
    try (MigratedCluster cluster = MigratedCluster.start(results)) {
      cluster.awaitLeader();
      cluster.assertKey("/message2", "Hola", 7, 7);
      cluster.assertKey("/foo", "one", 9, 9);
      for (int i = 0; i < cluster.size(); i++) {
        assertEquals(404, cluster.call(i, "GET", "/v2/keys/message", null).statusCode());
        // Its TTL ran out in 2013: the leader's first sync expires it everywhere.
        HttpResponse<String> expiring =
            cluster.getUntil(i, "/v2/keys/expiring", r -> r.statusCode() == 404);
        assertEquals(404, expiring.statusCode(), "member " + i + ": " + expiring.body());
        assertEquals(
            Map.of(
                "node0", List.of("http://127.0.0.1:4001"),
                "node2", List.of("http://127.0.0.1:4002")),
            cluster.membersApi(i),
            "member " + i);
      }
      cluster.assertWriteReplicates(1, "/after/node2", "migrated");
      cluster.assertWriteReplicates(0, "/after/node0", "migrated");
    }
  }

  @Test
  void aGeneratedThreeMemberClusterElectsServesAndReplicates() throws Exception {
    List<Migration.Result> results = generatedCluster(List.of(0, 0, 0));
    assertSameCut(results, 8, 2);
    try (MigratedCluster cluster = MigratedCluster.start(results)) {
      cluster.awaitLeader();
      cluster.assertKey("/k", "v2", 5, 5);
      cluster.assertKey("/ttl", "t", 6, 6);
      for (int i = 0; i < cluster.size(); i++) {
        assertEquals(EXPIRE, cluster.node(i, "/ttl").path("expiration").asText(), "member " + i);
        assertEquals(cluster.recordedMembers(), cluster.membersApi(i), "member " + i);
      }
      for (int writer = 0; writer < cluster.size(); writer++) {
        cluster.assertWriteReplicates(writer, "/written/by" + writer, "w" + writer);
      }
    }
  }

  /**
   * 0.4 was stopped before its leader's last entry reached one follower: that member's result is a
   * snapshot one entry behind, and it catches up from the leader's snapshot (no member behind the
   * majority can lead).
   */
  @Test
  void aMemberBehindTheOthersCatchesUpFromTheLeader() throws Exception {
    List<Migration.Result> results = generatedCluster(List.of(1, 1, 0));
    assertEquals(List.of(9L, 9L, 8L), results.stream().map(Migration.Result::index).toList());
    try (MigratedCluster cluster = MigratedCluster.start(results)) {
      long leader = cluster.awaitLeader();
      assertTrue(leader != RaftIds.of(results.get(2).memberId()), "the member behind leads");
      HttpResponse<String> tail =
          cluster.getUntil(2, "/v2/keys/tail/1", r -> r.statusCode() == 200);
      assertEquals(200, tail.statusCode(), tail.body());
      cluster.assertKey("/tail/1", "1", 7, 7);
      cluster.assertWriteReplicates(2, "/written/by2", "w2");
    }
  }

  /**
   * A member whose 0.4 log ran past the majority (index 10 on node0 alone, 9 on node0 and node1) is
   * migrated again with {@code --last-index 9}: then even a leader that never had entry 10
   * replicates to it, and entry 10, which 0.4 never committed, is gone everywhere. Without it,
   * node0's snapshot would claim an entry 10 that the leader writes differently, and node0 would
   * never accept the leader's log again.
   */
  @Test
  void aMemberAheadOfTheMajorityIsMigratedAgainUpToTheMajorityIndex() throws Exception {
    List<Migration.Result> results = generatedCluster(List.of(2, 1, 0));
    assertEquals(List.of(10L, 9L, 8L), results.stream().map(Migration.Result::index).toList());
    Path node0 = out.resolve("zero-four/node0");
    IOException tooFar =
        assertThrows(IOException.class, () -> Migration.run(node0, null, out, true, 11));
    assertTrue(tooFar.getMessage().contains("beyond the last 0.4 entry"), tooFar.getMessage());
    IOException committed =
        assertThrows(IOException.class, () -> Migration.run(node0, null, out, true, 3));
    assertTrue(committed.getMessage().contains("0.4 committed"), committed.getMessage());
    Migration.Result again =
        Migration.run(node0, null, results.get(0).memberDir().getParent(), true, 9);
    assertEquals(9, again.index());
    assertEquals(results.get(1).term(), again.term());
    assertTrue(again.notes().stream().anyMatch(n -> n.contains("left out log entries 10 to 10")));
    // node1 leads before node0 is back: the leader that never had entry 10.
    try (MigratedCluster cluster = MigratedCluster.start(List.of(results.get(1), results.get(2)))) {
      assertEquals(RaftIds.of(results.get(1).memberId()), cluster.awaitLeader());
      cluster.add(again);
      cluster.awaitLeader();
      cluster.assertWriteReplicates(2, "/written/by0", "w0");
      cluster.assertKey("/tail/1", "1", 7, 7);
      for (int i = 0; i < cluster.size(); i++) {
        assertEquals(404, cluster.call(i, "GET", "/v2/keys/tail/2", null).statusCode());
      }
    }
  }

  private static final String EXPIRE = "2099-01-02T03:04:05.123456789Z";

  /**
   * Three 0.4 members with the same log, member {@code i} with {@code extra.get(i)} more entries
   * ({@code /tail/1}, {@code /tail/2}), on free loopback ports; migrated each on its own.
   */
  private List<Migration.Result> generatedCluster(List<Integer> extra) throws IOException {
    List<Integer> ports = freePorts(6);
    List<String> names = List.of("node0", "node1", "node2");
    List<Migration.Result> results = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Etcd04Writer writer = new Etcd04Writer(out.resolve("zero-four/" + names.get(i)));
      for (int j = 0; j < 3; j++) {
        writer.join(
            names.get(j),
            "http://127.0.0.1:" + ports.get(2 * j),
            "http://127.0.0.1:" + ports.get(2 * j + 1));
        if (j == 0) {
          writer.command("raft:nop", null);
        }
      }
      writer.set("/k", "v").term(1).command("raft:nop", null).set("/k", "v2");
      writer.command(
          "etcd:set",
          "{\"key\":\"/ttl\",\"value\":\"t\",\"expireTime\":\"" + EXPIRE + "\",\"dir\":false}");
      for (int t = 1; t <= extra.get(i); t++) {
        writer.set("/tail/" + t, String.valueOf(t));
      }
      List<String> peers = new ArrayList<>(names);
      peers.remove(i);
      // conf is stale, as in 0.4: it was written at the third join.
      Path dir = writer.write(4, peers);
      results.add(Migration.run(dir, null, out.resolve("cairn/" + names.get(i)), false));
    }
    assertEquals(names, names(results));
    return results;
  }

  /** Every member's snapshot must be the same entry: Raft replicates only from a common entry. */
  private static void assertSameCut(List<Migration.Result> results, long index, long term) {
    for (Migration.Result r : results) {
      assertEquals(index, r.index(), r.name());
      assertEquals(term, r.term(), r.name());
      assertEquals(results.get(0).clusterId(), r.clusterId(), r.name());
      assertEquals(results.get(0).members(), r.members(), r.name());
    }
  }

  private static List<String> names(List<Migration.Result> results) {
    return results.stream().map(Migration.Result::name).toList();
  }

  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static void serve(Migration.Result result) throws Exception {
    Path out = result.memberDir().getParent();
    ServerConfig config =
        new ServerConfig(
            out,
            ServerConfig.walDirUnder(out),
            result.memberId(),
            result.clusterId(),
            10,
            10,
            10_000,
            5,
            5,
            Duration.ofSeconds(5),
            Clock.systemUTC(),
            "node0",
            List.of(),
            List.of(),
            false,
            false,
            false);
    EtcdMember member = EtcdMember.start(config, List.of("http://127.0.0.1:0"), MemberLog.NONE);
    try {
      int port = member.clientAddresses().get(0).getPort();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> key =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/queue/32"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, key.statusCode(), key.body());
      assertTrue(key.body().contains("\"value\":\"job3\""), key.body());
      HttpResponse<String> special =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/special"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // A write needs a leader: the member must find itself among the snapshot's voters.
      HttpResponse<String> write =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/after"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .PUT(HttpRequest.BodyPublishers.ofString("value=migrated"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, write.statusCode(), write.body());
      assertTrue(
          special.body().contains("a\\u0026b\\u003cc\\u003e\\\"q\\\" ünï €"), special.body());
    } finally {
      member.close();
    }
  }
}
