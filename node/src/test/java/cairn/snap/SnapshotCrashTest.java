package cairn.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.raft.Snapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot saves are atomic under SIGKILL: after every kill the newest snapshot on disk is whole,
 * no older than the last acknowledged save, and no damaged file is ever left under a final name.
 */
class SnapshotCrashTest {

  private static final int KILLS = Integer.getInteger("cairn.crash.kills", 20);

  @TempDir Path dir;

  @Test
  void aKilledSaveLeavesTheLastAcknowledgedSnapshotOrANewerWholeOne() throws Exception {
    long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
    System.out.println("SnapshotCrashTest seed " + seed);
    Random random = new Random(seed);
    long acknowledged = 0;
    for (int kill = 0; kill < Math.min(KILLS, 20); kill++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty(
                      "surefire.test.class.path", System.getProperty("java.class.path")),
                  SnapshotCrashChild.class.getName(),
                  dir.toString(),
                  Long.toString(acknowledged))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long lastSaved = acknowledged;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        assertEquals("ready", lines.readLine());
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(300));
        while (System.nanoTime() < killAt) {
          if (lines.ready()) {
            String line = lines.readLine();
            if (line != null && line.startsWith("saved ")) {
              lastSaved = Long.parseLong(line.substring(6));
            }
          } else {
            Thread.sleep(1);
          }
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      } finally {
        child.destroyForcibly();
      }
      Snapshotter.Loaded loaded = new Snapshotter(FileSystem.SYSTEM, dir).loadNewest();
      for (String warning : loaded.warnings()) {
        assertTrue(
            warning.contains("left by an interrupted save"), "seed " + seed + ": " + warning);
      }
      if (lastSaved > 0) {
        Snapshot newest = loaded.snapshot().orElseThrow();
        long index = newest.metadata().index();
        assertTrue(
            index >= lastSaved, "seed " + seed + ": " + index + " < acknowledged " + lastSaved);
        assertEquals(SnapshotCrashChild.snapshot(index), newest, "seed " + seed);
        acknowledged = index;
      }
      new Snapshotter(FileSystem.SYSTEM, dir).purge(3);
    }
    assertTrue(acknowledged > 0, "no snapshot was ever saved");
  }
}
