package cairn.bench;

import cairn.store.Event;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.store.TtlOptions;
import cairn.store.Watcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The store, single-threaded: a get of an existing key, a set of a new key, and one event
 * dispatched to 10,000 watchers. Values are 256 bytes, as in ../shared/bench. Run with {@code
 * node/jmh.sh StoreBench -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@State(Scope.Thread)
public class StoreBench {

  private static final int KEYS = 100_000;
  private static final int NEW_KEYS = 1 << 20;
  private static final int WATCHERS = 10_000;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String VALUE = "v".repeat(256);

  private Store readStore;
  private String[] existing;
  private int nextGet;

  private Store writeStore;
  private String[] fresh;
  private int nextSet;

  private Store watchStore;
  private List<Watcher> watchers;
  private long dispatched;

  @Setup
  public void setUp() {
    readStore = new Store();
    existing = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      existing[i] = "/bench/k" + i;
      readStore.set(existing[i], false, VALUE, TtlOptions.PERMANENT, NOW);
    }
    fresh = new String[NEW_KEYS];
    for (int i = 0; i < NEW_KEYS; i++) {
      fresh[i] = "/bench/n" + i;
    }
    writeStore = new Store();
    watchStore = new Store(StoreConfig.DEFAULT);
    watchers = new ArrayList<>(WATCHERS);
    for (int i = 0; i < WATCHERS; i++) {
      watchers.add(watchStore.watch("/bench/watched", false, true, 0));
    }
  }

  /** GET of an existing key among 100,000 (cycling, so caches see a realistic spread). */
  @Benchmark
  public Event getExistingKey() {
    int i = nextGet++;
    if (nextGet == KEYS) {
      nextGet = 0;
    }
    return readStore.get(existing[i], false, false, NOW);
  }

  /** GET of one key again and again: the same work with the node, path and table in cache. */
  @Benchmark
  public Event getHotKey() {
    return readStore.get(existing[0], false, false, NOW);
  }

  /**
   * PUT of a key that does not exist yet, in a directory that grows to 2^20 keys; then a new store
   * is started (amortised over the 2^20 sets).
   */
  @Benchmark
  public Event setNewKey() {
    if (nextSet == NEW_KEYS) {
      nextSet = 0;
      writeStore = new Store();
    }
    return writeStore.set(fresh[nextSet++], false, VALUE, TtlOptions.PERMANENT, NOW);
  }

  /**
   * One set whose event goes to 10,000 stream watchers on the key, each of which then takes it from
   * its queue (as the HTTP threads would), so the queues stay bounded.
   */
  @Benchmark
  public void dispatchTo10000Watchers(Blackhole bh) {
    watchStore.set("/bench/watched", false, VALUE, TtlOptions.PERMANENT, NOW);
    dispatched++;
    for (int i = 0; i < WATCHERS; i++) {
      bh.consume(watchers.get(i).poll());
    }
  }
}
