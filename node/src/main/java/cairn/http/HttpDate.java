package cairn.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Date} header's value, RFC 9110's IMF-fixdate ({@code Thu, 26 Nov 2026 07:15:20 GMT},
 * as Go's http.TimeFormat writes it). The JDK's formatter with the English names given here, not
 * looked up: Netty's DateFormatter keeps a GregorianCalendar, and making the first one loads the
 * JDK's CLDR locale data, which cost a member's first answer about 40 ms (90 ms in a cold JVM).
 *
 * <p>An instance dates a server's answers: {@link #now} formats once per second of its clock and
 * hands out that text for the rest of the second, as the value changes only then. Formatting per
 * answer ran the formatter's whole printer chain for every request, and while a member warmed up
 * its compilations were among those the JIT threw away and redid (the write path's uncommon traps
 * included three in java.time's printing).
 */
public final class HttpDate {

  private static final DateTimeFormatter IMF_FIXDATE =
      new DateTimeFormatterBuilder()
          .appendText(
              ChronoField.DAY_OF_WEEK, names("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
          .appendLiteral(", ")
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral(' ')
          .appendText(
              ChronoField.MONTH_OF_YEAR,
              names(
                  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec"))
          .appendLiteral(' ')
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral(' ')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .appendLiteral(" GMT")
          .toFormatter(Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** A second of the clock and its header value. */
  private record Second(long epochSecond, String text) {}

  private final Clock clock;
  // Shared by the event loops without a lock: a value is immutable, and two threads that both
  // find it stale both format the same text.
  private volatile Second current = new Second(Long.MIN_VALUE, "");

  /** Dates answers by {@code clock}. */
  public HttpDate(Clock clock) {
    this.clock = clock;
  }

  /** The header's value for the clock's current second. */
  public String now() {
    Instant t = clock.instant();
    Second s = current;
    if (s.epochSecond() != t.getEpochSecond()) {
      s = new Second(t.getEpochSecond(), format(t));
      current = s;
    }
    return s.text();
  }

  /** The header's value at {@code instant}. */
  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** Field values 1, 2, ... to the names in order. */
  private static Map<Long, String> names(String... names) {
    Map<Long, String> byValue = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      byValue.put(i + 1L, names[i]);
    }
    return byValue;
  }
}
