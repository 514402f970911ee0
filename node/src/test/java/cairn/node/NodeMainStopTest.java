package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn node}'s own start path, stopped by its caller instead of a signal (the build's AOT
 * training runs it so): the member stops as on SIGTERM, releases its data dir, and the command
 * returns 0 without ending the process.
 */
class NodeMainStopTest {

  @TempDir Path dir;

  @Test
  void aMemberStoppedByItsCallerReturnsZeroAndReleasesItsDataDir() throws Exception {
    for (int run = 1; run <= 2; run++) { // the second start needs the first's WAL lock released
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
      CompletableFuture<Void> stop = new CompletableFuture<>();
      AtomicInteger status = new AtomicInteger(-1);
      Thread node =
          new Thread(
              () ->
                  status.set(
                      NodeMain.run(
                          List.of(
                              "--name=stopped",
                              "--data-dir=" + dir,
                              "--listen-client-urls=http://127.0.0.1:0",
                              "--advertise-client-urls=http://127.0.0.1:2379",
                              "--listen-peer-urls=http://127.0.0.1:0",
                              "--initial-advertise-peer-urls=http://127.0.0.1:2380",
                              "--initial-cluster=stopped=http://127.0.0.1:2380"),
                          Map.of(),
                          err,
                          err,
                          stop)),
              "node-main-stop-test");
      node.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!logged(log, "ready to serve client requests")
          && node.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(logged(log, "ready to serve client requests"), "run " + run + ": " + log);

      stop.complete(null);
      node.join(TimeUnit.SECONDS.toMillis(30));

      assertFalse(node.isAlive(), "run " + run + " stopped");
      assertEquals(0, status.get(), "run " + run + ": " + log);
    }
  }

  private static boolean logged(ByteArrayOutputStream log, String line) {
    return log.toString(StandardCharsets.UTF_8).contains(line);
  }
}
