package cairn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.util.GoText;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Go's printing of floats, durations and times, checked against what etcd printed (values taken
 * from etcd 3.4 captures where Go 1.7 and Go 1.8+ agree, and from Go's {@code %g} rules where they
 * do not).
 */
class GoTextTest {

  @Test
  void floatsBetween1eMinus4And1e6ArePlainShortestDecimals() {
    // From etcd 3.4's /v2/stats/leader and /v2/stats/self.
    assertEquals("0.000552", GoText.float64(0.000552));
    assertEquals("0.0019898749999999995", GoText.float64(0.0019898749999999995));
    assertEquals("0.002522558281926165", GoText.float64(0.002522558281926165));
    assertEquals("295.2124424014694", GoText.float64(295.2124424014694));
    assertEquals("23141.703359851184", GoText.float64(23141.703359851184));
    // From etcd 3.4's /metrics (client_golang prints %g there too).
    assertEquals("20000", GoText.float64(20000));
    assertEquals("0.001848333", GoText.float64(0.001848333));
    assertEquals("8.192", GoText.float64(0.001 * 8192));
    assertEquals("0.1", GoText.float64(0.1));
    assertEquals("0", GoText.float64(0));
    assertEquals("-2.5", GoText.float64(-2.5));
  }

  @Test
  void floatsOutsideThatRangeUseAnExponentOfAtLeastTwoDigits() {
    // From etcd 3.4's /metrics.
    assertEquals("2.4784896e+07", GoText.float64(2.4784896e7));
    assertEquals("1.7956328471e+09", GoText.float64(1.7956328471e9));
    assertEquals("2.087e-05", GoText.float64(2.087e-5));
    assertEquals("1.8446744073709552e+19", GoText.float64(0x1p64));
    // etcd 2.3 (Go 1.7 JSON) where 3.4 prints 9223372036854776000 and 0.00008.
    assertEquals("9.223372036854776e+18", GoText.float64(0x1p63));
    assertEquals("8e-05", GoText.float64(0.00008));
    assertEquals("1e+06", GoText.float64(1e6));
    assertEquals("999999", GoText.float64(999999));
    assertEquals("1.5e+100", GoText.float64(1.5e100));
    assertEquals("5e-324", GoText.float64(Double.MIN_VALUE));
  }

  @Test
  void specialFloatsAsPrometheusWritesThem() {
    assertEquals("+Inf", GoText.float64(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", GoText.float64(Double.NEGATIVE_INFINITY));
    assertEquals("NaN", GoText.float64(Double.NaN));
  }

  @Test
  void durationsAsGoDurationString() {
    assertEquals("0s", GoText.duration(0));
    assertEquals("42ns", GoText.duration(42));
    assertEquals("1.5µs", GoText.duration(1_500));
    assertEquals("250µs", GoText.duration(250_000));
    assertEquals("1.5ms", GoText.duration(1_500_000));
    assertEquals("999.999999ms", GoText.duration(999_999_999));
    assertEquals("1s", GoText.duration(1_000_000_000L));
    assertEquals("4.470103551s", GoText.duration(4_470_103_551L)); // etcd 3.4 capture
    assertEquals("1m3.26s", GoText.duration(63_260_000_000L));
    assertEquals("10m3.123456789s", GoText.duration(603_123_456_789L));
    assertEquals("1h0m0s", GoText.duration(3_600_000_000_000L));
    assertEquals("2h0m5s", GoText.duration(7_205_000_000_000L));
    assertEquals("-1.5s", GoText.duration(-1_500_000_000L));
    assertEquals("-2562047h47m16.854775808s", GoText.duration(Long.MIN_VALUE));
  }

  @Test
  void timesAsRfc3339NanoWithoutTrailingZeros() {
    assertEquals(
        "2026-11-25T18:54:07.14540876Z", // etcd 3.4 capture
        GoText.time(Instant.parse("2026-11-25T18:54:07.145408760Z")));
    assertEquals("2015-01-02T03:04:05Z", GoText.time(Instant.parse("2015-01-02T03:04:05Z")));
  }
}
