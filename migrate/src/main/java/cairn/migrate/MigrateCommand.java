package cairn.migrate;

import cairn.raft.SnapshotMetadata;
import cairn.server.MemberIds;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn migrate} (and {@code bin/etcd-migrate}): an etcd 0.4 data directory into a Cairn
 * data directory, with etcd 2.0's {@code etcd-migrate} command line ({@code --data-dir}, {@code
 * --name}) so that existing runbooks work. See {@link Migration}.
 *
 * <p>{@code --dry-run} computes the result and prints what it holds instead of writing it; {@code
 * --verify} reads the result back (or, with {@code --dry-run}, takes the one computed) and compares
 * it with a second, independent replay of the source ({@link Verification}), exiting 1 on any
 * difference. A long replay reports its progress on standard error ({@link Progress}).
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Convert an etcd 0.4 data directory into a Cairn data directory.")
public final class MigrateCommand implements Callable<Integer> {

  /** --verify prints this many differences at the most, then their count. */
  static final int MAX_DIFFERENCES = 20;

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

  @Option(
      names = {"--dry-run", "-dry-run"},
      description =
          "print what would be migrated (entries, keys, members, last index and term, target)"
              + " and write nothing")
  private boolean dryRun;

  @Option(
      names = {"--verify", "-verify"},
      description =
          "read the result back and compare it with an independent replay of the 0.4 source;"
              + " exit 1 on any difference")
  private boolean verify;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    if (dataDir == null) {
      err.println("Must provide -data-dir flag");
      return 1;
    }
    Path target = Migration.target(dataDir, output);
    try {
      Migration.Plan plan =
          Migration.plan(dataDir, name, lastIndex, Progress.to(err, System.console() != null));
      for (String note : plan.notes()) {
        err.println("warning: " + note);
      }
      if (dryRun) {
        printDryRun(out, plan, target);
      } else {
        printResult(out, Migration.write(plan, target, force));
      }
      return verify ? verify(out, plan, target) : 0;
    } catch (java.io.IOException e) {
      err.println("Failed migrating data-dir: " + e.getMessage());
      return 1;
    }
  }

  /** Replays the source again and compares; prints at most {@code MAX_DIFFERENCES} differences. */
  private int verify(PrintWriter out, Migration.Plan plan, Path target) throws java.io.IOException {
    if (plan.entryCount() >= Progress.MIN_ENTRIES) {
      spec.commandLine().getErr().println("verifying: replaying the 0.4 source again");
    }
    Migration.Plan replay = Migration.plan(dataDir, name, lastIndex, Progress.silent());
    Verification result =
        dryRun ? Verification.of(plan.snapshot(), replay) : Verification.ofWritten(target, replay);
    return report(out, result);
  }

  /**
   * Prints a verification: "verified: N nodes identical" (0), or each difference up to {@link
   * #MAX_DIFFERENCES}, then their count (1).
   */
  static int report(PrintWriter out, Verification result) {
    if (result.identical()) {
      out.println("verified: " + result.nodes() + " nodes identical");
      return 0;
    }
    List<String> differences = result.differences();
    for (String difference :
        differences.subList(0, Math.min(MAX_DIFFERENCES, differences.size()))) {
      out.println("differs: " + difference);
    }
    if (differences.size() > MAX_DIFFERENCES) {
      out.println("... and " + (differences.size() - MAX_DIFFERENCES) + " more differences");
    }
    out.println("verification failed: " + differences.size() + " differences");
    return 1;
  }

  private void printDryRun(PrintWriter out, Migration.Plan plan, Path target) {
    SnapshotMetadata meta = plan.snapshot().metadata();
    out.println("Dry run: nothing is written");
    out.println(
        "entries: "
            + plan.entryCount()
            + (plan.entryCount() == 0
                ? " (the 0.4 snapshot holds everything)"
                : " (index " + plan.firstEntryIndex() + " to " + meta.index() + ")"));
    List<StoreNodes.StoreNode> nodes = StoreNodes.of(plan.snapshot().data());
    long dirs = nodes.stream().filter(StoreNodes.StoreNode::dir).count();
    out.println("store: " + (nodes.size() - dirs) + " keys, " + dirs + " directories");
    for (Migration.Member04 m : plan.members()) {
      out.println(
          "member "
              + m.name()
              + ": peer "
              + m.peerUrl()
              + ", client "
              + m.clientUrl()
              + ", ID "
              + MemberIds.hex(m.id())
              + (m.equals(plan.self()) ? " (this data directory)" : ""));
    }
    out.println("last index " + meta.index() + ", term " + meta.term());
    out.println(
        "target: "
            + target
            + (!Files.exists(target)
                ? ""
                : force
                    ? " (exists: would be replaced, --force)"
                    : " (exists: the migration would refuse to overwrite it without --force)"));
  }

  private void printResult(PrintWriter out, Migration.Result result) {
    out.println(
        "Migrated "
            + dataDir
            + " as member "
            + result.name()
            + " (ID "
            + MemberIds.hex(result.memberId())
            + ")");
    out.println(
        "Cluster "
            + MemberIds.hex(result.clusterId())
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
  }
}
