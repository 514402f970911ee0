package cairn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.store.StoreStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** etcd 2.3's {@code /metrics} names, help texts and layout, from fixed inputs. */
class EtcdMetricsTest {

  static String histogram(String name, String help, long[] cumulative, String sum) {
    StringBuilder b = new StringBuilder();
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" histogram\n");
    double le = 0.001;
    for (long c : cumulative) {
      b.append(name).append("_bucket{le=\"").append(cairn.util.GoText.float64(le)).append("\"} ");
      b.append(c).append('\n');
      le *= 2;
    }
    long count = cumulative[cumulative.length - 1];
    b.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
    b.append(name).append("_sum ").append(sum).append('\n');
    return b.append(name).append("_count ").append(count).append('\n').toString();
  }

  @Test
  void everyMetricWithEtcdsNamesInNameOrder() {
    StoreStats store = new StoreStats(7, 2, 3, 0, 1, 1, 0, 0, 2, 1, 0, 4, 0, 0, 5, 6);
    ProcessInfo process =
        ProcessInfo.fixed(
            Instant.parse("2026-11-25T18:54:07.5Z"),
            Duration.ofMillis(80),
            24_784_896L,
            11_943_866_368L,
            19L,
            null);
    EtcdMetrics m = new EtcdMetrics(() -> store, process);
    m.proposalDurations().observe(0.0015);
    m.pendingProposals().inc();
    m.proposalsFailed().inc();
    m.walFsyncDurations().observe(0.0005);
    m.walLastIndexSaved().set(42);
    m.watchRequests().inc();
    long[] none = new long[14];
    long[] fsync = new long[14];
    java.util.Arrays.fill(fsync, 1);
    long[] proposal = fsync.clone();
    proposal[0] = 0;
    String text = m.text();
    assertEquals(
        ""
            + "# HELP etcd_server_pending_proposal_total The total number of pending proposals.\n"
            + "# TYPE etcd_server_pending_proposal_total gauge\n"
            + "etcd_server_pending_proposal_total 1\n"
            + histogram(
                "etcd_server_proposal_durations_seconds",
                "The latency distributions of committing proposal.",
                proposal,
                "0.0015")
            + "# HELP etcd_server_proposal_failed_total The total number of failed proposals.\n"
            + "# TYPE etcd_server_proposal_failed_total counter\n"
            + "etcd_server_proposal_failed_total 1\n"
            + histogram(
                "etcd_snap_save_total_durations_seconds",
                "The total latency distributions of save called by snapshot.",
                none,
                "0")
            + "# HELP etcd_storev2_expires_total Total number of expired keys.\n"
            + "# TYPE etcd_storev2_expires_total counter\n"
            + "etcd_storev2_expires_total 5\n"
            + "# HELP etcd_storev2_reads_total Total number of reads action by"
            + " (get/getRecursive), local to this member.\n"
            + "# TYPE etcd_storev2_reads_total counter\n"
            + "etcd_storev2_reads_total{action=\"get\"} 9\n"
            + "# HELP etcd_storev2_watch_requests_total Total number of incoming watch requests"
            + " (new or reestablished).\n"
            + "# TYPE etcd_storev2_watch_requests_total counter\n"
            + "etcd_storev2_watch_requests_total 1\n"
            + "# HELP etcd_storev2_watchers Count of currently active watchers.\n"
            + "# TYPE etcd_storev2_watchers gauge\n"
            + "etcd_storev2_watchers 6\n"
            + "# HELP etcd_storev2_writes_total Total number of writes (e.g. set/compareAndDelete)"
            + " seen by this member.\n"
            + "# TYPE etcd_storev2_writes_total counter\n"
            + "etcd_storev2_writes_total{action=\"compareAndSwap\"} 4\n"
            + "etcd_storev2_writes_total{action=\"create\"} 3\n"
            + "etcd_storev2_writes_total{action=\"delete\"} 2\n"
            + "etcd_storev2_writes_total{action=\"set\"} 3\n"
            + histogram(
                "etcd_wal_fsync_durations_seconds",
                "The latency distributions of fsync called by wal.",
                fsync,
                "0.0005")
            + "# HELP etcd_wal_last_index_saved The index of the last entry saved by wal.\n"
            + "# TYPE etcd_wal_last_index_saved gauge\n"
            + "etcd_wal_last_index_saved 42\n"
            + "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
            + "# TYPE process_cpu_seconds_total counter\n"
            + "process_cpu_seconds_total 0.08\n"
            + "# HELP process_open_fds Number of open file descriptors.\n"
            + "# TYPE process_open_fds gauge\n"
            + "process_open_fds 19\n"
            + "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
            + "# TYPE process_resident_memory_bytes gauge\n"
            + "process_resident_memory_bytes 2.4784896e+07\n"
            + "# HELP process_start_time_seconds Start time of the process since unix epoch in"
            + " seconds.\n"
            + "# TYPE process_start_time_seconds gauge\n"
            + "process_start_time_seconds 1.7956328475e+09\n"
            + "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
            + "# TYPE process_virtual_memory_bytes gauge\n"
            + "process_virtual_memory_bytes 1.1943866368e+10\n",
        text);
  }

  @Test
  void theSystemProcessInfoReadsThisJvm() {
    String text =
        new EtcdMetrics(
                () -> new StoreStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                ProcessInfo.SYSTEM)
            .text();
    for (String name :
        new String[] {
          "process_start_time_seconds ",
          "process_cpu_seconds_total ",
          "process_resident_memory_bytes ",
          "process_open_fds "
        }) {
      assertEquals(true, text.contains("\n" + name), name + " in\n" + text);
    }
  }
}
