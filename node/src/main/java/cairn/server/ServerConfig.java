package cairn.server;

import cairn.util.Check;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the server needs to run one member.
 *
 * @param dataDir etcd's {@code --data-dir}; snapshots are in {@code member/snap}
 * @param walDir the WAL's directory: {@code member/wal} under the data dir, or etcd's {@code
 *     --wal-dir}
 * @param memberId this member's ID for a new data dir; 0 when the data dir exists (its WAL has the
 *     ID)
 * @param clusterId the cluster ID written into a new WAL
 * @param heartbeatMs the tick length
 * @param electionTicks the election timeout in ticks
 * @param snapshotCount applied entries between snapshots
 * @param maxSnapshots snapshot files to keep (0: all)
 * @param maxWals WAL segments to keep (0: all)
 * @param requestTimeout how long a write or quorum read may wait for Raft
 * @param clock the member's wall clock (TTLs, sync entries)
 * @param name this member's name, published to the cluster at start
 * @param clientUrls this member's advertised client URLs, published with the name
 * @param initialCluster the members of a new cluster (this one included) with their peer URLs;
 *     empty for a member joining a running cluster; ignored when the data dir has a WAL
 * @param join whether this member joins a running cluster ({@code --initial-cluster-state
 *     existing})
 * @param forceNewCluster etcd's {@code --force-new-cluster}
 * @param strictReconfigCheck etcd 2.3's {@code --strict-reconfig-check}: membership changes that
 *     would leave fewer started members than the changed cluster's quorum are refused
 */
public record ServerConfig(
    Path dataDir,
    Path walDir,
    long memberId,
    long clusterId,
    long heartbeatMs,
    int electionTicks,
    long snapshotCount,
    int maxSnapshots,
    int maxWals,
    Duration requestTimeout,
    Clock clock,
    String name,
    List<String> clientUrls,
    List<Member> initialCluster,
    boolean join,
    boolean forceNewCluster,
    boolean strictReconfigCheck) {

  public ServerConfig {
    Check.argument(heartbeatMs > 0, "heartbeat %d ms <= 0", heartbeatMs);
    Check.argument(electionTicks > 1, "election ticks %d <= 1", electionTicks);
    Check.argument(snapshotCount > 0, "snapshot count %d <= 0", snapshotCount);
    clientUrls = List.copyOf(clientUrls);
    initialCluster = List.copyOf(initialCluster);
    Check.argument(
        memberId == 0
            || initialCluster.isEmpty()
            || initialCluster.stream().anyMatch(m -> m.id() == memberId),
        "member %s is not in its initial cluster",
        MemberIds.hex(memberId));
  }

  /** Where the WAL lives without {@code --wal-dir}: {@code member/wal} under the data dir. */
  public static Path walDirUnder(Path dataDir) {
    return dataDir.resolve("member").resolve("wal");
  }

  Path snapDir() {
    return dataDir.resolve("member").resolve("snap");
  }
}
