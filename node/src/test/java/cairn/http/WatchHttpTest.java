package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.http.RawHttp.Response;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Long-poll and stream watches: held without a thread, answered when the event comes. */
class WatchHttpTest {

  private TestServer s;

  @BeforeEach
  void start() throws InterruptedException {
    s = new TestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  /** Waits (bounded) until the store has {@code n} registered watchers. */
  private void awaitWatchers(long n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (s.store.stats().watchers() != n) {
      assertTrue(System.nanoTime() < deadline, "watchers never reached " + n);
      Thread.sleep(5);
    }
  }

  @Test
  void longPollHeadersComeFirstAndTheEventEndsTheResponse() throws Exception {
    s.call("PUT", "/v2/keys/w", "value=0");
    try (RawHttp h = new RawHttp(s.address)) {
      h.send("GET", "/v2/keys/w?wait=true", null);
      Response head = h.readHead();
      assertEquals(200, head.status());
      assertEquals("1", head.header("X-Etcd-Index"));
      assertEquals("application/json", head.header("Content-Type"));
      assertEquals("1", head.header("X-Raft-Index"));
      assertEquals("chunked", head.header("Transfer-Encoding"));
      awaitWatchers(1);
      s.call("PUT", "/v2/keys/w", "value=1");
      assertEquals(
          "{\"action\":\"set\",\"node\":{\"key\":\"/w\",\"value\":\"1\",\"modifiedIndex\":2,\"createdIndex\":2},"
              + "\"prevNode\":{\"key\":\"/w\",\"value\":\"0\",\"modifiedIndex\":1,\"createdIndex\":1}}\n",
          h.chunk());
      assertNull(h.chunk(), "one event, then the response ends");
      // The connection stays usable.
      h.send("GET", "/v2/keys/w", null);
      assertEquals(200, h.read(false).status());
    }
    assertEquals(0, s.store.stats().watchers());
  }

  @Test
  void eachEventIsOneChunkAndTheLastChunkAndTheConnectionServesOn() throws Exception {
    String first =
        "{\"action\":\"set\",\"node\":{\"key\":\"/k\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n";
    String second =
        "{\"action\":\"set\",\"node\":{\"key\":\"/k\",\"value\":\"2\",\"modifiedIndex\":2,\"createdIndex\":2},"
            + "\"prevNode\":{\"key\":\"/k\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n";
    try (RawHttp h = new RawHttp(s.address)) {
      // Two watches in turn on one kept-alive connection, then a plain read: the bytes on the wire
      // are exactly the chunk and the terminating chunk, and the codec is ready for what follows.
      String[] events = {first, second};
      for (int i = 0; i < events.length; i++) {
        String event = events[i];
        h.send("GET", "/v2/keys/k?wait=true", null);
        assertEquals(200, h.readHead().status());
        awaitWatchers(1);
        s.call("PUT", "/v2/keys/k", "value=" + (i + 1));
        String framed = Integer.toHexString(event.length()) + "\r\n" + event + "\r\n0\r\n\r\n";
        assertEquals(framed, h.readExactly(framed.length()));
      }
      h.send("GET", "/v2/keys/k", null);
      Response r = h.read(false);
      assertEquals(200, r.status());
      assertEquals("2", r.header("X-Etcd-Index"));
      assertTrue(r.body().contains("\"value\":\"2\""), r.body());
    }
  }

  @Test
  void pastWaitIndexIsServedFromHistoryWithRegistrationIndex() throws IOException {
    s.call("PUT", "/v2/keys/d/a", "value=1");
    s.call("PUT", "/v2/keys/d/b", "value=2");
    Response r = s.call("GET", "/v2/keys/d?wait=true&recursive=true&waitIndex=2");
    assertEquals(200, r.status());
    assertEquals("2", r.header("X-Etcd-Index"));
    assertEquals(
        "{\"action\":\"set\",\"node\":{\"key\":\"/d/b\",\"value\":\"2\",\"modifiedIndex\":2,\"createdIndex\":2}}\n",
        r.body());
  }

  @Test
  void clearedHistoryIsError401() throws Exception {
    for (int i = 0; i < 1002; i++) {
      s.backend
          .write(
              new KeysWrite(
                  KeysWrite.Method.PUT, "/k", "v", false, null, null, "", 0, false, false))
          .get();
    }
    Response r = s.call("GET", "/v2/keys/k?wait=true&waitIndex=1");
    assertEquals(400, r.status());
    assertEquals("1002", r.header("X-Etcd-Index"));
    assertEquals(
        "{\"errorCode\":401,\"message\":\"The event in requested index is outdated and cleared\","
            + "\"cause\":\"the requested history has been cleared [3/1]\",\"index\":1002}\n",
        r.body());
  }

  @Test
  void streamDeliversEveryEventUntilTheClientLeaves() throws Exception {
    try (RawHttp h = new RawHttp(s.address)) {
      h.send("GET", "/v2/keys/s?wait=true&stream=true&recursive=true", null);
      assertEquals(200, h.readHead().status());
      awaitWatchers(1);
      s.call("PUT", "/v2/keys/s/1", "value=a");
      s.call("DELETE", "/v2/keys/s/1");
      assertTrue(h.chunk().startsWith("{\"action\":\"set\",\"node\":{\"key\":\"/s/1\""));
      assertTrue(h.chunk().startsWith("{\"action\":\"delete\",\"node\":{\"key\":\"/s/1\""));
    }
    awaitWatchers(0);
  }

  @Test
  void disconnectingRemovesALongPollWatcher() throws Exception {
    try (RawHttp h = new RawHttp(s.address)) {
      h.send("GET", "/v2/keys/gone?wait=true", null);
      h.readHead();
      awaitWatchers(1);
    }
    awaitWatchers(0);
  }

  @Test
  void serverShutdownEndsAWatch() throws Exception {
    RawHttp h = new RawHttp(s.address);
    try (h) {
      h.send("GET", "/v2/keys/x?wait=true", null);
      h.readHead();
      awaitWatchers(1);
      s.close();
      assertTrue(h.closedByServer());
    }
    awaitWatchers(0);
  }

  @Test
  void aStreamWhoseClientDoesNotReadIsDroppedNotBuffered() throws Exception {
    String big = "v".repeat(64 * 1024);
    try (RawHttp h = new RawHttp(s.address)) {
      h.send("GET", "/v2/keys/slow?wait=true&stream=true", null);
      assertEquals(200, h.readHead().status());
      awaitWatchers(1);
      // ~26 MB of events, more than the socket buffers hold: the channel stops being writable,
      // the watcher's 100-event queue fills and the store drops the watcher.
      for (int i = 0; i < 400 && s.store.stats().watchers() == 1; i++) {
        s.backend
            .write(
                new KeysWrite(
                    KeysWrite.Method.PUT, "/slow", big, false, null, null, "", 0, false, false))
            .get();
      }
      awaitWatchers(0);
    }
  }

  @Test
  void anHttp10WatchIsUnframedAndEndsWithTheConnection() throws Exception {
    try (RawHttp h = new RawHttp(s.address)) {
      h.sendRaw(
          "GET /v2/keys/old?wait=true HTTP/1.0\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Response head = h.readHead();
      assertEquals(200, head.status());
      assertNull(head.header("Transfer-Encoding"));
      awaitWatchers(1);
      s.call("PUT", "/v2/keys/old", "value=1");
      assertEquals(
          "{\"action\":\"set\",\"node\":{\"key\":\"/old\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n",
          h.readToEnd());
    }
  }

  @Test
  void expiryReachesWatchersAsAnExpireEvent() throws IOException {
    s.call("PUT", "/v2/keys/e", "value=v&ttl=0");
    s.backend.expire();
    Response r = s.call("GET", "/v2/keys/e?wait=true&waitIndex=2");
    assertEquals(
        "{\"action\":\"expire\",\"node\":{\"key\":\"/e\",\"modifiedIndex\":2,\"createdIndex\":1},"
            + "\"prevNode\":{\"key\":\"/e\",\"value\":\"v\",\"expiration\":\"2026-01-02T03:04:05.5Z\","
            + "\"modifiedIndex\":1,\"createdIndex\":1}}\n",
        r.body());
    assertEquals(404, s.call("GET", "/v2/keys/e").status());
  }
}
