package cairn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checks the architecture's rules on a package's sources (architecture.md: "a unit test that reads
 * each class's imports can keep these rules true"), run from the node module.
 */
public final class SourceRules {

  private SourceRules() {}

  /**
   * The problems {@code rule} finds on the stripped lines of every {@code .java} file under {@code
   * packageDir} (e.g. {@code cairn/store}), each as {@code File.java: problem}.
   */
  public static List<String> violations(String packageDir, Function<String, List<String>> rule)
      throws IOException {
    Path dir = Path.of("src/main/java", packageDir);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("run from the node module: " + dir.toAbsolutePath());
    }
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          for (String problem : rule.apply(line.strip())) {
            violations.add(f.getFileName() + ": " + problem);
          }
        }
      }
    }
    return violations;
  }
}
