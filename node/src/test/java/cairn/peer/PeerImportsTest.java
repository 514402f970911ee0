package cairn.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.SourceRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package's dependency rule (architecture.md): the peer transport carries Raft's message
 * records but knows nothing else of Raft, nor of the server, store or HTTP API above it.
 */
class PeerImportsTest {

  private static final String RAFT_RECORDS =
      "cairn\\.raft\\.(Message|MessageType|Entry|EntryType|Snapshot|SnapshotMetadata|ConfState);";

  @Test
  void peerImportsOnlyRaftsMessageRecordsUtilNettyJacksonAndTheJdk() throws IOException {
    List<String> violations =
        SourceRules.violations(
            "cairn/peer",
            l -> {
              List<String> problems = new ArrayList<>();
              if (l.startsWith("import ")
                  && !l.matches(
                      "import (static )?(java\\.|javax\\.net\\.ssl\\.|io\\.netty\\."
                          + "|com\\.fasterxml\\.jackson\\.core\\."
                          + "|cairn\\.util\\.|cairn\\.peer\\.|"
                          + RAFT_RECORDS
                          + ").*")) {
                problems.add(l);
              }
              return problems;
            });
    assertEquals(List.of(), violations);
  }
}
