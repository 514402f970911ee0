package cairn.migrate;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark (not a test): migrates a generated 0.4 log of N entries (default 1,000,000: syncs as in
 * real logs, with a set every tenth entry) and prints the time.
 *
 * <p>Run: {@code java -cp <migrate test classpath> cairn.migrate.MigrateBench [dir] [entries]}.
 */
public final class MigrateBench {

  private MigrateBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/migrate-bench");
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Etcd04Writer writer =
        new Etcd04Writer(dir).join("node0", "http://127.0.0.1:7001", "http://127.0.0.1:4001");
    try (OutputStream log = Files.newOutputStream(dir.resolve("log"))) {
      for (int i = 1; i < entries; i++) {
        if (i % 10 == 0) {
          writer.set("/bench/k" + (i % 50_000), "value-" + i);
        } else {
          writer.sync("2026-11-25T14:38:14." + String.format("%09d", i % 1_000_000_000) + "Z");
        }
        if (i % 10_000 == 0) {
          writer.flushLogTo(log);
        }
      }
      writer.flushLogTo(log);
    }
    Files.writeString(dir.resolve("conf"), "{\"commitIndex\":1,\"peers\":[]}");
    System.out.printf("log: %d entries, %d bytes%n", entries, Files.size(dir.resolve("log")));
    long start = System.nanoTime();
    Migration.Result result = Migration.run(dir, null, dir.resolve("out"), true);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "migrated to index %d (%d members) in %.2f s: %.0f entries/s%n",
        result.index(), result.members().size(), seconds, entries / seconds);
    if (!List.of().equals(result.notes())) {
      System.out.println("notes: " + result.notes());
    }
  }
}
