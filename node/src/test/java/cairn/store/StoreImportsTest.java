package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package's dependency rule (architecture.md): cairn.store imports only cairn.util and the JDK,
 * and never reads a clock (its determinism rests on callers passing {@code now}).
 */
class StoreImportsTest {

  @Test
  void storeImportsOnlyCairnUtilAndTheJdkAndReadsNoClock() throws IOException {
    Path dir = Path.of("src/main/java/cairn/store");
    assertTrue(Files.isDirectory(dir), "run from the node module: " + dir.toAbsolutePath());
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f)) {
          String l = line.trim();
          if (l.startsWith("import ")
              && !l.matches("import (static )?(java\\.|cairn\\.util\\.|cairn\\.store\\.).*")) {
            violations.add(f.getFileName() + ": " + l);
          }
          if (l.contains("currentTimeMillis") || l.contains("Instant.now") || l.contains("Clock")) {
            violations.add(f.getFileName() + " reads a clock: " + l);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }
}
