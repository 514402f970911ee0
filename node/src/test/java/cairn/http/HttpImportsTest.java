package cairn.http;

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
 * The package's dependency rule (architecture.md): cairn.http knows the store's values and errors
 * but never Raft, so the server can put any consensus behind {@link KeysBackend}.
 */
class HttpImportsTest {

  @Test
  void httpImportsOnlyStoreUtilNettyAndTheJdk() throws IOException {
    Path dir = Path.of("src/main/java/cairn/http");
    assertTrue(Files.isDirectory(dir), "run from the node module: " + dir.toAbsolutePath());
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f)) {
          String l = line.trim();
          if (l.startsWith("import ")
              && !l.matches(
                  "import (static )?(java\\.|io\\.netty\\.|cairn\\.util\\.|cairn\\.store\\.|cairn\\.http\\.).*")) {
            violations.add(f.getFileName() + ": " + l);
          }
          if (l.startsWith("import ") && l.contains("cairn.raft")) {
            violations.add(f.getFileName() + " names Raft: " + l);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }
}
