package cairn.stats;

import cairn.stats.MetricsRegistry.Counter;
import cairn.stats.MetricsRegistry.Gauge;
import cairn.stats.MetricsRegistry.Histogram;
import cairn.store.StoreStats;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The metrics etcd 2.3 exposes on {@code /metrics} that Cairn measures honestly, under etcd 2.3's
 * names, help texts and buckets. The server feeds the instruments returned by the accessors; the
 * store's counters and the {@code process_*} values are read when scraped.
 *
 * <p>Left out: etcd's {@code go_*} runtime metrics (a JVM is not a Go runtime), the {@code
 * etcd_rafthttp_*} ones (no peer transport yet), {@code
 * etcd_snap_save_marshalling_durations_seconds} (Cairn does not time marshalling apart from saving)
 * and {@code etcd_server_file_descriptors_used_total} (the same value as {@code process_open_fds}).
 * The store cannot tell recursive gets from plain ones, so every read is counted under {@code
 * action="get"} (etcd: {@code get} or {@code getRecursive}). As etcd 2.3, the {@code
 * *_failed_total} store vectors are not exposed (etcd creates but never registers them).
 */
public final class EtcdMetrics {

  /** etcd's buckets for every duration histogram: 1 ms doubling to 8.192 s. */
  static final double[] DURATION_BUCKETS = MetricsRegistry.exponentialBuckets(0.001, 2, 14);

  private final MetricsRegistry registry;
  private final Histogram proposalDurations;
  private final Gauge pendingProposals;
  private final Counter proposalsFailed;
  private final Histogram walFsyncDurations;
  private final Gauge walLastIndexSaved;
  private final Histogram snapshotSaveDurations;
  private final Counter watchRequests;

  /**
   * Registers etcd's metrics in a new registry.
   *
   * @param store the store's counters, read at each scrape
   * @param process the {@code process_*} values, read at each scrape
   */
  public EtcdMetrics(Supplier<StoreStats> store, ProcessInfo process) {
    Objects.requireNonNull(store);
    Objects.requireNonNull(process);
    MetricsRegistry r = new MetricsRegistry();
    registry = r;
    proposalDurations =
        r.histogram(
            "etcd_server_proposal_durations_seconds",
            "The latency distributions of committing proposal.",
            DURATION_BUCKETS);
    pendingProposals =
        r.gauge("etcd_server_pending_proposal_total", "The total number of pending proposals.");
    proposalsFailed =
        r.counter("etcd_server_proposal_failed_total", "The total number of failed proposals.");
    walFsyncDurations =
        r.histogram(
            "etcd_wal_fsync_durations_seconds",
            "The latency distributions of fsync called by wal.",
            DURATION_BUCKETS);
    walLastIndexSaved =
        r.gauge("etcd_wal_last_index_saved", "The index of the last entry saved by wal.");
    snapshotSaveDurations =
        r.histogram(
            "etcd_snap_save_total_durations_seconds",
            "The total latency distributions of save called by snapshot.",
            DURATION_BUCKETS);
    watchRequests =
        r.counter(
            "etcd_storev2_watch_requests_total",
            "Total number of incoming watch requests (new or reestablished).");
    r.labelledCounterFunction(
        "etcd_storev2_reads_total",
        "Total number of reads action by (get/getRecursive), local to this member.",
        "action",
        () -> reads(store.get()));
    r.labelledCounterFunction(
        "etcd_storev2_writes_total",
        "Total number of writes (e.g. set/compareAndDelete) seen by this member.",
        "action",
        () -> writes(store.get()));
    r.counterFunction(
        "etcd_storev2_expires_total",
        "Total number of expired keys.",
        () -> OptionalDouble.of(store.get().expireCount()));
    r.gaugeFunction(
        "etcd_storev2_watchers",
        "Count of currently active watchers.",
        () -> OptionalDouble.of(store.get().watchers()));
    registerProcess(r, process);
  }

  private static void registerProcess(MetricsRegistry r, ProcessInfo p) {
    r.counterFunction(
        "process_cpu_seconds_total",
        "Total user and system CPU time spent in seconds.",
        p::cpuSeconds);
    r.gaugeFunction("process_max_fds", "Maximum number of open file descriptors.", p::maxFds);
    r.gaugeFunction("process_open_fds", "Number of open file descriptors.", p::openFds);
    r.gaugeFunction(
        "process_resident_memory_bytes", "Resident memory size in bytes.", p::residentMemoryBytes);
    r.gaugeFunction(
        "process_start_time_seconds",
        "Start time of the process since unix epoch in seconds.",
        p::startTimeSeconds);
    r.gaugeFunction(
        "process_virtual_memory_bytes", "Virtual memory size in bytes.", p::virtualMemoryBytes);
  }

  /** Reads by action, successes and failures together, as etcd counts them. */
  private static Map<String, Double> reads(StoreStats s) {
    Map<String, Double> m = new TreeMap<>();
    putNonZero(m, "get", s.getsSuccess() + s.getsFail());
    return m;
  }

  /** Writes by etcd action name, successes and failures together. */
  private static Map<String, Double> writes(StoreStats s) {
    Map<String, Double> m = new TreeMap<>();
    putNonZero(m, "set", s.setsSuccess() + s.setsFail());
    putNonZero(m, "create", s.createSuccess() + s.createFail());
    putNonZero(m, "update", s.updateSuccess() + s.updateFail());
    putNonZero(m, "delete", s.deleteSuccess() + s.deleteFail());
    putNonZero(m, "compareAndSwap", s.compareAndSwapSuccess() + s.compareAndSwapFail());
    putNonZero(m, "compareAndDelete", s.compareAndDeleteSuccess() + s.compareAndDeleteFail());
    return m;
  }

  /** A label value appears once it has been counted, as in a Go counter vector. */
  private static void putNonZero(Map<String, Double> m, String action, long n) {
    if (n != 0) {
      m.put(action, (double) n);
    }
  }

  /** Time from proposing to applying a client's proposal, seconds. */
  public Histogram proposalDurations() {
    return proposalDurations;
  }

  /** Proposals waiting to be applied ({@code inc} when proposed, {@code dec} when done). */
  public Gauge pendingProposals() {
    return pendingProposals;
  }

  /** Proposals that failed in the client's view (timed out, dropped). */
  public Counter proposalsFailed() {
    return proposalsFailed;
  }

  /** Duration of each WAL fsync, seconds. */
  public Histogram walFsyncDurations() {
    return walFsyncDurations;
  }

  /** Index of the last entry the WAL saved. */
  public Gauge walLastIndexSaved() {
    return walLastIndexSaved;
  }

  /** Duration of each snapshot save, seconds. */
  public Histogram snapshotSaveDurations() {
    return snapshotSaveDurations;
  }

  /** Watch requests received on this member (new or re-established). */
  public Counter watchRequests() {
    return watchRequests;
  }

  /** The {@code /metrics} body. */
  public String text() {
    return registry.text();
  }
}
