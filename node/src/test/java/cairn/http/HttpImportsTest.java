package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.SourceRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package's dependency rule (architecture.md): cairn.http knows the store's values and errors
 * but never Raft, so the server can put any consensus behind {@link KeysBackend}.
 */
class HttpImportsTest {

  @Test
  void httpImportsOnlyStoreUtilNettyJacksonAndTheJdk() throws IOException {
    List<String> violations =
        SourceRules.violations(
            "cairn/http",
            l -> {
              List<String> problems = new ArrayList<>();
              if (l.startsWith("import ")
                  && !l.matches(
                      "import (static )?(java\\.|io\\.netty\\.|com\\.fasterxml\\.jackson\\.core\\.|cairn\\.util\\.|cairn\\.store\\.|cairn\\.http\\.).*")) {
                problems.add(l);
              }
              if (l.startsWith("import ") && l.contains("cairn.raft")) {
                problems.add("names Raft: " + l);
              }
              return problems;
            });
    assertEquals(List.of(), violations);
  }
}
