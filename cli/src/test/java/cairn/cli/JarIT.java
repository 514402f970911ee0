package cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built fat jar, run as a user runs it: {@code java -jar cairn.jar ...}. */
class JarIT {

  private static final Path JAR = Path.of(System.getProperty("cairn.jar", "target/cairn.jar"));

  // Each run's working directory, removed after the test.
  @TempDir Path workDir;

  private ProcessRun cairn(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return ProcessRun.of(command, Map.of(), workDir);
  }

  @Test
  void versionPrintsTheBuildVersionAndExitsZero() throws Exception {
    ProcessRun run = cairn("--version");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("cairn " + CairnVersion.version() + "\n", run.stdout());
  }

  @Test
  void helpNamesEverySubcommandAndExitsZero() throws Exception {
    ProcessRun run = cairn("--help");
    assertEquals(0, run.exitCode(), run.stderr());
    for (String subcommand : List.of("node", "ctl", "migrate")) {
      assertTrue(run.stdout().contains(subcommand), run.stdout());
    }
  }

  @Test
  void anUnknownSubcommandIsAUsageErrorWithExitCodeTwo() throws Exception {
    ProcessRun run = cairn("frobnicate");
    assertEquals(2, run.exitCode());
    assertTrue(run.stderr().contains("Unmatched argument"), run.stderr());
    assertTrue(run.stderr().contains("frobnicate"), run.stderr());
    assertEquals("", run.stdout());
  }

  @Test
  void subcommandsAnswerHelpAtTheirOwnLevel() throws Exception {
    for (String subcommand : List.of("node", "migrate")) {
      ProcessRun run = cairn(subcommand, "--help");
      assertEquals(0, run.exitCode(), run.stderr());
      assertTrue(run.stdout().startsWith("Usage: cairn " + subcommand), run.stdout());
    }
    // ctl is etcdctl: it names itself so in its help.
    ProcessRun ctl = cairn("ctl", "--help");
    assertEquals(0, ctl.exitCode(), ctl.stderr());
    assertTrue(
        ctl.stdout().startsWith("NAME:\n   etcdctl - A simple command line client for etcd."),
        ctl.stdout());
  }
}
