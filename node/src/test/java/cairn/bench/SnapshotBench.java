package cairn.bench;

import cairn.store.FrozenStore;
import cairn.store.Store;
import cairn.store.TtlOptions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's snapshot at 100,000 keys of 256 bytes in one directory (../shared/bench's memory and
 * restart rows): the copy taken under the lock, its encoding (a member does both every {@code
 * --snapshot-count} writes, so under steady writes several times a second), and loading the bytes
 * back (a restart). Run with {@code node/jmh.sh SnapshotBench -f 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class SnapshotBench {

  private static final int KEYS = 100_000;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String VALUE = "v".repeat(256);

  private Store store;
  private FrozenStore frozen;
  private byte[] saved;

  @Setup
  public void setUp() {
    store = new Store();
    for (int i = 0; i < KEYS; i++) {
      store.set("/bench/k" + i, false, VALUE, TtlOptions.PERMANENT, NOW);
    }
    frozen = store.freeze();
    saved = frozen.encode();
  }

  /** The copy of the tree a snapshot takes under the store's lock. */
  @Benchmark
  public FrozenStore freeze() {
    return store.freeze();
  }

  /** Encoding the copy, off the Raft loop. */
  @Benchmark
  public byte[] encode() {
    return frozen.encode();
  }

  /** Loading a snapshot's bytes into a store, as a restart does. */
  @Benchmark
  public Store recover() {
    Store s = new Store();
    s.recover(saved);
    return s;
  }
}
