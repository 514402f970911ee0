package cairn.bench;

import cairn.io.FaultInjectingFileSystem;
import cairn.io.FileSystem;
import cairn.io.StorageFile;
import cairn.raft.Entry;
import cairn.raft.HardState;
import cairn.wal.Wal;
import cairn.wal.WalMetadata;
import cairn.wal.WalOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Group commit throughput: 256-byte entries appended per second and fsyncs per second at 1, 16, 64
 * and 256 concurrent appenders, beside the raw fsync rate of the same disk (4 KiB write + fsync),
 * measured in the same run. Each figure is the median of several rounds.
 *
 * <p>Run: {@code node/jmh.sh --main cairn.bench.WalBench [dir] [rounds] [seconds per round]}.
 */
public final class WalBench {

  private static final int ENTRY_BYTES = 256;

  private WalBench() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args.length > 0 ? args[0] : "target/wal-bench");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
    Files.createDirectories(base);

    double[] raw = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      raw[r] = rawFsyncsPerSecond(base.resolve("raw-" + r), seconds);
    }
    double rawMedian = median(raw);
    System.out.printf("raw 4 KiB write+fsync: %.0f fsyncs/s (median of %d)%n", rawMedian, rounds);
    System.out.println("appenders  entries/s  fsyncs/s  entries/fsync  entries/s / raw fsync rate");
    for (int appenders : new int[] {1, 16, 64, 256}) {
      double[] entries = new double[rounds];
      double[] syncs = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        double[] result =
            groupCommit(base.resolve("wal-" + appenders + "-" + r), appenders, seconds);
        entries[r] = result[0];
        syncs[r] = result[1];
      }
      double e = median(entries);
      double s = median(syncs);
      System.out.printf(
          "%9d  %9.0f  %8.0f  %13.1f  %.1fx%n", appenders, e, s, e / s, e / rawMedian);
    }
  }

  private static double rawFsyncsPerSecond(Path file, double seconds) throws IOException {
    ByteBuffer page = ByteBuffer.allocate(4096);
    long count = 0;
    try (StorageFile out = FileSystem.SYSTEM.create(file)) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        page.clear();
        out.writeFully(page, count * 4096);
        out.sync();
        count++;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      Files.delete(file);
      return count / elapsed;
    }
  }

  /** Returns {entries per second, fsyncs per second}. */
  private static double[] groupCommit(Path dir, int appenders, double seconds) throws Exception {
    FaultInjectingFileSystem counting = new FaultInjectingFileSystem();
    AtomicLong appended = new AtomicLong();
    byte[] data = new byte[ENTRY_BYTES];
    Arrays.fill(data, (byte) 'x');
    double elapsed;
    int syncs;
    try (Wal wal = Wal.create(counting, dir, new WalMetadata(1, 1), WalOptions.DEFAULT)) {
      long[] next = {1};
      long end = System.nanoTime() + (long) (seconds * 1e9);
      List<Thread> threads = new ArrayList<>();
      int syncsBefore = counting.syncCalls();
      long start = System.nanoTime();
      for (int t = 0; t < appenders; t++) {
        Thread thread =
            new Thread(
                () -> {
                  while (System.nanoTime() < end) {
                    CompletableFuture<Void> durable;
                    synchronized (next) {
                      Entry entry = Entry.normal(1, next[0]++, data);
                      durable = wal.appendAsync(HardState.EMPTY, List.of(entry));
                    }
                    durable.join();
                    appended.incrementAndGet();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      elapsed = (System.nanoTime() - start) / 1e9;
      syncs = counting.syncCalls() - syncsBefore;
    }
    deleteTree(dir);
    return new double[] {appended.get() / elapsed, syncs / elapsed};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
    Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".lock"));
  }
}
