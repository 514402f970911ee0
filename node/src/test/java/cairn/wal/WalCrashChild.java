package cairn.wal;

import cairn.io.FileSystem;
import cairn.raft.Entry;
import cairn.raft.HardState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The process that {@link WalCrashTest} kills: appends entries from four threads to the WAL in
 * {@code args[0]} and prints {@code ack <index>} once each is durable. Stops by itself after 60 s.
 */
public final class WalCrashChild {

  static final WalOptions OPTIONS = new WalOptions(64 << 10, 1 << 20);
  private static final int THREADS = 4;
  private static final long LIFETIME_MS = 60_000;

  private WalCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Wal wal =
        Wal.exists(FileSystem.SYSTEM, dir)
            ? Wal.open(FileSystem.SYSTEM, dir, SnapshotMarker.ZERO, OPTIONS)
            : Wal.create(FileSystem.SYSTEM, dir, WalTestData.METADATA, OPTIONS);
    List<Entry> existing = wal.contents().entries();
    long[] next = {existing.isEmpty() ? 1 : existing.get(existing.size() - 1).index() + 1};
    PrintStream out = System.out;
    out.println("ready " + next[0]);
    out.flush();
    long deadline = System.currentTimeMillis() + LIFETIME_MS;
    Runnable appender =
        () -> {
          while (System.currentTimeMillis() < deadline) {
            long index;
            CompletableFuture<Void> durable;
            synchronized (next) {
              index = next[0]++;
              durable =
                  wal.appendAsync(
                      new HardState(1, 1, index - 1), List.of(WalTestData.entry(1, index)));
            }
            durable.join();
            synchronized (out) {
              out.println("ack " + index);
              out.flush();
            }
          }
        };
    Thread[] threads = new Thread[THREADS];
    for (int i = 0; i < THREADS; i++) {
      threads[i] = new Thread(appender, "appender-" + i);
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    wal.close();
  }
}
