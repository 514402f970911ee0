package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cairn.http.RawHttp.Response;
import cairn.stats.EtcdMetrics;
import cairn.stats.LeaderStats;
import cairn.stats.ProcessInfo;
import cairn.stats.ServerStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/stats/self}, {@code /v2/stats/leader} and {@code /metrics} as etcd 2.3 answers them
 * (statuses, {@code Allow}, content types and bodies checked against an etcd 3.4 reference run with
 * {@code --enable-v2}, except where 3.4 differs from 2.3 as noted).
 */
class StatsHttpTest {

  static final Instant START = Instant.parse("2026-11-25T18:54:07.14540876Z");
  static final String SELF =
      "{\"name\":\"default\",\"id\":\"bdae9bbc11dd390d\",\"state\":\"StateLeader\","
          + "\"startTime\":\"2026-11-25T18:54:07.14540876Z\",\"leaderInfo\":"
          + "{\"leader\":\"bdae9bbc11dd390d\",\"uptime\":\"2.4s\","
          + "\"startTime\":\"2026-11-25T18:54:07.74540876Z\"},"
          + "\"recvAppendRequestCnt\":0,\"sendAppendRequestCnt\":0}";

  /** A member whose stats are those of etcd's classes, read at fixed times. */
  static final class StatsBackend extends DelegatingBackend {
    final ServerStats self = new ServerStats("default", "bdae9bbc11dd390d", START, 0);
    final LeaderStats leaderStats = new LeaderStats("bdae9bbc11dd390d");
    final EtcdMetrics metrics;
    boolean leader = true;

    StatsBackend(KeysBackend delegate) {
      super(delegate);
      self.becomeLeader(600_000_000L);
      metrics = new EtcdMetrics(delegate::storeStats, ProcessInfo.SYSTEM);
    }

    @Override
    public String selfStatsJson() {
      return self.toJson(3_000_000_000L);
    }

    @Override
    public String leaderStatsJson() {
      return leader ? leaderStats.toJson() : null;
    }

    @Override
    public String metricsText() {
      return metrics.text();
    }
  }

  private StatsBackend stats;

  private TestServer server() throws InterruptedException {
    return new TestServer(b -> stats = new StatsBackend(b));
  }

  private static void assertPlain(Response r, int status, String body) {
    assertEquals(status, r.status());
    assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    assertEquals(body, r.body());
  }

  @Test
  void selfStatsAreJsonWithoutNewlineOrClusterId() throws Exception {
    try (TestServer s = server()) {
      Response r = s.call("GET", "/v2/stats/self");
      assertEquals(200, r.status());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals(SELF, r.body());
      assertNull(r.header("X-Etcd-Cluster-Id"));
    }
  }

  @Test
  void statsAcceptOnlyGet() throws Exception {
    try (TestServer s = server()) {
      for (String path : new String[] {"/v2/stats/self", "/v2/stats/leader"}) {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
          Response r = s.call(method, path);
          assertPlain(r, 405, "Method Not Allowed\n");
          assertEquals("GET", r.header("Allow"), method + " " + path);
        }
        Response head = s.call("HEAD", path);
        assertEquals(405, head.status());
        assertEquals("GET", head.header("Allow"));
      }
    }
  }

  @Test
  void theLeaderAnswersFollowerLatenciesInIdOrder() throws Exception {
    try (TestServer s = server()) {
      stats.leaderStats.follower("d8812d7cd4d463e").succ(Duration.ofNanos(661_000));
      stats.leaderStats.follower("9e8217a12029fcba").fail();
      Response r = s.call("GET", "/v2/stats/leader");
      assertEquals(200, r.status());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals(
          "{\"leader\":\"bdae9bbc11dd390d\",\"followers\":{"
              + "\"9e8217a12029fcba\":{\"latency\":{\"current\":0,\"average\":0,"
              + "\"standardDeviation\":0,\"minimum\":9.223372036854776e+18,\"maximum\":0},"
              + "\"counts\":{\"fail\":1,\"success\":0}},"
              + "\"d8812d7cd4d463e\":{\"latency\":{\"current\":0.661,\"average\":0.661,"
              + "\"standardDeviation\":0,\"minimum\":0.661,\"maximum\":0.661},"
              + "\"counts\":{\"fail\":0,\"success\":1}}}}",
          r.body());
    }
  }

  @Test
  void aFollowerRefusesLeaderStatsWith403AfterTheMethodCheck() throws Exception {
    try (TestServer s = server()) {
      stats.leader = false;
      Response r = s.call("GET", "/v2/stats/leader");
      assertEquals(403, r.status());
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals("{\"message\":\"not current leader\"}", r.body());
      assertEquals(405, s.call("DELETE", "/v2/stats/leader").status());
    }
  }

  @Test
  void metricsAnswerAnyMethodInPrometheusTextFormat() throws Exception {
    try (TestServer s = server()) {
      s.call("PUT", "/v2/keys/a", "value=1");
      for (String method : new String[] {"GET", "POST"}) {
        Response r = s.call(method, "/metrics");
        assertEquals(200, r.status());
        // etcd 2.3's Prometheus library; etcd 3.4 appends "; charset=utf-8".
        assertEquals("text/plain; version=0.0.4", r.header("Content-Type"));
        assertEquals(true, r.body().startsWith("# HELP etcd_server_pending_proposal_total "));
        assertEquals(true, r.body().contains("\netcd_storev2_writes_total{action=\"set\"} 1\n"));
      }
      Response head = s.call("HEAD", "/metrics");
      assertEquals(200, head.status());
      assertEquals("", head.body());
    }
  }

  @Test
  void aBackendWithoutStatsAnswersGos404() throws IOException, InterruptedException {
    try (TestServer s = new TestServer()) {
      for (String path : new String[] {"/v2/stats/self", "/v2/stats/leader", "/metrics"}) {
        assertPlain(s.call("GET", path), 404, "404 page not found\n");
      }
    }
  }

  @Test
  void aTrailingSlashIsAnotherPath() throws Exception {
    try (TestServer s = server()) {
      assertPlain(s.call("GET", "/v2/stats/self/"), 404, "404 page not found\n");
    }
  }
}
