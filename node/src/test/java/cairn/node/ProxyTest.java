package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.proxy.ProxyEndpoints;
import cairn.proxy.ProxyServer;
import cairn.util.MemberLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** etcd's proxy mode (node-config.md §12, v2-http-api.md §15) in front of a real member. */
@Timeout(60)
class ProxyTest {

  @TempDir Path dir;

  private final List<AutoCloseable> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MemberLog log = MemberLog.messagesTo(System.err::println);

  @AfterEach
  void stop() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A member on fixed free ports advertising {@code advertised} as its client URL. */
  private String member(String advertised, int clientPort) throws Exception {
    String peer = "http://127.0.0.1:" + freePort();
    NodeConfig c =
        NodeConfigTest.named(
            dir,
            "m",
            Map.of(),
            "--listen-client-urls",
            "http://127.0.0.1:" + clientPort,
            "--advertise-client-urls",
            advertised,
            "--listen-peer-urls",
            peer,
            "--initial-advertise-peer-urls",
            peer,
            "--initial-cluster",
            "m=" + peer);
    started.add(EtcdMember.start(c.serverConfig(), c.listenClientUrls(), c.listenPeerUrls(), log));
    return peer;
  }

  /** A proxy seeded with {@code peerUrl}; returns its client URL once it knows an endpoint. */
  private String proxy(String peerUrl, boolean readonly, boolean waitForEndpoint) throws Exception {
    ProxyEndpoints endpoints =
        new ProxyEndpoints(
            List.of(peerUrl), dir.resolve("proxy"), null, Duration.ofSeconds(5), log);
    started.add(endpoints);
    endpoints.start(Duration.ofSeconds(30));
    ProxyServer server =
        new ProxyServer(
            new ProxyServer.Settings(
                List.of(URI.create("http://127.0.0.1:0")), null, readonly, null, 1000),
            endpoints);
    started.add(server);
    String url = "http://127.0.0.1:" + server.start().get(0).getPort();
    // Bounded: the member publishes its client URL through Raft; the proxy asks every second.
    for (int i = 0; waitForEndpoint && i < 100; i++) {
      if (!get(url + "/v2/config/local/proxy").body().contains("\"endpoints\":[]")) {
        break;
      }
      Thread.sleep(100);
    }
    return url;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return ClientTlsTest.get(http, url);
  }

  private HttpResponse<String> put(String url, String value)
      throws IOException, InterruptedException {
    return ClientTlsTest.put(http, url, value);
  }

  @Test
  void theClientApiWorksThroughTheProxyWatchesIncluded() throws Exception {
    int clientPort = freePort();
    String memberUrl = "http://127.0.0.1:" + clientPort;
    String peer = member(memberUrl, clientPort);
    String proxy = proxy(peer, false, true);

    assertEquals(
        "{\"endpoints\":[\"" + memberUrl + "\"]}\n", get(proxy + "/v2/config/local/proxy").body());
    HttpResponse<String> created = put(proxy + "/v2/keys/through", "proxy");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(
        created.headers().firstValue("X-Etcd-Cluster-Id"),
        get(memberUrl + "/v2/keys/through").headers().firstValue("X-Etcd-Cluster-Id"));
    assertTrue(get(proxy + "/v2/keys/through").body().contains("\"value\":\"proxy\""));

    CompletableFuture<HttpResponse<String>> watch =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(proxy + "/v2/keys/through?wait=true")).build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(300); // the watch is registered; a write straight to the member wakes it
    put(memberUrl + "/v2/keys/through", "changed");
    HttpResponse<String> event = watch.get(10, TimeUnit.SECONDS);
    assertEquals(200, event.statusCode());
    assertTrue(event.body().contains("\"value\":\"changed\""), event.body());
    // The peer URLs learned are kept for the next start.
    assertEquals(
        "{\"PeerURLs\":[\"" + peer + "\"]}", Files.readString(dir.resolve("proxy/cluster")));
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    int clientPort = freePort();
    String proxy = proxy(member("http://127.0.0.1:" + clientPort, clientPort), false, true);
    put(proxy + "/v2/keys/first", "1");
    put(proxy + "/v2/keys/second", "2");
    URI u = URI.create(proxy);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(10_000);
      // Two requests in one write: the second waits for the first one's answer.
      s.getOutputStream()
          .write(
              ("GET /v2/keys/first HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /v2/keys/second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int first = answers.indexOf("\"value\":\"1\"");
      int second = answers.indexOf("\"value\":\"2\"");
      assertTrue(first > 0 && second > first, answers);
    }
  }

  @Test
  void aReadonlyProxyForwardsOnlyGet() throws Exception {
    int clientPort = freePort();
    String proxy = proxy(member("http://127.0.0.1:" + clientPort, clientPort), true, true);
    HttpResponse<String> refused = put(proxy + "/v2/keys/x", "1");
    assertEquals(501, refused.statusCode());
    assertEquals("", refused.body());
    assertEquals(404, get(proxy + "/v2/keys/x").statusCode());
  }

  @Test
  void withoutEndpointsOrWithDeadOnesTheProxyAnswersEtcdsErrors() throws Exception {
    String nowhere = proxy("http://127.0.0.1:" + freePort(), false, false);
    HttpResponse<String> none = get(nowhere + "/v2/keys/x");
    assertEquals(503, none.statusCode());
    assertEquals("{\"message\":\"proxy: zero endpoints currently available\"}", none.body());

    // The member advertises a client URL nobody listens on.
    String peer = member("http://127.0.0.1:" + freePort(), freePort());
    String proxy = proxy(peer, false, true);
    HttpResponse<String> dead = get(proxy + "/v2/keys/x");
    assertEquals(502, dead.statusCode());
    assertEquals("{\"message\":\"proxy: unable to get response from 1 endpoint(s)\"}", dead.body());
  }
}
