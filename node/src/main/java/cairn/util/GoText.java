package cairn.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Values printed as etcd 2.3's Go prints them, so Cairn's JSON and metrics match etcd byte for
 * byte: JSON strings ({@code encoding/json}), {@code time.RFC3339Nano} timestamps, {@code
 * time.Duration.String()} and float64 in Go's shortest {@code %g} form.
 *
 * <p>etcd 2.3.8 was built with Go 1.7, whose {@code encoding/json} wrote float64 as {@code
 * strconv.FormatFloat(f, 'g', -1, 64)}, the same form Prometheus' text format uses. Go 1.8 changed
 * JSON (only) to plain decimals between 1e-6 and 1e21, which is what etcd 3.4 prints: for example
 * 2.3 writes {@code 9.223372036854776e+18} and {@code 8e-05} where 3.4 writes {@code
 * 9223372036854776000} and {@code 0.00008}. Values in [1e-4, 1e6) look the same in both.
 */
public final class GoText {

  private GoText() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A JSON string with Go's escaping; lone surrogates (invalid UTF-8 in Go) become U+FFFD. */
  public static void jsonString(StringBuilder b, String s) {
    b.append('"');
    int n = s.length();
    // Characters that go out as they are are copied a run at a time (one array copy for a
    // value without any to escape, as most are): appended one by one they were a fifth of a
    // member's samples serving GETs of a 256-byte value.
    int run = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isPlain(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a valid pair goes out as it is
        continue;
      }
      b.append(s, run, i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(b, c);
        default -> {
          if (c < 0x20) {
            unicode(b, c);
          } else {
            b.append("\\ufffd"); // a lone surrogate
          }
        }
      }
      run = i + 1;
    }
    b.append(s, run, n).append('"');
  }

  /** Whether Go's encoder writes {@code c} as it is (surrogates are decided in pairs). */
  private static boolean isPlain(char c) {
    return c >= 0x20
        && c != '"'
        && c != '\\'
        && c != '<'
        && c != '>'
        && c != '&'
        && (c < '\u2028' || (c > '\u2029' && !Character.isSurrogate(c)));
  }

  private static void unicode(StringBuilder b, char c) {
    b.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  /**
   * Go's {@code time.RFC3339Nano} in UTC: nanoseconds with trailing zeros removed, and no fraction
   * at all when it is zero.
   */
  public static String time(Instant t) {
    StringBuilder b = new StringBuilder(30).append(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String frac = String.format("%09d", nanos);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(frac, 0, end);
    }
    return b.append('Z').toString();
  }

  /**
   * Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5ms}, {@code 250µs}, {@code 42ns},
   * {@code 4.470103551s}, {@code 1m3.26s}, {@code 2h0m5s} (fractions without trailing zeros).
   */
  public static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder(24);
    if (nanos < 0) {
      b.append('-');
    }
    // Unsigned magnitude: Long.MIN_VALUE stays representable as an unsigned value.
    long u = nanos < 0 ? -nanos : nanos;
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000L) {
        return b.append(u).append("ns").toString();
      }
      boolean micros = u < 1_000_000L;
      fraction(b, u, micros ? 3 : 6);
      return b.append(micros ? "µs" : "ms").toString();
    }
    long seconds = Long.divideUnsigned(u, 1_000_000_000L);
    long frac = Long.remainderUnsigned(u, 1_000_000_000L);
    long minutes = seconds / 60;
    long hours = minutes / 60;
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (minutes > 0) {
      b.append(minutes % 60).append('m');
    }
    b.append(seconds % 60);
    fractionDigits(b, frac, 9);
    return b.append('s').toString();
  }

  /** {@code value / 10^digits} with the fraction's trailing zeros (and lone point) left out. */
  private static void fraction(StringBuilder b, long value, int digits) {
    long scale = (long) Math.pow(10, digits);
    b.append(value / scale);
    fractionDigits(b, value % scale, digits);
  }

  private static void fractionDigits(StringBuilder b, long frac, int digits) {
    if (frac == 0) {
      return;
    }
    String s = String.format("%0" + digits + "d", frac);
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    b.append('.').append(s, 0, end);
  }

  /**
   * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: the shortest digits that read back as {@code
   * v}, in exponent form ({@code 1.5e+06}, {@code 8e-05}) when the decimal exponent is below -4 or
   * at least 6, plain otherwise ({@code 0.00016}, {@code 267.06}, {@code 20000}); {@code NaN},
   * {@code +Inf}, {@code -Inf} as Prometheus writes them.
   */
  public static String float64(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    BigDecimal d = shortest(Math.abs(v));
    String digits = d.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - d.scale(); // value = 0.<digits> x 10^dp
    int exp = dp - 1;
    StringBuilder b = new StringBuilder(24);
    if (v < 0) {
      b.append('-');
    }
    if (exp < -4 || exp >= 6) {
      b.append(digits.charAt(0));
      if (nd > 1) {
        b.append('.').append(digits, 1, nd);
      }
      b.append('e').append(exp < 0 ? '-' : '+');
      int e = Math.abs(exp);
      return b.append(e < 10 ? "0" : "").append(e).toString();
    }
    if (dp <= 0) {
      b.append("0.").append("0".repeat(-dp)).append(digits);
    } else if (dp >= nd) {
      b.append(digits).append("0".repeat(dp - nd));
    } else {
      b.append(digits, 0, dp).append('.').append(digits, dp, nd);
    }
    return b.toString();
  }

  /**
   * The decimal with the fewest significant digits (nearest first) that rounds back to {@code x}.
   */
  private static BigDecimal shortest(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int p = 1; p < 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == x) {
        return r.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
