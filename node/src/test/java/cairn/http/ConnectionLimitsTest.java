package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.http.RawHttp.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many watches at once without a thread each, oversized and malformed requests. */
class ConnectionLimitsTest {

  private TestServer s;

  @BeforeEach
  void start() throws InterruptedException {
    s = new TestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  @Test
  void fiveHundredLongPollsAreAllAnsweredByOneWrite() throws Exception {
    int n = 500;
    List<RawHttp> clients = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        RawHttp h = new RawHttp(s.address);
        clients.add(h);
        h.send("GET", "/v2/keys/fan?wait=true", null);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(200, clients.get(i).readHead().status(), "client " + i);
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (s.store.stats().watchers() != n) {
        assertTrue(System.nanoTime() < deadline, "watchers: " + s.store.stats().watchers());
        Thread.sleep(5);
      }
      s.call("PUT", "/v2/keys/fan", "value=go");
      for (RawHttp h : clients) {
        assertTrue(h.chunk().startsWith("{\"action\":\"set\",\"node\":{\"key\":\"/fan\""));
      }
      assertEquals(0, s.store.stats().watchers());
    } finally {
      for (RawHttp h : clients) {
        h.close();
      }
    }
  }

  @Test
  void bodyOverTheLimitIs413AndStoresNothing() throws IOException {
    String big = "value=" + "x".repeat(KeysHttpServerConfig.DEFAULT_MAX_REQUEST_BYTES);
    try (RawHttp h = new RawHttp(s.address)) {
      h.send("PUT", "/v2/keys/big", big);
      assertEquals(413, h.readHead().status());
    } catch (java.net.SocketException closedWhileSending) {
      // The server may close before the whole body is sent; what matters is nothing was stored.
    }
    assertEquals(0, s.store.index());
    assertEquals(404, s.call("GET", "/v2/keys/big").status());
  }

  @Test
  void garbageIsRejectedAndTheServerLivesOn() throws IOException {
    try (RawHttp h = new RawHttp(s.address)) {
      h.sendRaw("GET /v2/keys/%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      Response r = h.read(false);
      assertEquals(400, r.status());
      assertEquals("400 Bad Request", r.body());
      assertTrue(h.closedByServer(), "Go closes after an unparsable path");
    }
    try (RawHttp h = new RawHttp(s.address)) {
      h.sendRaw("\u0001\u0002 nonsense\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      assertEquals(400, h.read(false).status());
      assertTrue(h.closedByServer(), "a request that could not be decoded ends the connection");
    }
    assertEquals(201, s.call("PUT", "/v2/keys/alive", "value=1").status());
  }

  @Test
  void longKeysAndQueryValuesAreAccepted() throws IOException {
    String key = "k".repeat(5000);
    String value = "v".repeat(100_000);
    assertEquals(201, s.call("PUT", "/v2/keys/" + key + "?value=" + value).status());
    assertEquals(value, s.store.get("/" + key, false, false, TestServer.NOW).node().value());
  }
}
