package cairn.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time generator of the shell completion scripts and the man pages (as AsciiDoc, which the
 * build renders to troff), all from the command model in {@link CairnCommand}.
 *
 * <p>Usage: {@code GenerateDocs <completions-dir> <man-adoc-dir>}.
 */
public final class GenerateDocs {

  /** Launcher name -> subcommand it runs (empty: the whole {@code cairn} tree). */
  private static final Map<String, String> LAUNCHERS =
      Map.of("cairn", "", "etcd", "node", "etcdctl", "ctl", "etcd-migrate", "migrate");

  private GenerateDocs() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: GenerateDocs <completions-dir> <man-adoc-dir>");
    }
    Path completions = Files.createDirectories(Path.of(args[0]));
    File manAdoc = Files.createDirectories(Path.of(args[1])).toFile();
    CommandLine cairn = CairnCommand.commandLine();
    for (Map.Entry<String, String> launcher : LAUNCHERS.entrySet()) {
      CommandLine root =
          launcher.getValue().isEmpty() ? cairn : cairn.getSubcommands().get(launcher.getValue());
      Files.writeString(
          completions.resolve(launcher.getKey() + ".bash"),
          AutoComplete.bash(launcher.getKey(), root));
    }
    int status =
        ManPageGenerator.generateManPage(
            manAdoc, null, new boolean[0], true, cairn.getCommandSpec());
    if (status != 0) {
      throw new IllegalStateException("man page generation failed with status " + status);
    }
  }
}
