package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.http.KeysWrite;
import cairn.http.MemberException;
import cairn.io.FaultInjectingFileSystem;
import cairn.io.FileSystem;
import cairn.raft.Entry;
import cairn.raft.Message;
import cairn.store.Event;
import cairn.util.MemberLog;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import cairn.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several servers in one JVM, their messages handed over directly (no sockets): the membership
 * logic of the server — bootstrap, replication, member add by snapshot, remove, update, refusals.
 */
@Timeout(120)
class InJvmClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  /** Messages go to whichever server holds the Raft ID (none: dropped, as a dead peer). */
  private final Map<Long, EtcdServer> byRaftId = new ConcurrentHashMap<>();

  private final List<EtcdServer> servers = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (EtcdServer s : servers) {
      s.close();
    }
  }

  /** Raft IDs cut off from the others: nothing they send or are sent is delivered. */
  private final Set<Long> cutOff = ConcurrentHashMap.newKeySet();

  /** The file system of the servers a test starts. */
  private FileSystem fs = FileSystem.SYSTEM;

  /** The request timeout of the servers a test starts. */
  private Duration requestTimeout = Duration.ofSeconds(5);

  /** Whether the servers a test starts run with {@code --strict-reconfig-check}. */
  private boolean strictReconfigCheck;

  private final class Direct implements EtcdServer.Transport {
    @Override
    public void send(List<Message> messages) {
      for (Message m : messages) {
        EtcdServer to = byRaftId.get(m.to());
        if (to != null && !cutOff.contains(m.from()) && !cutOff.contains(m.to())) {
          to.receive(m);
        }
      }
    }

    @Override
    public void updatePeers(Map<Long, List<String>> peerUrlsByRaftId) {}

    /** Every other started server counts as connected, unless the test says peers are never up. */
    @Override
    public int activePeers() {
      return peersConnect ? byRaftId.size() - 1 : 0;
    }
  }

  /** What the servers logged, in order; and the lines among them logged as warnings. */
  private final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final List<String> warned = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Whether the transport reports connected peers (a starting member advances its election). */
  private boolean peersConnect = true;

  /** The election timeout, in 10 ms heartbeats, of the servers a test starts. */
  private int electionTicks = 10;

  private static Member member(int n) {
    List<String> urls = List.of("http://127.0.0.1:" + (27000 + n));
    return new Member(MemberIds.memberId(urls, "t", null), "", urls, List.of());
  }

  private EtcdServer start(Member self, List<Member> initial, long clusterId, long snapshotCount)
      throws IOException {
    return start(self, initial, clusterId, snapshotCount, false);
  }

  private EtcdServer start(
      Member self, List<Member> initial, long clusterId, long snapshotCount, boolean join)
      throws IOException {
    return start(self, initial, clusterId, snapshotCount, join, false);
  }

  private EtcdServer start(
      Member self,
      List<Member> initial,
      long clusterId,
      long snapshotCount,
      boolean join,
      boolean forceNewCluster)
      throws IOException {
    ServerConfig config =
        new ServerConfig(
            dir.resolve(Long.toHexString(self.id())),
            ServerConfig.walDirUnder(dir.resolve(Long.toHexString(self.id()))),
            self.id(),
            clusterId,
            10,
            electionTicks,
            snapshotCount,
            0,
            0,
            requestTimeout,
            Clock.systemUTC(),
            "m" + (port(self) - 27000),
            List.of("http://127.0.0.1:" + (port(self) + 10000)),
            initial,
            join,
            forceNewCluster,
            strictReconfigCheck);
    MemberLog log =
        (level, line) -> {
          logged.add(line);
          if (level == MemberLog.Level.WARNING) {
            warned.add(line);
          }
        };
    EtcdServer s = EtcdServer.start(config, fs, new Direct(), log);
    servers.add(s);
    byRaftId.put(RaftIds.of(self.id()), s);
    return s;
  }

  private static int port(Member m) {
    String url = m.peerUrls().get(0);
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  private static Event put(EtcdServer s, String key, String value) throws Exception {
    return s.proposeWrite(
            new KeysWrite(KeysWrite.Method.PUT, key, value, false, null, null, "", 0, false, false))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String value(EtcdServer s, String key) {
    try {
      return new RaftKeysBackend(s, Clock.systemUTC()).get(key, false, false).node().value();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static CompletableFuture<Event> quorumGet(EtcdServer s, String key) {
    return new RaftKeysBackend(s, Clock.systemUTC()).quorumGet(key, false, false);
  }

  private static String quorumValue(EtcdServer s, String key) throws Exception {
    return quorumGet(s, key).get(WAIT.toSeconds(), TimeUnit.SECONDS).node().value();
  }

  @Test
  void startingMembersFastForwardTheirElectionClockOnceTheyReachTheirPeers() throws Exception {
    electionTicks = 2000; // 20 s: no member times out on its own within this test's wait
    startThree(100);
    await("every member fast-forwards its election clock", () -> fastForwards().size() == 3);
    assertTrue(
        fastForwards().stream()
            .allMatch(
                line ->
                    line.contains("forward ticks 1998,")
                        && line.contains("active remote members 2)")),
        fastForwards().toString());
  }

  @Test
  void aMemberThatReachesNoPeerLeavesItsElectionClockAlone() throws Exception {
    electionTicks = 2000;
    peersConnect = false;
    List<EtcdServer> three = startThree(100);
    Thread.sleep(1000);
    assertEquals(List.of(), fastForwards());
    assertTrue(three.stream().noneMatch(s -> s.leader() != 0), "no election before the timeout");
  }

  private List<String> fastForwards() {
    return logged.stream().filter(line -> line.contains("fast-forwarding election ticks")).toList();
  }

  private List<EtcdServer> threeMembers(long snapshotCount) throws Exception {
    List<EtcdServer> three = startThree(snapshotCount);
    await("a leader is elected", () -> three.stream().allMatch(s -> s.leader() != 0));
    for (EtcdServer s : three) {
      await("every member published", () -> s.members().stream().allMatch(Member::started));
    }
    return three;
  }

  private List<EtcdServer> startThree(long snapshotCount) throws IOException {
    List<Member> initial = List.of(member(1), member(2), member(3));
    long cluster = MemberIds.clusterId(initial.stream().map(Member::id).toList());
    List<EtcdServer> three = new ArrayList<>();
    for (Member m : initial) {
      three.add(start(m, initial, cluster, snapshotCount));
    }
    return three;
  }

  private static EtcdServer leaderOf(List<EtcdServer> servers) {
    return servers.stream().filter(EtcdServer::isLeader).findFirst().orElseThrow();
  }

  @Test
  void aQuorumReadOnAFollowerSeesAWriteAcknowledgedOnAnotherMember() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    for (int i = 0; i < 30; i++) {
      EtcdServer writer = three.get(i % 3);
      EtcdServer reader = three.get((i + 1) % 3);
      put(writer, "/k", "v" + i);
      assertEquals("v" + i, quorumValue(reader, "/k"), "read on member " + (i + 1) % 3);
    }
  }

  @Test
  void quorumReadsWriteNothingToTheLog() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    put(three.get(0), "/k", "v");
    EtcdServer follower = three.stream().filter(s -> !s.isLeader()).findFirst().orElseThrow();
    EtcdServer leader = leaderOf(three);
    long start = System.nanoTime();
    long before = leader.appliedIndex();
    for (int i = 0; i < 50; i++) {
      assertEquals("v", quorumValue(follower, "/k"));
      assertEquals("v", quorumValue(leader, "/k"));
    }
    List<CompletableFuture<Event>> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(quorumGet(three.get(i % 3), "/k"));
    }
    for (CompletableFuture<Event> f : batch) {
      assertEquals("v", f.get(WAIT.toSeconds(), TimeUnit.SECONDS).node().value());
    }
    long grown = leader.appliedIndex() - before;
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Only the leader's TTL sync entries, one per 500 ms, may have been written meanwhile.
    assertTrue(
        grown <= 1 + elapsedMs / EtcdServer.SYNC_INTERVAL_MS,
        "the log grew by " + grown + " entries in " + elapsedMs + " ms of quorum reads");
  }

  @Test
  void quorumReadsAskedBeforeALeaderIsElectedAreAnsweredOnceThereIsOne() throws Exception {
    List<EtcdServer> three = startThree(10_000);
    List<CompletableFuture<Event>> early = new ArrayList<>();
    for (EtcdServer s : three) {
      early.add(quorumGet(s, "/"));
    }
    for (CompletableFuture<Event> f : early) {
      assertTrue(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).node().dir());
    }
  }

  @Test
  void aQuorumReadOnACutOffMemberTimesOutRatherThanAnswerStaleData() throws Exception {
    requestTimeout = Duration.ofSeconds(1);
    List<EtcdServer> three = threeMembers(10_000);
    put(three.get(0), "/k", "old");
    EtcdServer alone = leaderOf(three);
    await("replicated", () -> three.stream().allMatch(s -> "old".equals(value(s, "/k"))));
    cutOff.add(RaftIds.of(alone.memberId()));
    List<EtcdServer> rest = three.stream().filter(s -> s != alone).toList();
    await("the others elect a leader", () -> rest.stream().anyMatch(EtcdServer::isLeader));
    put(rest.get(0), "/k", "new");

    ExecutionException e = assertThrows(ExecutionException.class, () -> quorumValue(alone, "/k"));
    assertEquals("etcdserver: request timed out", e.getCause().getMessage());
    assertEquals("old", value(alone, "/k"), "a default read is served from the stale store");

    cutOff.clear();
    await("the member rejoins", () -> "new".equals(value(alone, "/k")));
    assertEquals("new", quorumValue(alone, "/k"));
  }

  @Test
  void membersGoneQuietHaveEveryEntryOfTheirLogCommittedOnDisk() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    for (int i = 0; i < 3; i++) {
      put(three.get(0), "/k" + i, "v");
    }
    Thread.sleep(3 * EtcdServer.QUIET_SNAPSHOT_NANOS / 1_000_000);
    // A follower learns that its last entries are committed after it wrote them, and the leader
    // commits after its own write: without a write of the commit index once the log is quiet, a
    // member restarted now would wait for a leader before it served them (ReplayTarget).
    for (Member m : List.of(member(1), member(2), member(3))) {
      assertEveryEntryCommittedOnDisk(m);
    }
  }

  @Test
  void membersStoppedRightAfterAWriteHaveEveryEntryOfTheirLogCommittedOnDisk() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    for (int i = 0; i < 3; i++) {
      put(three.get(0), "/k" + i, "v" + i);
    }
    for (EtcdServer s : three) {
      await("applied", () -> "v2".equals(value(s, "/k2")));
    }
    // The followers first: a leader stopping first hands over, and its successor's first entry
    // could not be committed any more.
    for (EtcdServer s :
        three.stream().sorted(Comparator.comparing(EtcdServer::isLeader)).toList()) {
      s.close();
    }
    // Stopped within the quiet spell, each writes the commit index it held back as it stops: a
    // member restarted with --force-new-cluster keeps only the entries its disk says are
    // committed, and dropped writes it had acknowledged and applied.
    for (Member m : List.of(member(1), member(2), member(3))) {
      assertEveryEntryCommittedOnDisk(m);
    }
  }

  private void assertEveryEntryCommittedOnDisk(Member m) throws IOException {
    Path walDir = ServerConfig.walDirUnder(dir.resolve(Long.toHexString(m.id())));
    Path copy = Files.createDirectories(dir.resolve("copy-" + Long.toHexString(m.id())));
    for (String name : FileSystem.SYSTEM.list(walDir)) {
      if (name.endsWith(".wal")) { // the lock is beside the directory
        Files.copy(walDir.resolve(name), copy.resolve(name));
      }
    }
    try (Wal wal =
        Wal.open(FileSystem.SYSTEM, copy, new SnapshotMarker(1, 1), WalOptions.DEFAULT)) {
      List<Entry> entries = wal.contents().entries();
      long last = entries.get(entries.size() - 1).index();
      assertEquals(last, wal.contents().hardState().commit(), "member " + Long.toHexString(m.id()));
    }
  }

  @Test
  void aWriteOnAnyMemberIsReadOnAll() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    EtcdServer follower = three.stream().filter(s -> !s.isLeader()).findFirst().orElseThrow();
    put(follower, "/from-follower", "f");
    put(three.stream().filter(EtcdServer::isLeader).findFirst().orElseThrow(), "/from-leader", "l");
    for (EtcdServer s : three) {
      await("both writes applied on every member", () -> "f".equals(value(s, "/from-follower")));
      await("both writes applied on every member", () -> "l".equals(value(s, "/from-leader")));
    }
  }

  @Test
  void everyMemberPublishesItsNameAndClientUrls() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    for (EtcdServer s : three) {
      await(
          "all three published, as seen by every member",
          () -> s.members().size() == 3 && s.members().stream().allMatch(Member::started));
    }
    Member m1 =
        three.get(0).members().stream()
            .filter(m -> m.name().equals("m1"))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of("http://127.0.0.1:27001"), m1.peerUrls());
    assertEquals(List.of("http://127.0.0.1:37001"), m1.clientUrls());
  }

  @Test
  void anAddedMemberCatchesUpBySnapshotAndARemovedOneLearnsIt() throws Exception {
    List<EtcdServer> three = threeMembers(20);
    EtcdServer any = three.get(1);
    for (int i = 0; i < 60; i++) {
      put(any, "/k" + i, "v" + i);
    }
    Member added =
        any.addMember(List.of("http://127.0.0.1:27004")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals("", added.name(), "unstarted until it publishes");
    assertEquals(4, any.members().size());
    Member fourth = new Member(added.id(), "", added.peerUrls(), List.of());
    EtcdServer joined = start(fourth, any.members(), any.clusterId(), 20, true);
    await("the new member has every key", () -> "v59".equals(value(joined, "/k59")));
    await("the new member published", () -> joined.members().stream().allMatch(Member::started));
    put(joined, "/written-on-the-new-member", "yes");
    await("replicated", () -> "yes".equals(value(three.get(0), "/written-on-the-new-member")));

    any.removeMember(added.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    joined.removedFromCluster().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(3, any.members().size());
    assertTrue(any.isRemoved(RaftIds.of(added.id())));
  }

  @Test
  void membershipChangesAreRefusedAsEtcdRefusesThem() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    EtcdServer s = three.get(0);
    assertRefused(
        409,
        "etcdserver: peerURL exists",
        () -> s.addMember(List.of("http://127.0.0.1:27002")).get());
    assertRefused(404, "No such member: 1234", () -> s.removeMember(0x1234).get());
    assertRefused(
        409,
        "etcdserver: peerURL exists",
        () -> s.updateMember(member(1).id(), List.of("http://127.0.0.1:27003")).get());
    s.updateMember(member(1).id(), List.of("http://127.0.0.1:27011")).get();
    await(
        "every member re-targets m1",
        () ->
            three.stream()
                .allMatch(
                    x ->
                        x.members().stream()
                            .anyMatch(
                                m -> m.peerUrls().equals(List.of("http://127.0.0.1:27011")))));
  }

  @Test
  void aStrictMemberRefusesAnAddThatWouldLeaveTooFewStartedMembers() throws Exception {
    strictReconfigCheck = true;
    Member m = member(1);
    EtcdServer s = start(m, List.of(m), 7, 10_000);
    await("the member published", () -> s.members().stream().allMatch(Member::started));
    // One started member may take a second (etcd's exception, to restore from a backup)...
    s.addMember(List.of("http://127.0.0.1:27002")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, s.members().size());
    // ...but not a third while the second has not started: 1 started, quorum 2 of 3.
    assertRefused(
        500,
        "etcdserver: re-configuration failed due to not enough started members",
        () -> s.addMember(List.of("http://127.0.0.1:27003")).get());
    assertEquals(2, s.members().size());
    assertTrue(
        warned.contains(
            "Reject add member request: the number of started member (1) will be less than the"
                + " quorum number of the cluster (2)"),
        "the refusal is logged as etcd logs it, as a warning");
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static void assertRefused(int status, String message, Call call) throws Exception {
    try {
      call.run();
    } catch (ExecutionException e) {
      MemberException me = assertInstanceOf(MemberException.class, e.getCause());
      assertEquals(status, me.status());
      assertEquals(message, me.getMessage());
      return;
    }
    throw new AssertionError("not refused: expected " + status + " " + message);
  }

  @Test
  void writesAreAcknowledgedWhileASnapshotFileIsSyncedAndARestartLosesNone() throws Exception {
    FaultInjectingFileSystem slowSnapshots = new FaultInjectingFileSystem();
    fs = slowSnapshots;
    Member m = member(1);
    EtcdServer s = start(m, List.of(m), 7, 10);
    await("it leads", s::isLeader);
    CountDownLatch release = new CountDownLatch(1);
    slowSnapshots.holdSyncs(".snap.tmp", release);
    for (int i = 0; i < 15; i++) {
      put(s, "/k" + i, "v" + i);
    }
    await("a snapshot file is being synced", () -> slowSnapshots.syncsHeld() == 1);
    // The snapshot's file is not durable yet: writes are still acknowledged (after their WAL sync).
    for (int i = 15; i < 40; i++) {
      put(s, "/k" + i, "v" + i);
    }
    assertEquals(1, slowSnapshots.syncsHeld());
    release.countDown();
    s.close();
    servers.remove(s);
    EtcdServer again = start(m, List.of(m), 7, 10);
    await("it leads again", again::isLeader);
    for (int i = 0; i < 40; i++) {
      assertEquals("v" + i, quorumValue(again, "/k" + i));
    }
  }

  @Test
  void forceNewClusterKeepsTheDataAndLeavesOneMember() throws Exception {
    List<EtcdServer> three = threeMembers(30);
    for (int i = 0; i < 50; i++) {
      put(three.get(i % 3), "/k" + i, "v" + i);
    }
    for (EtcdServer s : three) {
      await("replicated", () -> "v49".equals(value(s, "/k49")));
    }
    long cluster = three.get(0).clusterId();
    for (EtcdServer s : three) {
      s.close();
    }
    byRaftId.clear();
    Member first = member(1);
    EtcdServer alone = start(first, List.of(), cluster, 30, false, true);
    await("it leads alone", alone::isLeader);
    assertEquals(List.of(first.id()), alone.members().stream().map(Member::id).toList());
    assertEquals("v0", value(alone, "/k0"));
    assertEquals("v49", value(alone, "/k49"));
    put(alone, "/after", "yes");
    // The removals are in its log for good: restarted normally, it is still alone.
    alone.close();
    EtcdServer again = start(first, List.of(), cluster, 30);
    await("it leads alone again", again::isLeader);
    assertEquals("yes", value(again, "/after"));
    assertEquals(1, again.members().size());
  }

  @Test
  void aStoppedLeaderHandsOverFirst() throws Exception {
    List<EtcdServer> three = threeMembers(10_000);
    EtcdServer leader = three.stream().filter(EtcdServer::isLeader).findFirst().orElseThrow();
    put(leader, "/before", "x");
    leader.close();
    byRaftId.values().remove(leader);
    List<EtcdServer> rest = three.stream().filter(s -> s != leader).toList();
    // The transfer makes the new leader known at once, not after an election timeout.
    await("a new leader", () -> rest.stream().anyMatch(EtcdServer::isLeader));
    assertNotNull(put(rest.get(0), "/after", "y"));
  }
}
