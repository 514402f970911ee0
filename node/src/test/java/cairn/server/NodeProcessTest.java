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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn node} as a real process: SIGKILL loses no acknowledged write; SIGTERM exits 0. */
@Timeout(120)
class NodeProcessTest {

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process start(int port) throws Exception {
    String url = "http://127.0.0.1:" + port;
    Process p =
        NodeProcess.launch(
            dir.resolve("node.log"),
            List.of(
                "--data-dir",
                dir.resolve("data").toString(),
                "--listen-client-urls",
                url,
                "--advertise-client-urls",
                url));
    processes.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), () -> "node exited: " + log());
      try {
        if (get(port, "/health").statusCode() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("node did not come up: " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("node.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private HttpResponse<String> get(int port, String target) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> put(int port, String key, String value) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/" + key))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sigkillLosesNoAcknowledgedWriteAndSigtermExitsZero() throws Exception {
    int port = freePort();
    Process node = start(port);
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String key = "k" + i;
      String value = "v" + i;
      inFlight.add(
          put(port, key, value)
              .thenAccept(
                  r -> {
                    if (r.statusCode() == 201) {
                      acknowledged.put(key, value);
                    }
                  }));
      if (i == 300) {
        // The sends are asynchronous: let the first answers arrive (bounded), so the kill lands
        // with writes both acknowledged and in flight rather than before any answer.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acknowledged.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        node.destroyForcibly(); // SIGKILL with writes in flight
      }
    }
    for (CompletableFuture<?> f : inFlight) {
      try {
        f.get(20, TimeUnit.SECONDS);
      } catch (Exception refusedAfterTheKill) {
        // expected for writes sent after the kill
      }
    }
    assertTrue(node.waitFor(10, TimeUnit.SECONDS));
    assertTrue(acknowledged.size() > 0, "some writes were acknowledged before the kill");

    Process again = start(port);
    for (Map.Entry<String, String> e : acknowledged.entrySet()) {
      HttpResponse<String> r = get(port, "/v2/keys/" + e.getKey());
      assertEquals(200, r.statusCode(), e.getKey() + " was acknowledged: " + r.body());
      assertTrue(r.body().contains("\"value\":\"" + e.getValue() + "\""), r.body());
    }

    again.destroy(); // SIGTERM
    assertTrue(again.waitFor(20, TimeUnit.SECONDS), "stopped on SIGTERM");
    assertEquals(0, again.exitValue(), log());
    assertTrue(log().contains("received terminated signal"), log());
  }
}
