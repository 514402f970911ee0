package cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against scripted servers: request shapes, failover, timeouts, malformed answers. On
 * okhttp here; {@link SocketTransportTest} runs every case again on the socket transport.
 */
class EtcdClientTest {

  static final String NODE =
      "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"modifiedIndex\":7,"
          + "\"createdIndex\":7}}\n";

  final MockWebServer first = new MockWebServer();
  final MockWebServer second = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    first.start(InetAddress.getLoopbackAddress(), 0);
    second.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  static String url(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("X-Etcd-Index", "7")
        .setHeader("X-Raft-Index", "100")
        .setHeader("X-Raft-Term", "2")
        .body(body)
        .build();
  }

  /** The transport under test. */
  EtcdClientBuilder.Transport transport() {
    return EtcdClientBuilder.Transport.OKHTTP;
  }

  EtcdClient client(String... endpoints) throws IOException {
    return EtcdClient.builder()
        .transport(transport())
        .endpoints(List.of(endpoints))
        .requestTimeout(Duration.ofMillis(500))
        .build();
  }

  @Test
  void aGetParsesTheNodeAndTheIndexHeaders() throws Exception {
    first.enqueue(json(200, NODE));
    KeysResponse response = client(url(first)).get("k", false, false, false);
    assertEquals("get", response.action());
    assertEquals(new Node("/k", "v", false, null, 0, null, 7, 7), response.node());
    assertNull(response.prevNode());
    assertEquals(7, response.etcdIndex());
    assertEquals(100, response.raftIndex());
    assertEquals(2, response.raftTerm());
    RecordedRequest request = first.takeRequest();
    assertEquals("GET", request.getMethod());
    assertEquals("/v2/keys/k?quorum=false&recursive=false&sorted=false", request.getTarget());
  }

  @Test
  void aCompareAndSwapSendsItsConditionsInTheQueryAndTheValueInTheForm() throws Exception {
    first.enqueue(json(200, NODE.replace("get", "compareAndSwap")));
    client(url(first)).compareAndSwap("/dir/a b", "new value", 5L, "old", 3);
    RecordedRequest request = first.takeRequest();
    assertEquals("PUT", request.getMethod());
    assertEquals("/v2/keys/dir/a%20b?prevIndex=3&prevValue=old", request.getTarget());
    assertEquals("ttl=5&value=new+value", request.getBody().utf8());
    assertEquals("application/x-www-form-urlencoded", request.getHeaders().get("Content-Type"));
  }

  @Test
  void anEtcdErrorBecomesATypedException() throws Exception {
    first.enqueue(
        json(
            404,
            "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/k\",\"index\":7}\n"));
    EtcdException error =
        assertThrows(EtcdException.class, () -> client(url(first)).get("/k", false, false, false));
    assertEquals(100, error.errorCode());
    assertEquals("Key not found", error.etcdMessage());
    assertEquals("/k", error.etcdCause());
    assertEquals(7, error.index());
    assertEquals("100: Key not found (/k) [7]", error.getMessage());
  }

  @Test
  void aServerErrorFailsOverToTheNextEndpointWhichIsThenPinned() throws Exception {
    first.enqueue(json(503, "{\"message\":\"no leader\"}"));
    second.enqueue(json(200, NODE));
    second.enqueue(json(200, NODE));
    EtcdClient client = client(url(first), url(second));
    assertEquals("v", client.get("/k", false, false, false).node().value());
    assertEquals("v", client.get("/k", false, false, false).node().value());
    assertEquals(1, first.getRequestCount(), "the second request went to the pinned endpoint");
    assertEquals(2, second.getRequestCount());
  }

  @Test
  void aRefusedConnectionFailsOverToo() throws Exception {
    second.enqueue(json(200, NODE));
    EtcdClient client = client("http://127.0.0.1:" + deadPort(), url(second));
    assertEquals("v", client.get("/k", false, false, false).node().value());
  }

  @Test
  void whenEveryEndpointFailsTheErrorListsEach() throws Exception {
    first.enqueue(json(500, "{}"));
    int dead = deadPort();
    ClusterUnavailableException error =
        assertThrows(
            ClusterUnavailableException.class,
            () -> client("http://127.0.0.1:" + dead, url(first)).get("/k", false, false, false));
    assertEquals("client: etcd cluster is unavailable or misconfigured", error.getMessage());
    assertEquals(
        List.of(
            "error #0: dial tcp 127.0.0.1:" + dead + ": connect: connection refused",
            "error #1: client: etcd member " + url(first) + " has no leader"),
        error.details());
  }

  @Test
  void aServerThatNeverAnswersTimesOutInsteadOfHanging() {
    first.enqueue(json(200, NODE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          ClusterUnavailableException error =
              assertThrows(
                  ClusterUnavailableException.class,
                  () -> client(url(first)).get("/k", false, false, false));
          assertTrue(
              error.details().get(0).contains("exceeded header timeout"),
              error.details().toString());
        });
  }

  @Test
  void aMalformedAnswerIsAClearError() throws Exception {
    first.enqueue(json(200, "<html>proxy error</html>"));
    IOException error =
        assertThrows(IOException.class, () -> client(url(first)).get("/k", false, false, false));
    assertTrue(error.getMessage().startsWith("malformed answer from etcd"), error.getMessage());
    first.enqueue(json(502, "<html>bad gateway</html>"));
    assertThrows(
        ClusterUnavailableException.class, () -> client(url(first)).get("/k", false, false, false));
    first.enqueue(json(400, "not json at all"));
    ServerException odd =
        assertThrows(
            ServerException.class, () -> client(url(first)).get("/k", false, false, false));
    assertTrue(odd.getMessage().contains("unexpected response 400"), odd.getMessage());
  }

  @Test
  void syncReplacesTheEndpointsWithTheMembersClientUrls() throws Exception {
    first.enqueue(
        json(
            200,
            "{\"members\":[{\"id\":\"2\",\"name\":\"b\",\"peerURLs\":[\"http://p2\"],\"clientURLs\":[\""
                + url(second)
                + "\"]},{\"id\":\"1\",\"name\":\"a\",\"peerURLs\":[\"http://p1\"],\"clientURLs\":[\""
                + url(first)
                + "\"]}]}"));
    EtcdClient client = client(url(first));
    List<String> synced = client.sync();
    assertEquals(List.of(url(first), url(second)).stream().sorted().toList(), synced);
    assertEquals(synced, client.endpoints());
  }

  @Test
  void theWatcherRecoversFromAClearedHistoryByRereadingThenWatchingFromTheNextIndex()
      throws Exception {
    first.enqueue(
        json(
            400,
            "{\"errorCode\":401,\"message\":\"The event in requested index is outdated and"
                + " cleared\",\"cause\":\"the requested history has been cleared [1008/5]\","
                + "\"index\":2007}\n"));
    first.enqueue(json(200, NODE).newBuilder().setHeader("X-Etcd-Index", "2007").build());
    first.enqueue(json(200, NODE.replace("\"get\"", "\"set\"").replace("7", "2010")));
    Watcher watcher = client(url(first)).watcher("/k", 5, false);
    KeysResponse reread = watcher.next();
    assertEquals("get", reread.action());
    assertEquals(2008, watcher.nextIndex());
    KeysResponse event = watcher.next();
    assertEquals("set", event.action());
    assertEquals(2011, watcher.nextIndex());
    first.takeRequest();
    first.takeRequest();
    assertEquals(
        "/v2/keys/k?recursive=false&wait=true&waitIndex=2008", first.takeRequest().getTarget());
  }

  @Test
  void basicAuthIsSentOnEveryRequest() throws Exception {
    first.enqueue(json(200, NODE));
    EtcdClient.builder()
        .transport(transport())
        .endpoints(List.of(url(first)))
        .basicAuth("root", "secret")
        .build()
        .get("/k", false, false, false);
    assertEquals("Basic cm9vdDpzZWNyZXQ=", first.takeRequest().getHeaders().get("Authorization"));
  }

  static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
