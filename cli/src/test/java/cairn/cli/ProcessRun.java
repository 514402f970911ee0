package cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One finished run of an external command: its exit code and what it printed. The run is bounded in
 * time; a command that overstays is killed, with its descendants, by process id.
 */
record ProcessRun(int exitCode, String stdout, String stderr) {

  static final long TIMEOUT_SECONDS = 60;

  static ProcessRun of(List<String> command, Map<String, String> environment, Path workDir)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("cairn-run", ".out");
    Path stderr = Files.createTempFile("cairn-run", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      // A null value removes the variable from the inherited environment.
      environment.forEach(
          (name, value) -> {
            if (value == null) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError(command + " ran longer than " + TIMEOUT_SECONDS + " s");
      }
      return new ProcessRun(
          process.exitValue(),
          Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
