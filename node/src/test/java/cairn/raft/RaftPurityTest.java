package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.SourceRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core pure: cairn.raft imports only the JDK, cairn.util and itself, and touches no
 * threads, clocks, sockets or files (the architecture's rule, checked on the sources).
 */
class RaftPurityTest {
  private static final Pattern ALLOWED_IMPORT =
      Pattern.compile("import (static )?(java\\.(lang|util)|cairn\\.util|cairn\\.raft)\\b.*");
  private static final List<String> FORBIDDEN =
      List.of(
          "Thread",
          "System.currentTimeMillis",
          "System.nanoTime",
          "Instant.now",
          "java.io.File",
          "java.nio.file",
          "java.net",
          "synchronized",
          "Executor",
          "new Random(",
          "Math.random");

  @Test
  void theCoreImportsOnlyTheJdkCairnUtilAndItself() throws IOException {
    List<String> bad =
        SourceRules.violations(
            "cairn/raft",
            l -> {
              List<String> problems = new ArrayList<>();
              if (l.startsWith("import ")
                  && !ALLOWED_IMPORT.matcher(l).matches()
                  && !l.startsWith("import java.nio.ByteBuffer")
                  && !l.startsWith("import java.nio.charset.")) {
                problems.add(l);
              }
              for (String word : FORBIDDEN) {
                if (!l.startsWith("*") && !l.startsWith("//") && l.contains(word)) {
                  problems.add("uses " + word + ": " + l);
                }
              }
              return problems;
            });
    assertTrue(bad.isEmpty(), String.join("\n", bad));
  }
}
