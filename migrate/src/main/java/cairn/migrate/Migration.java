package cairn.migrate;

import cairn.io.FileSystem;
import cairn.migrate.v04.Command04;
import cairn.migrate.v04.DataDir04;
import cairn.migrate.v04.LogEntry04;
import cairn.migrate.v04.Standby04;
import cairn.raft.ConfState;
import cairn.raft.HardState;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.server.MemberIds;
import cairn.server.RaftIds;
import cairn.snap.Snapshotter;
import cairn.store.NodeExtern;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.store.StoreException;
import cairn.store.TtlOptions;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import cairn.wal.WalMetadata;
import cairn.wal.WalOptions;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An etcd 0.4 data directory into a Cairn data directory ({@code member/wal}, {@code member/snap}),
 * by computing the final state rather than converting entries (migration-semantics.md §10, point
 * 6): the 0.4 snapshot's store and the log after it are replayed with 0.4's semantics, and the
 * result is written as one Cairn snapshot at the last 0.4 index, with a WAL that holds the hard
 * state and the snapshot's marker.
 *
 * <p>Layout of the result, as etcd 2 lays out its store: the 0.4 key space under {@code /1} ({@code
 * /1/_etcd} included), the members under {@code /0/members/<hex id>/} ({@code raftAttributes}
 * {@code {"peerURLs":[...]}}, {@code attributes} {@code {"name":...,"clientURLs":[...]}}); member
 * IDs from the 0.4 peer URL and the token {@code etcd-cluster}, the cluster ID from the member IDs;
 * term = the last 0.4 term + 1. The 0.4 files are never written; the result is built beside its
 * target and renamed into place.
 */
public final class Migration {

  static final String MEMBERS_NAMESPACE = "/0";
  static final String KEYS_NAMESPACE = "/1";
  static final String TOKEN = "etcd-cluster";

  /** A member as 0.4's registry held it. */
  record Member04(String name, String peerUrl, String clientUrl, long id) {}

  /** What was written. */
  public record Result(
      Path memberDir,
      String name,
      long memberId,
      long clusterId,
      long index,
      long term,
      List<Member04> members,
      List<String> notes) {}

  /**
   * A migration computed and not yet written: this directory's member, the cluster, what the replay
   * noted, how many 0.4 log entries it replayed (from {@code firstEntryIndex}; 0 when the snapshot
   * held everything), and the Cairn snapshot to write.
   */
  record Plan(
      Member04 self,
      long clusterId,
      List<Member04> members,
      List<String> notes,
      int entryCount,
      long firstEntryIndex,
      Snapshot snapshot) {}

  private Migration() {}

  /**
   * Migrates {@code dataDir}. {@code name} may be null (detected); {@code output} null writes
   * {@code dataDir/member}; an existing result is replaced only with {@code force}.
   */
  public static Result run(Path dataDir, String name, Path output, boolean force)
      throws IOException {
    return run(dataDir, name, output, force, 0);
  }

  /**
   * As {@link #run(Path, String, Path, boolean)}, but with {@code lastIndex > 0} the log entries
   * after {@code lastIndex} are left out (reported in the notes), as a Raft leader would have
   * overwritten a tail that never reached a majority.
   *
   * <p>Why: every member's result is a snapshot that Raft takes as committed. In a cluster, a
   * member whose 0.4 log runs past what a majority of the members holds would claim entries the
   * others never had; when one of them leads, that member can never again accept the leader's log
   * and keeps a different state. Members behind are harmless: they catch up from the leader's
   * snapshot. So the operator migrates every member, compares the last index and term each one
   * reports, and migrates a member that is ahead of the majority again with the index the majority
   * reached. {@code lastIndex} may not drop an entry that 0.4 recorded as committed ({@code
   * conf.commitIndex}, the snapshot's last index).
   */
  public static Result run(Path dataDir, String name, Path output, boolean force, long lastIndex)
      throws IOException {
    Plan plan = plan(dataDir, name, lastIndex, Progress.silent());
    return write(plan, target(dataDir, output), force);
  }

  /**
   * What a migration of {@code dataDir} computes before it writes anything: the 0.4 snapshot and
   * log replayed into a fresh store, the members added, the Cairn snapshot to write. Reads the 0.4
   * directory anew at each call, so two plans are independent replays of the source.
   */
  static Plan plan(Path dataDir, String name, long lastIndex, Progress progress)
      throws IOException {
    refuseStandby(dataDir);
    DataDir04 data = DataDir04.read(dataDir);
    List<String> notes = new ArrayList<>(data.warnings());
    List<LogEntry04> entries = cut(data, lastIndex, notes);
    Store store =
        data.snapshot().isPresent()
            ? State04.load(data.snapshot().get(), KEYS_NAMESPACE)
            : new Store(StoreConfig.DEFAULT, MEMBERS_NAMESPACE, KEYS_NAMESPACE);
    Replay04 replay = new Replay04(store, KEYS_NAMESPACE);
    progress.start(entries.size());
    long replayed = 0;
    for (LogEntry04 entry : entries) {
      replay.apply(entry, Command04.decode(entry, dataDir.resolve("log")));
      progress.replayed(++replayed);
    }
    notes.addAll(replay.notes());

    List<Member04> members = registry(store);
    Member04 self = self(members, name, data.conf().map(c -> c.peers()).orElse(List.of()));
    long clusterId = MemberIds.clusterId(members.stream().map(Member04::id).toList());
    addMembers(store, members);

    long index = data.snapshot().map(s -> s.lastIndex()).orElse(0L);
    long lastTerm = data.snapshot().map(s -> s.lastTerm()).orElse(0L);
    if (!entries.isEmpty()) {
      LogEntry04 last = entries.get(entries.size() - 1);
      index = last.index();
      lastTerm = last.term();
    }
    long term = lastTerm + 1;
    if (index == 0) {
      throw new IOException(dataDir + " holds no committed 0.4 entry: nothing to migrate");
    }
    // The snapshot's membership is in Raft IDs, which the server derives from member IDs.
    List<Long> voters = members.stream().map(m -> RaftIds.of(m.id())).sorted().toList();
    Snapshot snapshot =
        new Snapshot(new SnapshotMetadata(index, term, new ConfState(voters)), store.save());
    long firstEntry = entries.isEmpty() ? 0 : entries.get(0).index();
    return new Plan(self, clusterId, members, notes, entries.size(), firstEntry, snapshot);
  }

  /** Where the result goes: {@code output/member}, or {@code dataDir/member} by default. */
  static Path target(Path dataDir, Path output) {
    return (output == null ? dataDir : output).resolve("member");
  }

  /** Writes {@code plan} to {@code target} (replacing an existing result only with force). */
  static Result write(Plan plan, Path target, boolean force) throws IOException {
    write(target, force, plan.self().id(), plan.clusterId(), plan.snapshot());
    SnapshotMetadata meta = plan.snapshot().metadata();
    return new Result(
        target,
        plan.self().name(),
        plan.self().id(),
        plan.clusterId(),
        meta.index(),
        meta.term(),
        plan.members(),
        plan.notes());
  }

  /** The members as etcd 2 keeps them, under {@code /0/members/<hex id>/}. */
  private static void addMembers(Store store, List<Member04> members) {
    Instant now = Instant.now();
    for (Member04 member : members) {
      String dir = MEMBERS_NAMESPACE + "/members/" + MemberIds.hex(member.id());
      store.set(
          dir + "/raftAttributes",
          false,
          "{\"peerURLs\":[" + jsonString(member.peerUrl()) + "]}",
          TtlOptions.PERMANENT,
          now);
      store.set(
          dir + "/attributes",
          false,
          "{\"name\":"
              + jsonString(member.name())
              + ",\"clientURLs\":["
              + jsonString(member.clientUrl())
              + "]}",
          TtlOptions.PERMANENT,
          now);
    }
  }

  /**
   * A directory whose owner was a standby when 0.4 stopped ({@code standby_info} with {@code
   * Running} true) is refused: a standby is no member, and the conf and log it may still have are
   * from before it was removed, so migrating them would bring back a member the cluster removed,
   * with stale data. The message lists the members to migrate instead and how to bring the machine
   * back. With {@code Running} false the member rejoined; 0.4 ignored the file and so do we.
   */
  private static void refuseStandby(Path dataDir) throws IOException {
    Standby04 standby = Standby04.read(dataDir).orElse(null);
    if (standby == null || !standby.running()) {
      return;
    }
    StringBuilder members = new StringBuilder();
    for (Standby04.Machine m : standby.cluster()) {
      members
          .append(members.length() == 0 ? "" : ", ")
          .append(m.name())
          .append(" (peer ")
          .append(m.peerUrl())
          .append(", client ")
          .append(m.clientUrl())
          .append(")");
    }
    throw new IOException(
        dataDir
            + " belongs to an etcd 0.4 standby (standby_info: Running true), which is not a member"
            + " of the cluster and holds no data of its own: nothing to migrate. Migrate the"
            + " members' data directories instead (the standby last saw: "
            + members
            + "); to bring this machine back, add it to the migrated cluster as a new member"
            + " (etcdctl member add) and start it with an empty data directory");
  }

  /** The log entries up to {@code lastIndex} (all when 0), checked against what 0.4 committed. */
  private static List<LogEntry04> cut(DataDir04 data, long lastIndex, List<String> notes)
      throws IOException {
    List<LogEntry04> entries = data.entries();
    if (lastIndex <= 0) {
      return entries;
    }
    long committed =
        Math.max(
            data.conf().map(c -> c.commitIndex()).orElse(0L),
            data.snapshot().map(s -> s.lastIndex()).orElse(0L));
    if (lastIndex < committed) {
      throw new IOException(
          "--last-index "
              + lastIndex
              + " would drop entries 0.4 committed (up to index "
              + committed
              + ")");
    }
    long available = entries.isEmpty() ? committed : entries.get(entries.size() - 1).index();
    if (lastIndex > available) {
      throw new IOException(
          "--last-index " + lastIndex + " is beyond the last 0.4 entry (index " + available + ")");
    }
    List<LogEntry04> kept = entries.stream().filter(e -> e.index() <= lastIndex).toList();
    if (kept.size() < entries.size()) {
      notes.add(
          "left out log entries "
              + (lastIndex + 1)
              + " to "
              + available
              + " (--last-index "
              + lastIndex
              + "): "
              + (entries.size() - kept.size())
              + " entries that did not reach a majority");
    }
    return kept;
  }

  private static List<Member04> registry(Store store) {
    List<Member04> members = new ArrayList<>();
    List<NodeExtern> machines;
    try {
      machines =
          store.get(KEYS_NAMESPACE + Replay04.MACHINES, false, true, Instant.EPOCH).node().nodes();
    } catch (StoreException e) {
      machines = null;
    }
    if (machines != null) {
      for (NodeExtern machine : machines) {
        String name = machine.key().substring(machine.key().lastIndexOf('/') + 1);
        String etcd = "";
        String raft = "";
        for (String pair : machine.value().split("&")) {
          String[] kv = pair.split("=", 2);
          String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
          if (kv[0].equals("etcd")) {
            etcd = value;
          } else if (kv[0].equals("raft")) {
            raft = value;
          }
        }
        members.add(new Member04(name, raft, etcd, MemberIds.memberId(List.of(raft), TOKEN, null)));
      }
    }
    return members;
  }

  /** This directory's member: the one named, or the only registry member not in conf.peers. */
  private static Member04 self(List<Member04> members, String name, List<String> confPeers)
      throws IOException {
    List<String> names = members.stream().map(Member04::name).toList();
    if (members.isEmpty()) {
      throw new IOException("the 0.4 registry holds no member after replay: nothing to migrate to");
    }
    if (name != null) {
      for (Member04 member : members) {
        if (member.name().equals(name)) {
          return member;
        }
      }
      throw new IOException("member " + name + " is not in the cluster's registry " + names);
    }
    List<Member04> candidates = new ArrayList<>();
    for (Member04 member : members) {
      if (!confPeers.contains(member.name())) {
        candidates.add(member);
      }
    }
    if (candidates.size() != 1) {
      throw new IOException(
          "cannot tell which member this data directory belongs to (registry "
              + names
              + ", other peers in conf "
              + confPeers
              + "); pass --name");
    }
    return candidates.get(0);
  }

  /** Builds {@code member/} beside the target, syncs it, renames it into place. */
  private static void write(
      Path target, boolean force, long memberId, long clusterId, Snapshot snapshot)
      throws IOException {
    FileSystem fs = FileSystem.SYSTEM;
    if (fs.exists(target) && !force) {
      throw new IOException(
          target + " exists: refusing to overwrite it (pass --force to replace it)");
    }
    fs.createDirectories(target.toAbsolutePath().getParent());
    Path building = target.resolveSibling(target.getFileName() + ".migrating");
    deleteTree(building);
    fs.createDirectories(building);
    new Snapshotter(fs, building.resolve("snap")).save(snapshot);
    SnapshotMarker marker =
        new SnapshotMarker(snapshot.metadata().index(), snapshot.metadata().term());
    try (Wal wal =
        Wal.create(
            fs,
            building.resolve("wal"),
            new WalMetadata(memberId, clusterId),
            WalOptions.DEFAULT)) {
      wal.append(new HardState(marker.term(), 0, marker.index()), List.of());
      wal.saveSnapshot(marker);
    }
    fs.syncDirectory(building);
    Path old = target.resolveSibling(target.getFileName() + ".replaced");
    if (fs.exists(target)) {
      deleteTree(old);
      fs.rename(target, old);
    }
    fs.rename(building, target);
    fs.syncDirectory(target.toAbsolutePath().getParent());
    deleteTree(old);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
