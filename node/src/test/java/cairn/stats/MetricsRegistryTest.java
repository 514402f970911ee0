package cairn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Prometheus text format 0.0.4 as Go's client library writes it. */
class MetricsRegistryTest {

  private final MetricsRegistry r = new MetricsRegistry();

  @Test
  void familiesPrintInNameOrderWithHelpAndType() {
    r.gauge("b_gauge", "A gauge.").set(-3);
    r.counter("a_total", "A counter.").add(1234567);
    assertEquals(
        "# HELP a_total A counter.\n"
            + "# TYPE a_total counter\n"
            + "a_total 1.234567e+06\n"
            + "# HELP b_gauge A gauge.\n"
            + "# TYPE b_gauge gauge\n"
            + "b_gauge -3\n",
        r.text());
  }

  @Test
  void histogramBucketsAreCumulativeAndEndWithInf() {
    MetricsRegistry.Histogram h =
        r.histogram("d_seconds", "Durations.", MetricsRegistry.exponentialBuckets(0.001, 2, 3));
    h.observe(0.001); // on a bound: counted in that bucket (le = less or equal)
    h.observe(0.003);
    h.observe(10);
    assertEquals(
        "# HELP d_seconds Durations.\n"
            + "# TYPE d_seconds histogram\n"
            + "d_seconds_bucket{le=\"0.001\"} 1\n"
            + "d_seconds_bucket{le=\"0.002\"} 1\n"
            + "d_seconds_bucket{le=\"0.004\"} 2\n"
            + "d_seconds_bucket{le=\"+Inf\"} 3\n"
            + "d_seconds_sum 10.004\n"
            + "d_seconds_count 3\n",
        r.text());
  }

  @Test
  void etcdsDurationBucketsRunFrom1msTo8192ms() {
    double[] b = EtcdMetrics.DURATION_BUCKETS;
    assertEquals(14, b.length);
    assertEquals("0.001", cairn.util.GoText.float64(b[0]));
    assertEquals("8.192", cairn.util.GoText.float64(b[13]));
  }

  @Test
  void labelledSamplesPrintInLabelOrderAndAnEmptyFamilyIsLeftOut() {
    Map<String, Double> values = new TreeMap<>();
    r.labelledCounterFunction("w_total", "Writes.", "action", () -> values);
    r.gaugeFunction("unknown", "Not known here.", OptionalDouble::empty);
    assertEquals("", r.text());
    values.put("set", 2.0);
    values.put("create", 1.0);
    assertEquals(
        "# HELP w_total Writes.\n"
            + "# TYPE w_total counter\n"
            + "w_total{action=\"create\"} 1\n"
            + "w_total{action=\"set\"} 2\n",
        r.text());
  }

  @Test
  void helpEscapesBackslashAndNewlineAndLabelValuesAlsoTheQuote() {
    r.labelledCounterFunction(
        "e_total", "Line one\\two\nthree \"q\"", "l", () -> Map.of("a\"b\\c\nd", 1.0));
    assertEquals(
        "# HELP e_total Line one\\\\two\\nthree \"q\"\n"
            + "# TYPE e_total counter\n"
            + "e_total{l=\"a\\\"b\\\\c\\nd\"} 1\n",
        r.text());
  }

  @Test
  void misuseIsRefusedWhenRegistered() {
    r.counter("x_total", "X.");
    assertThrows(IllegalArgumentException.class, () -> r.gauge("x_total", "Again."));
    assertThrows(IllegalArgumentException.class, () -> r.gauge("1bad", "Bad name."));
    assertThrows(IllegalArgumentException.class, () -> r.histogram("h", "H.", 2, 1));
    assertThrows(IllegalArgumentException.class, () -> r.counter("c_total", "C.").add(-1));
  }
}
