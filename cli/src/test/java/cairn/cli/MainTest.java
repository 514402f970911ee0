package cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command tree as a user meets it, run in-process. */
class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CairnCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionPrintsTheBuildVersion() {
    assertEquals(0, run("--version"));
    assertEquals("cairn " + CairnVersion.version() + System.lineSeparator(), out.toString());
    assertTrue(CairnVersion.version().matches("\\d+\\.\\d+\\.\\d+.*"), CairnVersion.version());
  }

  @Test
  void helpListsTheThreeSubcommands() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    assertTrue(help.contains("node"), help);
    assertTrue(help.contains("ctl"), help);
    assertTrue(help.contains("migrate"), help);
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    assertEquals(2, run("frobnicate"));
    assertTrue(err.toString().contains("frobnicate"), err.toString());
  }

  @Test
  void noSubcommandIsAUsageErrorThatShowsUsage() {
    assertEquals(2, run());
    assertTrue(err.toString().startsWith("Usage: cairn"), err.toString());
  }

  @Test
  void theCtlModelForDocsHasEveryEtcdctlCommand() {
    assertEquals(0, run("ctl", "--help"));
    String help = out.toString();
    assertTrue(help.startsWith("Usage: cairn ctl"), help);
    for (String command : List.of("get", "set", "mk", "rmdir", "exec-watch", "member", "shell")) {
      assertTrue(help.contains("  " + command + " "), command + " in " + help);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"node", "migrate"})
  void everySubcommandAnswersHelpAndVersion(String subcommand) {
    assertEquals(0, run(subcommand, "--help"));
    assertTrue(out.toString().startsWith("Usage: cairn " + subcommand), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run(subcommand, "--version"));
    assertEquals("cairn " + CairnVersion.version() + System.lineSeparator(), out.toString());
  }
}
