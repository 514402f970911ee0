package cairn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.SourceRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package's rules (package-info): cairn.stats imports only the store's stats value, cairn.util
 * and the JDK, and reads no clock (callers pass time in).
 */
class StatsImportsTest {

  @Test
  void statsImportsOnlyStoreStatsUtilAndTheJdkAndReadsNoClock() throws IOException {
    List<String> violations =
        SourceRules.violations(
            "cairn/stats",
            l -> {
              List<String> problems = new ArrayList<>();
              if (l.startsWith("import ")
                  && !l.matches(
                      "import (static )?(java\\.|cairn\\.util\\.|cairn\\.stats\\."
                          + "|cairn\\.store\\.StoreStats;).*")) {
                problems.add(l);
              }
              boolean comment = l.startsWith("*") || l.startsWith("/");
              if (!comment
                  && (l.contains("nanoTime()")
                      || l.contains("currentTimeMillis")
                      || l.contains("Instant.now")
                      || l.contains("Clock"))) {
                problems.add("reads a clock: " + l);
              }
              return problems;
            });
    assertEquals(List.of(), violations);
  }
}
