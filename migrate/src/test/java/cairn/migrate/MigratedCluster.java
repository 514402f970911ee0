package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cairn.node.EtcdMember;
import cairn.server.ServerConfig;
import cairn.util.MemberLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Migrated members started as real peers in this JVM: each listens for peers on the peer URL the
 * migration recorded for it (peers reach each other through the stored URLs) and for clients on the
 * recorded client URL, so {@code /v2/members} describes where they really are. Waits are bounded in
 * time and polls; {@link #close} stops every member started.
 */
final class MigratedCluster implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration PORT_WAIT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<EtcdMember> members = new ArrayList<>();
  private final List<Migration.Result> results = new ArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Starts one member per result; skips the test (assumption) when a recorded port is taken, since
   * the recorded URLs are what the members dial.
   */
  static MigratedCluster start(List<Migration.Result> results) throws Exception {
    for (Migration.Result r : results) {
      Migration.Member04 self = self(r);
      assumePortFree(self.peerUrl());
      assumePortFree(self.clientUrl());
    }
    MigratedCluster cluster = new MigratedCluster();
    try {
      for (Migration.Result r : results) {
        cluster.add(r);
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts one more member, on the URLs recorded for it. */
  void add(Migration.Result r) throws Exception {
    Migration.Member04 self = self(r);
    ServerConfig config =
        new ServerConfig(
            r.memberDir().getParent(),
            ServerConfig.walDirUnder(r.memberDir().getParent()),
            0,
            0,
            20,
            10,
            10_000,
            5,
            5,
            Duration.ofSeconds(5),
            Clock.systemUTC(),
            self.name(),
            List.of(self.clientUrl()),
            List.of(),
            false,
            false,
            false);
    members.add(
        EtcdMember.start(
            config, List.of(self.clientUrl()), List.of(self.peerUrl()), MemberLog.NONE));
    results.add(r);
  }

  static Migration.Member04 self(Migration.Result r) {
    return r.members().stream().filter(m -> m.id() == r.memberId()).findFirst().orElseThrow();
  }

  /**
   * Skips the test unless {@code url}'s port can be bound within {@link #PORT_WAIT} (a connection
   * of an earlier test may hold it as its local port for a moment).
   */
  private static void assumePortFree(String url) throws InterruptedException {
    URI uri = URI.create(url);
    String host = "localhost".equals(uri.getHost()) ? "127.0.0.1" : uri.getHost();
    IOException last = null;
    long deadline = System.nanoTime() + PORT_WAIT.toNanos();
    for (int tries = 0; tries < PORT_WAIT.dividedBy(POLL); tries++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName(host), uri.getPort()));
        return;
      } catch (IOException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    assumeTrue(
        false,
        "the migrated members must listen on the URLs 0.4 recorded, but "
            + url
            + " could not be bound here within "
            + PORT_WAIT
            + " ("
            + last.getMessage()
            + ")");
  }

  int size() {
    return members.size();
  }

  EtcdMember member(int i) {
    return members.get(i);
  }

  /** Waits until every member knows the same leader; returns its Raft ID. */
  long awaitLeader() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int polls = 0; polls < WAIT.dividedBy(POLL); polls++) {
      long leader = members.get(0).server().leader();
      boolean agreed = leader != 0;
      for (EtcdMember m : members) {
        agreed &= m.server().leader() == leader;
      }
      if (agreed) {
        return leader;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL.toMillis());
    }
    StringBuilder seen = new StringBuilder();
    for (EtcdMember m : members) {
      seen.append(
          String.format(
              " %x: leader %x term %d applied %d;",
              m.server().memberId(),
              m.server().leader(),
              m.server().term(),
              m.server().appliedIndex()));
    }
    return fail("no leader agreed on within " + WAIT + ":" + seen);
  }

  HttpResponse<String> call(int i, String method, String target, String form) throws Exception {
    int port = members.get(i).clientAddresses().get(0).getPort();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(
                method,
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code target} on member {@code i} until {@code done} holds, within {@link #WAIT}. */
  HttpResponse<String> getUntil(int i, String target, Predicate<HttpResponse<String>> done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    HttpResponse<String> r = call(i, "GET", target, null);
    for (int polls = 0; !done.test(r) && polls < WAIT.dividedBy(POLL); polls++) {
      if (System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL.toMillis());
      r = call(i, "GET", target, null);
    }
    return r;
  }

  /** The {@code node} of a keys response on member {@code i}, which must answer 200. */
  JsonNode node(int i, String key) throws Exception {
    HttpResponse<String> r = call(i, "GET", "/v2/keys" + key, null);
    assertEquals(200, r.statusCode(), "member " + i + " GET " + key + ": " + r.body());
    return JSON.readTree(r.body()).path("node");
  }

  /** Asserts a key's value and indexes on every member. */
  void assertKey(String key, String value, long created, long modified) throws Exception {
    for (int i = 0; i < members.size(); i++) {
      JsonNode n = node(i, key);
      String where = "member " + i + " " + key + ": " + n;
      assertEquals(value, n.path("value").asText(null), where);
      assertEquals(created, n.path("createdIndex").asLong(), where);
      assertEquals(modified, n.path("modifiedIndex").asLong(), where);
    }
  }

  /** Member names to client URLs from {@code /v2/members} on member {@code i}. */
  Map<String, List<String>> membersApi(int i) throws Exception {
    HttpResponse<String> r = call(i, "GET", "/v2/members", null);
    assertEquals(200, r.statusCode(), r.body());
    Map<String, List<String>> byName = new TreeMap<>();
    for (JsonNode m : JSON.readTree(r.body()).path("members")) {
      List<String> urls = new ArrayList<>();
      m.path("clientURLs").forEach(u -> urls.add(u.asText()));
      byName.put(m.path("name").asText(), urls);
    }
    return byName;
  }

  /** The members as the migration recorded them: names to client URLs. */
  Map<String, List<String>> recordedMembers() {
    Map<String, List<String>> byName = new TreeMap<>();
    for (Migration.Member04 m : results.get(0).members()) {
      byName.put(m.name(), List.of(m.clientUrl()));
    }
    return byName;
  }

  /**
   * Writes on member {@code writer} and reads the value back on every other member with a quorum
   * read (it goes through the log, so it sees the write once the member applied it).
   */
  void assertWriteReplicates(int writer, String key, String value) throws Exception {
    HttpResponse<String> put = call(writer, "PUT", "/v2/keys" + key, "value=" + value);
    assertEquals(201, put.statusCode(), put.body());
    long index = JSON.readTree(put.body()).path("node").path("modifiedIndex").asLong();
    for (int i = 0; i < members.size(); i++) {
      HttpResponse<String> get = call(i, "GET", "/v2/keys" + key + "?quorum=true", null);
      assertEquals(200, get.statusCode(), "member " + i + ": " + get.body());
      JsonNode n = JSON.readTree(get.body()).path("node");
      assertEquals(value, n.path("value").asText(), "member " + i + ": " + get.body());
      assertEquals(index, n.path("modifiedIndex").asLong(), "member " + i + ": " + get.body());
    }
    assertTrue(index > 0, put.body());
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (EtcdMember m : members) {
      try {
        m.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
