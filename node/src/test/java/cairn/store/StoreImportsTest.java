package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.SourceRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package's dependency rule (architecture.md): cairn.store imports only cairn.util and the JDK,
 * and never reads a clock (its determinism rests on callers passing {@code now}).
 */
class StoreImportsTest {

  @Test
  void storeImportsOnlyCairnUtilAndTheJdkAndReadsNoClock() throws IOException {
    List<String> violations =
        SourceRules.violations(
            "cairn/store",
            l -> {
              List<String> problems = new ArrayList<>();
              if (l.startsWith("import ")
                  && !l.matches("import (static )?(java\\.|cairn\\.util\\.|cairn\\.store\\.).*")) {
                problems.add(l);
              }
              if (l.contains("currentTimeMillis")
                  || l.contains("Instant.now")
                  || l.contains("Clock")) {
                problems.add("reads a clock: " + l);
              }
              return problems;
            });
    assertEquals(List.of(), violations);
  }
}
