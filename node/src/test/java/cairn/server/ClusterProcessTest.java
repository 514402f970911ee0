package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of real {@code cairn node} processes on loopback: bootstrap from {@code
 * --initial-cluster}, replication, SIGKILL of the leader (a new leader within three election
 * timeouts, no acknowledged write lost), restart from the data dir, a lagging member and an added
 * member caught up by snapshot, removal (the removed member exits 0), SIGTERM of the leader.
 */
@Timeout(240)
class ClusterProcessTest {

  private static final int HEARTBEAT_MS = 100;
  private static final int ELECTION_MS = 1000;
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]+)\"");

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<Integer, Process> processes = new HashMap<>();
  private final Map<Integer, Integer> clientPorts = new HashMap<>();
  private final Map<Integer, Integer> peerPorts = new HashMap<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes.values()) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private String peerUrl(int n) {
    return "http://127.0.0.1:" + peerPorts.get(n);
  }

  private String clusterOf(int... members) {
    List<String> parts = new ArrayList<>();
    for (int n : members) {
      parts.add("n" + n + "=" + peerUrl(n));
    }
    return String.join(",", parts);
  }

  private void allocate(int n) throws IOException {
    clientPorts.put(n, freePort());
    peerPorts.put(n, freePort());
  }

  private Process start(int n, String state, String cluster) throws IOException {
    String client = "http://127.0.0.1:" + clientPorts.get(n);
    Process p =
        NodeProcess.launch(
            log(n),
            List.of(
                "--name",
                "n" + n,
                "--data-dir",
                dir.resolve("n" + n).toString(),
                "--listen-client-urls",
                client,
                "--advertise-client-urls",
                client,
                "--listen-peer-urls",
                peerUrl(n),
                "--initial-advertise-peer-urls",
                peerUrl(n),
                "--initial-cluster",
                cluster,
                "--initial-cluster-state",
                state,
                "--heartbeat-interval",
                String.valueOf(HEARTBEAT_MS),
                "--election-timeout",
                String.valueOf(ELECTION_MS),
                "--snapshot-count",
                "50"));
    processes.put(n, p);
    return p;
  }

  private Path log(int n) {
    return dir.resolve("n" + n + ".log");
  }

  private String logText(int n) {
    try {
      return Files.readString(log(n));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private HttpResponse<String> call(int n, String method, String target, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clientPorts.get(n) + target))
            .timeout(Duration.ofSeconds(10));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int n, String target) throws Exception {
    return call(n, "GET", target, null, null);
  }

  private CompletableFuture<HttpResponse<String>> putAsync(int n, String key, String value) {
    return client.sendAsync(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + clientPorts.get(n) + "/v2/keys/" + key))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private interface Probe {
    boolean holds() throws Exception;
  }

  /** Polls until {@code probe} holds; connection errors count as "not yet". */
  private static void await(String what, Duration limit, Probe probe) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        if (probe.holds()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet, or just killed
      }
      assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
      Thread.sleep(20);
    }
  }

  /** The leader's member ID as member {@code n} sees it, or null. */
  private String leaderSeenBy(int n) throws Exception {
    HttpResponse<String> r = get(n, "/v2/members/leader");
    if (r.statusCode() != 200) {
      return null;
    }
    Matcher m = ID.matcher(r.body());
    return m.find() ? m.group(1) : null;
  }

  private String idOf(int n) throws Exception {
    Matcher m = ID.matcher(get(n, "/v2/stats/self").body());
    assertTrue(m.find());
    return m.group(1);
  }

  private int memberNumberOf(String id, int... among) throws Exception {
    for (int n : among) {
      if (id.equals(idOf(n))) {
        return n;
      }
    }
    throw new AssertionError("no member with id " + id);
  }

  private String valueOn(int n, String key) throws Exception {
    HttpResponse<String> r = get(n, "/v2/keys/" + key);
    return r.statusCode() == 200 ? r.body() : null;
  }

  @Test
  void aThreeMemberClusterSurvivesItsLeaderAndChangesMembership() throws Exception {
    for (int n = 1; n <= 4; n++) {
      allocate(n);
    }
    String three = clusterOf(1, 2, 3);
    for (int n = 1; n <= 3; n++) {
      start(n, "new", three);
    }
    for (int n = 1; n <= 3; n++) {
      int member = n;
      await(
          "n" + n + " knows a leader",
          Duration.ofSeconds(60),
          () -> leaderSeenBy(member) != null && get(member, "/health").statusCode() == 200);
    }

    // A write on one member is read on all.
    HttpResponse<String> written =
        call(2, "PUT", "/v2/keys/hello", "application/x-www-form-urlencoded", "value=world");
    assertEquals(
        201,
        written.statusCode(),
        () ->
            written.body()
                + "\n--- n1\n"
                + logText(1)
                + "--- n2\n"
                + logText(2)
                + "--- n3\n"
                + logText(3));
    for (int n = 1; n <= 3; n++) {
      int member = n;
      await(
          "n" + n + " has the write",
          Duration.ofSeconds(10),
          () -> valueOn(member, "hello") != null && valueOn(member, "hello").contains("\"world\""));
    }

    // SIGKILL the leader while writes are in flight.
    String oldLeader = leaderSeenBy(1);
    int leader = memberNumberOf(oldLeader, 1, 2, 3);
    int writeTo = leader == 1 ? 2 : 1;
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String key = "k" + i;
      inFlight.add(
          putAsync(writeTo, key, "v" + i)
              .thenAccept(
                  r -> {
                    if (r.statusCode() == 201) {
                      acknowledged.put(key, "v" + key.substring(1));
                    }
                  }));
    }
    await("some writes acknowledged", Duration.ofSeconds(20), () -> acknowledged.size() >= 20);
    processes.get(leader).destroyForcibly();
    long killed = System.nanoTime();
    int[] survivors =
        leader == 1 ? new int[] {2, 3} : leader == 2 ? new int[] {1, 3} : new int[] {1, 2};
    await(
        "a survivor knows a new leader",
        Duration.ofSeconds(30),
        () -> {
          String seen = leaderSeenBy(survivors[0]);
          return seen != null && !seen.equals(oldLeader);
        });
    long electedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertTrue(
        electedMs <= 3L * ELECTION_MS,
        "new leader after " + electedMs + " ms; the bound is three election timeouts");
    for (CompletableFuture<?> f : inFlight) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (Exception refused) {
        // a write in flight at the kill may fail; only acknowledged ones must survive
      }
    }
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      for (int n : survivors) {
        int member = n;
        await(
            e.getKey() + " on n" + n,
            Duration.ofSeconds(10),
            () ->
                valueOn(member, e.getKey()) != null
                    && valueOn(member, e.getKey()).contains("\"" + e.getValue() + "\""));
      }
    }

    // The killed member restarts from its data dir (--initial-cluster is ignored) and has
    // everything acknowledged, written before and after its death.
    assertEquals(
        201,
        call(
                survivors[0],
                "PUT",
                "/v2/keys/while-down",
                "application/x-www-form-urlencoded",
                "value=1")
            .statusCode());
    start(leader, "new", "ignored=http://127.0.0.1:1");
    int restarted = leader;
    await(
        "the restarted member caught up",
        Duration.ofSeconds(60),
        () -> valueOn(restarted, "while-down") != null);
    for (String key : acknowledged.keySet()) {
      assertTrue(valueOn(restarted, key) != null, key + " after the restart");
    }

    // A fourth member: announced, started with --initial-cluster-state existing, brought up to
    // date by a snapshot (more than --snapshot-count entries were written).
    HttpResponse<String> added =
        call(
            1 == leader ? 2 : 1,
            "POST",
            "/v2/members",
            "application/json",
            "{\"peerURLs\":[\"" + peerUrl(4) + "\"]}");
    assertEquals(201, added.statusCode(), added.body());
    Matcher m = ID.matcher(added.body());
    assertTrue(m.find());
    String fourthId = m.group(1);
    Process fourth = start(4, "existing", clusterOf(1, 2, 3, 4));
    await(
        "the fourth member has the data",
        Duration.ofSeconds(60),
        () -> valueOn(4, "while-down") != null && valueOn(4, "hello") != null);
    // The store serves the snapshot's keys a moment before the member logs that it applied it.
    await(
        "the fourth member logged the snapshot it applied",
        Duration.ofSeconds(10),
        () -> logText(4).contains("applied incoming snapshot"));
    await(
        "four members, all started",
        Duration.ofSeconds(20),
        () -> {
          String body = get(1, "/v2/members").body();
          return body.split("\"id\"").length == 5 && !body.contains("\"name\":\"\"");
        });

    // Removing it: the cluster answers 204 and the removed member exits 0.
    HttpResponse<String> removed = call(1, "DELETE", "/v2/members/" + fourthId, null, null);
    assertEquals(204, removed.statusCode(), removed.body());
    assertTrue(fourth.waitFor(30, TimeUnit.SECONDS), "the removed member stops: " + logText(4));
    assertEquals(0, fourth.exitValue());
    assertTrue(logText(4).contains("the member has been permanently removed from the cluster"));
    assertEquals(410, call(1, "DELETE", "/v2/members/" + fourthId, null, null).statusCode());

    // SIGTERM of the leader: it hands over, exits 0, and the others go on.
    String current = leaderSeenBy(1);
    int lead = memberNumberOf(current, 1, 2, 3);
    Process leading = processes.get(lead);
    leading.destroy();
    assertTrue(leading.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, leading.exitValue());
    assertTrue(logText(lead).contains("transferring leadership"), logText(lead));
    int other = lead == 1 ? 2 : 1;
    await(
        "the others elect a leader",
        Duration.ofSeconds(30),
        () -> {
          String seen = leaderSeenBy(other);
          return seen != null && !seen.equals(current);
        });
    assertEquals(
        201,
        call(other, "PUT", "/v2/keys/last", "application/x-www-form-urlencoded", "value=1")
            .statusCode());
  }

  @Test
  void aMemberStartedWithTheWrongMembershipIsRefused() throws Exception {
    allocate(1);
    allocate(2);
    start(1, "new", clusterOf(1));
    await("n1 serves", Duration.ofSeconds(60), () -> get(1, "/health").statusCode() == 200);
    // Joining with a list that does not match the running cluster (two members listed, one live).
    Process wrong = start(2, "existing", clusterOf(1, 2));
    assertTrue(wrong.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, wrong.exitValue());
    assertTrue(logText(2).contains("member count is unequal"), logText(2));
  }
}
