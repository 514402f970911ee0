package cairn.node;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Asks for a garbage collection once the member has gone quiet after work, so that the heap (and
 * the process's memory) shrinks back after a burst of writes.
 *
 * <p>Why not G1's own periodic collection ({@code -XX:G1PeriodicGCInterval}): it runs on a wall
 * clock, whenever a second passes without a collection. Under light steady load (one client writing
 * in a loop) that is every second, and each one paused the member for 3 to 27 ms on a busy machine:
 * the write latency's tail. This collector waits instead until the process has allocated almost
 * nothing for {@link #QUIET} (no requests, no Raft traffic beyond heartbeats), and collects once
 * per quiet spell, only if enough was allocated since the last time for the collection to be worth
 * it.
 *
 * <p>The launcher runs the server with {@code -XX:+ExplicitGCInvokesConcurrent}, so the collection
 * asked for is G1's concurrent cycle (short pauses), the same one its periodic collection starts,
 * which shrinks the heap to {@code MaxHeapFreeRatio} at its end.
 *
 * <p>It collects only when the committed heap exceeds the heap's minimum size by at least {@link
 * #WORTHWHILE_RECLAIM_BYTES}, the most the collection could give back. A quiet spell is often a
 * pause between bursts (a client's next request, a benchmark's next round), and a collection costs
 * its pauses (10 to 20 ms on a busy machine) and leaves G1 a small young generation, so that the
 * next burst collects again at once: a watch round after such a spell delivered its event through a
 * 13 to 17 ms pause. Once the heap is near its minimum there is nothing worth that.
 *
 * <p>{@link #sample} holds the rule and takes its time and readings from the caller, so tests drive
 * it without a clock or a heap; {@link #start} runs it on a daemon thread.
 */
public final class IdleHeapCollector {

  /** How long the allocation rate must stay under {@link #QUIET_BYTES_PER_SECOND}. */
  static final Duration QUIET = Duration.ofSeconds(1);

  /**
   * Allocation below this rate counts as quiet: an idle member's heartbeats and timers allocate a
   * few kilobytes a second, a member serving even one client in a loop megabytes.
   */
  static final long QUIET_BYTES_PER_SECOND = 1 << 20;

  /** A collection is asked for only when at least this much was allocated since the last one. */
  static final long WORTHWHILE_BYTES = 32L << 20;

  /** A collection is asked for only when it could give back at least this much of the heap. */
  static final long WORTHWHILE_RECLAIM_BYTES = 64L << 20;

  static final Duration SAMPLE_INTERVAL = Duration.ofMillis(250);

  private final LongSupplier reclaimable;
  private final Runnable collect;
  private long lastSampleNanos;
  private long lastAllocated;
  private long lastBusyNanos;
  private long allocatedSinceCollection;

  /**
   * @param nowNanos the time of the first reading
   * @param allocated the first reading of the process's total allocated bytes: what the start
   *     allocated counts as work done, so a member that goes quiet after its start gives back the
   *     heap its start grew (an idle fresh member kept 150 MiB resident instead of 75)
   * @param reclaimable the most heap bytes a collection could give back now
   * @param collect asks for the collection
   */
  IdleHeapCollector(long nowNanos, long allocated, LongSupplier reclaimable, Runnable collect) {
    this.reclaimable = reclaimable;
    this.collect = collect;
    this.lastSampleNanos = nowNanos;
    this.lastAllocated = allocated;
    this.lastBusyNanos = nowNanos;
    this.allocatedSinceCollection = allocated;
  }

  /**
   * Takes one reading of the process's total allocated bytes (a counter that only grows) and asks
   * for a collection if the process has been quiet for {@link #QUIET} after allocating at least
   * {@link #WORTHWHILE_BYTES}, and the collection could give back at least {@link
   * #WORTHWHILE_RECLAIM_BYTES}. Returns true if it asked.
   */
  boolean sample(long nowNanos, long allocated) {
    long bytes = Math.max(0, allocated - lastAllocated);
    long elapsed = Math.max(1, nowNanos - lastSampleNanos);
    lastAllocated = allocated;
    lastSampleNanos = nowNanos;
    allocatedSinceCollection += bytes;
    if (bytes * 1_000_000_000.0 / elapsed > QUIET_BYTES_PER_SECOND) {
      lastBusyNanos = nowNanos;
      return false;
    }
    if (allocatedSinceCollection < WORTHWHILE_BYTES || nowNanos - lastBusyNanos < QUIET.toNanos()) {
      return false;
    }
    // Decided once per quiet spell: the heap does not change while the member is quiet.
    allocatedSinceCollection = 0;
    if (reclaimable.getAsLong() < WORTHWHILE_RECLAIM_BYTES) {
      return false;
    }
    collect.run();
    return true;
  }

  /**
   * Starts sampling this JVM every {@link #SAMPLE_INTERVAL} on a daemon thread, if the JVM reports
   * its threads' allocation (HotSpot does); if it does not, nothing is collected early.
   */
  public static void start() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
        || !threads.isThreadAllocatedMemorySupported()) {
      return;
    }
    threads.setThreadAllocatedMemoryEnabled(true);
    LongSupplier allocated = threads::getTotalThreadAllocatedBytes;
    IdleHeapCollector collector =
        new IdleHeapCollector(
            System.nanoTime(),
            allocated.getAsLong(),
            IdleHeapCollector::reclaimableHeapBytes,
            System::gc);
    Thread thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(SAMPLE_INTERVAL.toMillis());
                  collector.sample(System.nanoTime(), allocated.getAsLong());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "idle-heap-collector");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The committed heap above the heap's minimum size: the most a collection can give back. Not
   * less: what the heap holds is mostly garbage after a burst of writes (the old generation keeps
   * what young collections promoted until a concurrent cycle marks it), and only the collection
   * itself tells how much. After 100,000 writes a member had 300 MiB committed; the bytes in use
   * after its last young collection suggested 40 MiB to give back, and the collection gave back
   * over 150.
   */
  static long reclaimableHeapBytes() {
    long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    return committed - minimumHeapBytes();
  }

  /** The JVM's MinHeapSize (the launcher's floor), or 0 where the JVM does not say. */
  private static long minimumHeapBytes() {
    try {
      HotSpotDiagnosticMXBean hotSpot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot == null ? 0 : Long.parseLong(hotSpot.getVMOption("MinHeapSize").getValue());
    } catch (IllegalArgumentException e) {
      return 0; // no such option in this JVM (NumberFormatException is one too)
    }
  }
}
