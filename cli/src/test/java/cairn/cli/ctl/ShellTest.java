package cairn.cli.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive shell against the reference etcd: commands, history and completion. */
class ShellTest {

  private static ReferenceEtcd etcd;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    etcd = ReferenceEtcd.start();
  }

  @AfterAll
  static void stop() throws Exception {
    etcd.close();
  }

  private Ctl ctl() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            java.io.InputStream.nullInputStream(),
            new PrintStream(sink),
            new PrintStream(sink),
            Map.of());
    GoFlags.Invocation invocation =
        GoFlags.parse(CtlCommands.ROOT, List.of("--endpoints=" + etcd.endpoint()));
    return new Ctl(invocation.globals(), terminal);
  }

  @Test
  void linesRunAsEtcdctlCommandsAndAreKeptInTheHistory() throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    String input = "set /shell/k 'hello world'\nget /shell/k\nget /shell/nope\nexit\n";
    Path history = home.resolve("history");
    try (org.jline.terminal.Terminal terminal =
        TerminalBuilder.builder()
            .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), screen)
            .dumb(true)
            .build()) {
      assertEquals(0, Shell.run(ctl(), terminal, history));
    }
    String printed = screen.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("hello world"), printed);
    assertTrue(printed.contains("Error:  100: Key not found (/shell/nope)"), printed);
    assertTrue(printed.contains("(exit 4)"), printed);
    String saved = Files.readString(history);
    assertTrue(saved.contains("get /shell/k"), saved);
  }

  @Test
  void keyPathsCompleteFromTheCluster() throws Exception {
    Ctl ctl = ctl();
    ctl.client(false).set("/complete/alpha", "1", null);
    ctl.client(false).set("/complete/beta/x", "2", null);
    List<Candidate> candidates = new ArrayList<>();
    new Shell.Completion(ctl.client(false)).keys("/complete/", candidates);
    List<String> values = candidates.stream().map(Candidate::value).sorted().toList();
    assertEquals(List.of("/complete/alpha", "/complete/beta/"), values);
  }
}
