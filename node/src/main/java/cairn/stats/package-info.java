/**
 * etcd 2.3's member statistics and metrics, as pure values fed by the server: {@link
 * cairn.stats.ServerStats} ({@code /v2/stats/self}), {@link cairn.stats.LeaderStats} ({@code
 * /v2/stats/leader}) and a Prometheus text-format {@link cairn.stats.MetricsRegistry} with etcd's
 * metric names ({@link cairn.stats.EtcdMetrics}, {@code /metrics}).
 *
 * <p>Nothing here owns a thread or reads a clock: callers pass {@code System.nanoTime()} readings
 * (and one wall-clock instant at start), so tests are deterministic. The classes are thread-safe:
 * the Raft loop and transport threads feed them while HTTP threads read them. The only I/O is
 * {@link cairn.stats.ProcessInfo#SYSTEM}, a seam reading {@code /proc} for the {@code process_*}
 * metrics.
 *
 * <p>Where we differ from etcd 2.3, on purpose: a rate over a window whose requests all carry the
 * same time is reported as 0 (etcd divides by zero and its JSON encoder then fails, leaving an
 * empty body), and a standard deviation that rounding makes NaN is reported as 0 (same failure).
 *
 * <p>May import cairn.store's values ({@code StoreStats}), cairn.util and the JDK.
 */
package cairn.stats;
