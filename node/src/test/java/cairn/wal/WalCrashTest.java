package cairn.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.DirectoryLockedException;
import cairn.io.FileSystem;
import cairn.raft.Entry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM appends and acknowledges entries; it is killed with SIGKILL at random
 * moments, 50 times; after each kill the WAL must hold every acknowledged entry, in order,
 * ungarbled. The seed is printed; {@code -Dcairn.crash.seed=N} replays a run's kill times.
 */
class WalCrashTest {

  private static final int KILLS = Integer.getInteger("cairn.crash.kills", 50);

  @TempDir Path dir;

  @Test
  void everyAcknowledgedEntrySurvivesSigkill() throws Exception {
    long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
    System.out.println("WalCrashTest seed " + seed + " (replay: -Dcairn.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path wal = dir.resolve("wal");
    long acknowledgedTotal = 0;
    long lastIndex = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
      CountDownLatch ready = new CountDownLatch(1);
      Process child = startChild(wal);
      Thread reader = readAcks(child, acked, ready);
      try {
        assertTrue(
            ready.await(30, TimeUnit.SECONDS), "the child did not start (seed " + seed + ")");
        if (kill == 0) {
          DirectoryLockedException locked =
              assertThrows(
                  DirectoryLockedException.class,
                  () ->
                      Wal.open(FileSystem.SYSTEM, wal, SnapshotMarker.ZERO, WalCrashChild.OPTIONS));
          assertTrue(locked.getMessage().contains("in use by another process"));
        }
        Thread.sleep(10 + random.nextInt(250));
      } finally {
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      }
      reader.join(10_000);

      List<Entry> entries;
      try (Wal reopened =
          Wal.open(FileSystem.SYSTEM, wal, SnapshotMarker.ZERO, WalCrashChild.OPTIONS)) {
        entries = reopened.contents().entries();
      }
      for (String name : FileSystem.SYSTEM.list(wal)) {
        // The next segment's file the child was preparing is removed at the open, the one
        // prepared since at the close.
        assertTrue(name.endsWith(".wal"), "left in the WAL directory: " + name);
      }
      for (int i = 0; i < entries.size(); i++) {
        assertEquals(
            WalTestData.entry(1, i + 1), entries.get(i), "seed " + seed + ", kill " + kill);
      }
      long last = entries.size();
      if (!acked.isEmpty()) {
        assertTrue(
            acked.last() <= last,
            "acknowledged " + acked.last() + " but only " + last + " survived (seed " + seed + ")");
      }
      assertTrue(last >= lastIndex, "entries vanished: " + last + " < " + lastIndex);
      lastIndex = last;
      acknowledgedTotal += acked.size();
    }
    System.out.println(
        "WalCrashTest: "
            + KILLS
            + " kills, "
            + acknowledgedTotal
            + " acknowledged appends, "
            + lastIndex
            + " entries in the end");
    assertTrue(acknowledgedTotal > KILLS, "too few appends to mean anything: " + acknowledgedTotal);
  }

  private static Process startChild(Path wal) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classpath,
            WalCrashChild.class.getName(),
            wal.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static Thread readAcks(
      Process child, ConcurrentSkipListSet<Long> acked, CountDownLatch ready) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("ready")) {
                    ready.countDown();
                  } else if (line.startsWith("ack ")) {
                    acked.add(Long.parseLong(line.substring(4)));
                  }
                }
              } catch (IOException e) {
                // the child was killed mid-line; what was read is what was acknowledged
              }
            },
            "wal-crash-acks");
    reader.start();
    return reader;
  }
}
