package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.DateFormatter;
import java.time.Instant;
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
}
