package cairn.migrate;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn migrate} (and {@code bin/etcd-migrate}): an etcd 0.4 data directory into a Cairn
 * data directory, with etcd 2.0's {@code etcd-migrate} command line ({@code --data-dir}, {@code
 * --name}) so that existing runbooks work. See {@link Migration}.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Convert an etcd 0.4 data directory into a Cairn data directory.")
public final class MigrateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = {"--data-dir", "-data-dir"},
      description = "the etcd 0.4 data directory (conf, log, snapshot/); never modified")
  private Path dataDir;

  @Option(
      names = {"--name", "-name"},
      description = "the member name the 0.4 node ran with (detected when it can be)")
  private String name;

  @Option(
      names = {"--output", "-output"},
      description = "write the Cairn data directory here instead of beside the 0.4 files")
  private Path output;

  @Option(
      names = {"--last-index", "-last-index"},
      paramLabel = "INDEX",
      description =
          "leave out the 0.4 log entries after INDEX: for a member whose log runs past the index"
              + " that a majority of the cluster's members reached (compare the last index and"
              + " term every member reports)")
  private long lastIndex;

  @Option(
      names = {"--force", "-force"},
      description = "replace an existing result (member/)")
  private boolean force;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    if (dataDir == null) {
      err.println("Must provide -data-dir flag");
      return 1;
    }
    Migration.Result result;
    try {
      result = Migration.run(dataDir, name, output, force, lastIndex);
    } catch (java.io.IOException e) {
      err.println("Failed migrating data-dir: " + e.getMessage());
      return 1;
    }
    for (String note : result.notes()) {
      err.println("warning: " + note);
    }
    out.println(
        "Migrated "
            + dataDir
            + " as member "
            + result.name()
            + " (ID "
            + cairn.server.MemberIds.hex(result.memberId())
            + ")");
    out.println(
        "Cluster "
            + cairn.server.MemberIds.hex(result.clusterId())
            + " with "
            + result.members().size()
            + " members; snapshot at index "
            + result.index()
            + ", term "
            + result.term());
    if (result.members().size() > 1) {
      out.println(
          "The cluster has "
              + result.members().size()
              + " members: migrate each of them, and before starting any, check that they all"
              + " report the same snapshot index and term. A member ahead of the index a majority"
              + " reached must be migrated again with --force --last-index <that index>;"
              + " members behind catch up from the leader.");
    }
    out.println(
        "Wrote "
            + result.memberDir()
            + "; start it with: cairn node --data-dir "
            + result.memberDir().getParent()
            + " --name "
            + result.name());
    return 0;
  }
}
