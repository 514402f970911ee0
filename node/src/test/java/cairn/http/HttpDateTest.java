package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.DateFormatter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Date header as Go's http.TimeFormat and Netty's DateFormatter write it. */
class HttpDateTest {

  @Test
  void writesTheImfFixdateWithTwoDigitDaysInGmt() {
    assertEquals(
        "Thu, 05 Nov 2026 07:05:09 GMT",
        HttpDate.format(Instant.parse("2026-11-05T07:05:09.999Z")));
    assertEquals(
        "Mon, 01 Jan 2024 00:00:00 GMT", HttpDate.format(Instant.parse("2024-01-01T00:00:00Z")));
    assertEquals(
        "Sun, 29 Feb 2032 23:59:59 GMT", HttpDate.format(Instant.parse("2032-02-29T23:59:59Z")));
  }

  @Test
  void agreesWithNettysFormatterOverTheYears() {
    Random random = new Random(26);
    long start = Instant.parse("1990-01-01T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 10_000; i++) {
      long millis = start + (long) (random.nextDouble() * (end - start));
      assertEquals(
          DateFormatter.format(new Date(millis)),
          HttpDate.format(Instant.ofEpochMilli(millis)),
          "at " + millis);
    }
  }

  @Test
  void nowIsTheClocksSecondFormattedOncePerSecond() {
    SteppedClock clock = new SteppedClock(Instant.parse("2026-11-26T19:00:00.100Z"));
    HttpDate dates = new HttpDate(clock);

    String first = dates.now();
    assertEquals("Thu, 26 Nov 2026 19:00:00 GMT", first);
    clock.at(Instant.parse("2026-11-26T19:00:00.999Z"));
    assertSame(first, dates.now(), "the same second's text is reused, not formatted again");

    clock.at(Instant.parse("2026-11-26T19:00:01Z"));
    assertEquals("Thu, 26 Nov 2026 19:00:01 GMT", dates.now());
    clock.at(Instant.parse("2026-11-26T18:59:59.5Z"));
    assertEquals("Thu, 26 Nov 2026 18:59:59 GMT", dates.now(), "a clock set back is followed");
  }

  /** A clock that reads what the test last set. */
  private static final class SteppedClock extends Clock {
    private Instant now;

    SteppedClock(Instant now) {
      this.now = now;
    }

    void at(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
