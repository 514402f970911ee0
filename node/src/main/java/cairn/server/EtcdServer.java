package cairn.server;

import cairn.http.KeysWrite;
import cairn.http.MemberException;
import cairn.io.FileSystem;
import cairn.raft.ConfChange;
import cairn.raft.ConfChangeType;
import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.HardState;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.raft.RaftConfig;
import cairn.raft.RaftDriver;
import cairn.raft.RawNode;
import cairn.raft.ReadState;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.raft.SoftState;
import cairn.raft.StateType;
import cairn.stats.EtcdMetrics;
import cairn.stats.LeaderStats;
import cairn.stats.ProcessInfo;
import cairn.stats.ServerStats;
import cairn.store.Event;
import cairn.store.Store;
import cairn.util.MemberLog;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One member: a {@link RawNode} driven by a single loop thread that ticks every heartbeat, takes
 * proposals and peer messages from a bounded queue, writes each Ready's hard state, snapshot and
 * entries to disk (durable) before sending or applying anything, applies committed entries to the
 * store in log order, completes the proposers' futures, answers quorum reads through Raft's
 * ReadIndex ({@link ReadIndexReads}, nothing written to the log), proposes a sync entry every 500
 * ms while leading, publishes its name and client URLs once per start, and snapshots every {@code
 * snapshotCount} applied entries. Everything but the volatile read-outs is owned by the loop.
 */
public final class EtcdServer implements AutoCloseable {

  /** Where Raft messages go: the peer transport, or nowhere for a member alone. */
  public interface Transport {
    Transport NONE =
        new Transport() {
          @Override
          public void send(List<Message> messages) {}

          @Override
          public void updatePeers(Map<Long, List<String>> peerUrlsByRaftId) {}
        };

    /** Hands messages over for best-effort delivery; must not block. */
    void send(List<Message> messages);

    /** The other members' peer URLs by Raft ID, whenever the membership changes. */
    void updatePeers(Map<Long, List<String>> peerUrlsByRaftId);

    /** How many other members this member has a working connection to right now. */
    default int activePeers() {
      return 0;
    }
  }

  /** etcd's SyncTicker: the leader's clock goes through the log this often to expire TTLs. */
  static final long SYNC_INTERVAL_MS = 500;

  /**
   * Entries kept in memory behind a snapshot for slow followers (etcd's numberOfCatchUpEntries);
   * never more than the snapshot interval, so a small {@code --snapshot-count} compacts too.
   */
  static final long CATCH_UP_ENTRIES = 5000;

  /** How long a starting member waits for its peers before leaving its election clock alone. */
  static final long ELECTION_ADVANCE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final int INBOX_CAPACITY = 8192;
  private static final int MAX_UNPROPOSED = 8192;
  private static final int MAX_COMMANDS_PER_ROUND = 1024;
  private static final int MAX_READY_ROUNDS = 64;

  /**
   * The committed entries of one Ready, and the time the loop spends on Readies before it looks at
   * its clock and inbox again. A restart applies the entries after its snapshot (10,000 with the
   * default --snapshot-count) in slices of this size, with ticks, peer messages and the election
   * going on between them: applied at once they held the loop for 0.5-0.7 s with three members
   * starting on two cores, and the election began only after that. etcd caps a Ready at 1 MiB.
   */
  static final long APPLY_SLICE_BYTES = 256 << 10;

  private static final long READY_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * A member that has applied no write for this long saves a snapshot early, before
   * --snapshot-count entries, if at least a tenth of that many writes came since its last one: a
   * member killed after a burst of writes otherwise replays up to --snapshot-count entries at every
   * start until the count is reached. Measured on three members restarted together from 100,000
   * keys with the snapshot 9,951 entries behind (the default count): ready in 2,637 ms against
   * 1,839 with the snapshot at the end, 5.1 against 3.7 s of CPU. Shorter than the quiet second
   * after which the idle heap collection runs, so that the snapshot's garbage goes with it. The
   * price: writes trickling in slower than one per half second snapshot every tenth of the count.
   * It saves one after fewer writes too when that lets the WAL start a new segment (see {@link
   * #worthCuttingTheWal}).
   */
  public static final long QUIET_SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  // Within the 10 s that close() gives the loop to stop.
  private static final long STOP_SNAPSHOT_WAIT_MS = 5000;

  private final ServerConfig config;
  private final FileSystem fs;
  private final DurableState durable;
  private final Store store;
  private final RawNode node;
  private final RaftDriver driver;
  private final Transport transport;
  private final MemberLog log;
  private final BlockingQueue<Runnable> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
  private final Thread loop;
  // The last index in the log at start: clients are served once it is applied, so that a restarted
  // member never answers from the state before the writes it acknowledged in its previous run.
  private final long replayTarget;
  private final CountDownLatch replayed = new CountDownLatch(1);
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final CompletableFuture<Void> removed = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ServerStats serverStats;
  private final LeaderStats leaderStats;
  private final EtcdMetrics metrics;

  // Owned by the loop thread.
  private final Map<Long, Pending> pending = new HashMap<>();
  private final ArrayDeque<Proposal> unproposed = new ArrayDeque<>();
  private final ArrayDeque<ChangeProposal> unproposedChanges = new ArrayDeque<>();
  private final ReadIndexReads reads = new ReadIndexReads();
  private final Set<Long> publishRequests = new HashSet<>();
  private long nextRequestId;
  private long snapshotIndex;
  // Writes applied since the last snapshot was taken, and when the last one was applied.
  private long writesSinceSnapshot;
  private long lastWriteNanos;
  // When the last entries were appended to the WAL (see syncCommitIndexWhenQuiet)
  private long lastAppendNanos;
  // The snapshot whose file is being written, if any: one at a time.
  private SnapshotWrite snapshotWrite;
  private ConfState confState;
  private long applied;
  private boolean published;
  private long nextPublishNanos;
  private MemberException refusedChange;
  // The last hard state made durable, and a newer one that differs only in its commit index.
  private HardState syncedHardState;
  private HardState unsyncedHardState;
  // When the oldest unanswered append to each follower was sent: its answer gives the latency
  // that /v2/stats/leader reports.
  private final Map<Long, Long> appendSentNanos = new HashMap<>();

  // Read by other threads.
  private volatile boolean stopping;
  private volatile long appliedIndex;
  private volatile long term;
  private volatile long leader;
  private volatile Throwable failure;
  private volatile List<Member> members = List.of();
  // The same members by Raft ID: messages, stats and the leader name members by it.
  private volatile Map<Long, Member> membersByRaftId = Map.of();
  // Removed members' IDs by their Raft IDs: messages from these are refused, logs name them.
  private volatile Map<Long, Long> removedMemberIdsByRaftId = Map.of();

  /** A proposal waiting to be applied, or a quorum read ({@code read}) waiting for its index. */
  private record Pending(
      CompletableFuture<Object> future,
      long startNanos,
      long deadlineNanos,
      Supplier<Event> read) {}

  /** An entry not yet handed to Raft (no leader known yet). */
  private record Proposal(long id, byte[] data) {}

  /** A membership change not yet taken by Raft (no leader, or another change pending). */
  private record ChangeProposal(long id, ConfChange change) {}

  private EtcdServer(
      ServerConfig config,
      FileSystem fs,
      DurableState durable,
      Transport transport,
      MemberLog log) {
    this.config = config;
    this.fs = fs;
    this.durable = durable;
    this.store = durable.store();
    this.transport = transport;
    this.log = log;
    this.confState = durable.confState();
    this.snapshotIndex = durable.applied();
    this.applied = durable.applied();
    this.appliedIndex = durable.applied();
    this.term = durable.storage().hardState().term();
    this.syncedHardState = durable.storage().hardState();
    this.replayTarget = ReplayTarget.of(durable.storage());
    // etcd's request ID generator: the member's low 16 bits, then the wall clock in ms, so that
    // IDs differ between members and between runs (entries replayed after a restart never match
    // a proposal of this run).
    this.nextRequestId =
        ((durable.memberId() & 0xFFFF) << 48) | ((config.clock().millis() & 0xFF_FFFF_FFFFL) << 8);
    this.node =
        new RawNode(
            RaftConfig.builder(RaftIds.of(durable.memberId()), durable.storage())
                .electionTicks(config.electionTicks())
                .heartbeatTicks(1)
                .maxCommittedSizePerReadyBytes(APPLY_SLICE_BYTES)
                .applied(durable.applied())
                .build());
    this.driver = new RaftDriver(node, durable.storage(), new Handler());
    // The snapshot started from is in its file.
    durable.storage().dropSnapshotData(durable.applied(), this::readSnapshot);
    this.loop = new Thread(this::run, "raft-loop " + MemberIds.hex(durable.memberId()));
    this.serverStats =
        new ServerStats(
            config.name(),
            MemberIds.hex(durable.memberId()),
            config.clock().instant(),
            System.nanoTime());
    this.leaderStats = new LeaderStats(MemberIds.hex(durable.memberId()));
    this.metrics = new EtcdMetrics(store::stats, ProcessInfo.SYSTEM);
  }

  /** {@code /v2/stats/self}. */
  public String selfStatsJson() {
    return serverStats.toJson(System.nanoTime());
  }

  /** {@code /v2/stats/leader}, or null when this member does not lead. */
  public String leaderStatsJson() {
    return isLeader() ? leaderStats.toJson() : null;
  }

  /** The member's metrics, for {@code /metrics} (and the watch counter the HTTP side feeds). */
  public EtcdMetrics metrics() {
    return metrics;
  }

  /**
   * Opens or creates the member's data dir and starts the loop.
   *
   * @param transport where messages to other members go
   * @param log where etcd-style progress lines go
   */
  public static EtcdServer start(
      ServerConfig config, FileSystem fs, Transport transport, MemberLog log) throws IOException {
    DurableState durable = DurableState.open(fs, config);
    durable.notes().forEach(log::warning); // repairs and unusable snapshots
    EtcdServer s = new EtcdServer(config, fs, durable, transport, log);
    log.info(
        (durable.restarted() ? "restarted" : "started new")
            + " member "
            + MemberIds.hex(durable.memberId())
            + " in cluster "
            + MemberIds.hex(durable.clusterId())
            + " at snapshot index "
            + durable.applied()
            + " with "
            + durable.storage().lastIndex()
            + " as last index");
    s.refreshMembership();
    s.loop.start();
    return s;
  }

  /** A member alone: no transport. */
  public static EtcdServer start(ServerConfig config, FileSystem fs, MemberLog log)
      throws IOException {
    return start(config, fs, Transport.NONE, log);
  }

  /**
   * Waits until every entry the log held at start is applied (those past the durable commit index
   * once a leader commits them), but for a tail that changes no key ({@link ReplayTarget}); false
   * if that did not happen within {@code timeout}.
   */
  public boolean awaitReplay(Duration timeout) throws InterruptedException {
    return appliedIndex >= replayTarget || replayed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Completes when the loop has ended: normally after {@link #close}, exceptionally when it failed
   * (a WAL write, a corrupt entry) and the member can acknowledge nothing more.
   */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /**
   * Completes when this member learns that it was removed from the cluster (it applied its own
   * removal, or a peer refused it as removed); the caller stops it, as etcd does.
   */
  public CompletableFuture<Void> removedFromCluster() {
    return removed;
  }

  public Store store() {
    return store;
  }

  public long memberId() {
    return durable.memberId();
  }

  public long clusterId() {
    return durable.clusterId();
  }

  /** The index of the last entry applied to the store. */
  public long appliedIndex() {
    return appliedIndex;
  }

  public long term() {
    return term;
  }

  /** The leader's Raft ID, 0 when none is known. */
  public long leader() {
    return leader;
  }

  /** The leader as a member, or null when none is known (or it is not a member any more). */
  public Member leaderMember() {
    return membersByRaftId.get(leader);
  }

  /** Whether this member leads. */
  public boolean isLeader() {
    return leader != 0 && leader == node.id();
  }

  /** The members, in ascending ID order, as this member has applied them. */
  public List<Member> members() {
    return members;
  }

  /** The peer endpoint's {@code /members} body. */
  public String peerMembersJson() {
    return Membership.peerJson(members);
  }

  /** Whether messages from {@code raftId} must be refused: it was removed from the cluster. */
  public boolean isRemoved(long raftId) {
    return removedMemberIdsByRaftId.containsKey(raftId);
  }

  /** True while the loop runs and a leader is known. */
  public boolean healthy() {
    return failure == null && !stopping && leader != 0;
  }

  /** A message from a peer; dropped when the loop is overloaded (Raft tolerates lost messages). */
  public void receive(Message m) {
    if (m.type().isLocal() || stopping) {
      return;
    }
    if (m.type() == MessageType.APP) {
      serverStats.recvAppendReq(hexOfRaftId(m.from()), size(m), System.nanoTime());
    }
    inbox.offer(() -> step(m));
  }

  /** The transport could not reach {@code raftId}: the leader probes it again later. */
  public void reportUnreachable(long raftId) {
    inbox.offer(
        () -> {
          if (isLeader()) {
            leaderStats.follower(hexOfRaftId(raftId)).fail();
            appendSentNanos.remove(raftId);
          }
          node.reportUnreachable(raftId);
        });
  }

  /**
   * The member ID, in hex as etcd prints it, of the member (or removed member) with this Raft ID:
   * what log lines name a peer by. The Raft ID's hex if this member has not heard of it.
   */
  public String hexOfRaftId(long raftId) {
    Member m = membersByRaftId.get(raftId);
    if (m != null) {
      return m.hexId();
    }
    Long removed = removedMemberIdsByRaftId.get(raftId);
    return MemberIds.hex(removed != null ? removed : raftId);
  }

  /** About what the message weighs on the wire (the stats count bytes, as etcd's do). */
  private static int size(Message m) {
    int bytes = 64 + m.snapshot().data().length;
    for (Entry e : m.entries()) {
      bytes += 24 + e.data().length;
    }
    return bytes;
  }

  /** Whether the leader's snapshot reached {@code raftId}. */
  public void reportSnapshot(long raftId, boolean delivered) {
    inbox.offer(() -> node.reportSnapshot(raftId, delivered));
  }

  /** A peer refused this member as removed from the cluster. */
  public void reportRemoved() {
    removed.complete(null);
  }

  /** Proposes a write; completes with its event or fails with its error, keys user-visible. */
  CompletableFuture<Event> proposeWrite(KeysWrite write) {
    return propose(id -> request(EntryCodec.Kind.WRITE, id, write, null));
  }

  /**
   * A linearizable read without a log entry (Raft's ReadIndex): answers {@code read} on the loop
   * once this member has applied the leader's commit index as of a moment after the read arrived,
   * confirmed by a quorum, so the answer reflects every write acknowledged before. Fails with the
   * request timeout as a write does, e.g. on a member cut off from the others.
   */
  @SuppressWarnings("unchecked")
  CompletableFuture<Event> linearizableRead(Supplier<Event> read) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    submit(
        f,
        () -> {
          long id = nextRequestId++;
          pending.put(id, new Pending(f, System.nanoTime(), deadline, read));
          reads.add(id);
        });
    return (CompletableFuture<Event>) (CompletableFuture<?>) f;
  }

  /**
   * Adds a member with {@code peerUrls} (sorted, as etcd stores them) under an ID derived from them
   * and the current time, as etcd's {@code member add}; completes with the new member once the
   * change is applied here, or fails with a {@link MemberException}.
   */
  CompletableFuture<Member> addMember(List<String> peerUrls) {
    List<String> urls = new ArrayList<>(peerUrls);
    urls.sort(null);
    long id = MemberIds.memberId(urls, "", config.clock().instant().getEpochSecond());
    Member member = new Member(id, "", urls, List.of());
    return this.<Object>proposeChange(ConfChangeType.ADD_NODE, id, urls).thenApply(x -> member);
  }

  /** Removes a member; fails with a {@link MemberException} (404 unknown, 410 removed before). */
  CompletableFuture<Void> removeMember(long id) {
    return this.<Object>proposeChange(ConfChangeType.REMOVE_NODE, id, List.of())
        .thenApply(x -> null);
  }

  /** Changes a member's peer URLs (not a voting change: an ordinary entry). */
  CompletableFuture<Void> updateMember(long id, List<String> peerUrls) {
    List<String> urls = new ArrayList<>(peerUrls);
    urls.sort(null);
    return this.<Event>propose(
            rid ->
                request(
                    EntryCodec.Kind.UPDATE, rid, null, new EntryCodec.MemberRecord(id, "", urls)))
        .thenApply(x -> null);
  }

  private byte[] request(
      EntryCodec.Kind kind, long id, KeysWrite write, EntryCodec.MemberRecord member) {
    return EntryCodec.encode(
        new EntryCodec.Request(kind, id, config.clock().instant(), write, member));
  }

  private interface Encoder {
    byte[] encode(long requestId);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> propose(Encoder encoder) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    submit(
        f,
        () -> {
          if (unproposed.size() >= MAX_UNPROPOSED) {
            // No leader for a while: refuse rather than queue without bound.
            f.completeExceptionally(new IllegalStateException("etcdserver: too many requests"));
            return;
          }
          long id = nextRequestId++;
          unproposed.add(new Proposal(id, encoder.encode(id)));
          pending.put(id, new Pending(f, System.nanoTime(), deadline, null));
        });
    return (CompletableFuture<T>) f;
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> proposeChange(
      ConfChangeType type, long memberId, List<String> peerUrls) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    submit(
        f,
        () -> {
          try {
            if (config.strictReconfigCheck()) {
              refuseUnlessEnoughStarted(type, memberId);
            }
            // Checked here against what this member has applied (an early, clear answer) and
            // again when applied, where the answer is authoritative.
            check(type, memberId, peerUrls);
          } catch (MemberException e) {
            f.completeExceptionally(e);
            return;
          }
          long id = nextRequestId++;
          byte[] context = new EntryCodec.MemberChange(id, memberId, peerUrls).encode();
          unproposedChanges.add(
              new ChangeProposal(id, new ConfChange(type, RaftIds.of(memberId), context)));
          pending.put(id, new Pending(f, System.nanoTime(), deadline, null));
        });
    return (CompletableFuture<T>) f;
  }

  private void submit(CompletableFuture<Object> f, Runnable command) {
    if (stopping || failure != null) {
      f.completeExceptionally(new IllegalStateException("etcdserver: server stopped"));
    } else if (!inbox.offer(command)) {
      f.completeExceptionally(new IllegalStateException("etcdserver: too many requests"));
    }
  }

  private void step(Message m) {
    if (m.type() == MessageType.APP_RESP && !m.reject()) {
      Long sent = appendSentNanos.remove(m.from());
      if (sent != null && isLeader()) {
        leaderStats
            .follower(hexOfRaftId(m.from()))
            .succ(Duration.ofNanos(System.nanoTime() - sent));
      }
    }
    try {
      node.step(m);
    } catch (RuntimeException e) {
      // A message Raft cannot take (from a confused or hostile peer) is dropped, not fatal.
      log.warning(
          "dropped a " + m.type() + " message from " + Long.toHexString(m.from()) + ": " + e);
    }
  }

  private void run() {
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(config.heartbeatMs());
    long syncNanos = TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MS);
    long nextTick = System.nanoTime() + tickNanos;
    long nextSync = System.nanoTime() + syncNanos;
    // Watchers are woken only after each Ready's applied writes are answered (appliedCommitted):
    // on a member with a thousand watchers, a write's answer was queued behind all their wake-ups.
    store.holdNotifications();
    try {
      if (confState.voters().equals(List.of(RaftIds.of(durable.memberId())))) {
        // Alone in the cluster: no reason to wait an election timeout for ourselves.
        node.campaign();
      }
      boolean readiesLeft = processReadies();
      long electionAdvanceDeadline = System.nanoTime() + ELECTION_ADVANCE_WAIT_NANOS;
      boolean electionAdvanced = false;
      while (!stopping) {
        long wait = readiesLeft ? 0 : nextTick - System.nanoTime();
        Runnable command = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
        for (int n = 0; command != null && n < MAX_COMMANDS_PER_ROUND; n++) {
          command.run();
          command = n + 1 < MAX_COMMANDS_PER_ROUND ? inbox.poll() : null;
        }
        long now = System.nanoTime();
        if (!electionAdvanced) {
          electionAdvanced = maybeAdvanceElection(now, electionAdvanceDeadline);
        }
        if (now - nextTick >= 0) {
          node.tick();
          expireTimedOut(now);
          // After a stall (a long fsync) tick once, not a burst that would start elections.
          nextTick = Math.max(nextTick + tickNanos, now + 1);
        }
        // Only while some key has a TTL, as etcd 3.4 (HasTTLKeys): otherwise a sync expires
        // nothing, and an idle cluster would append and fsync an entry twice a second.
        if (isLeader() && now - nextSync >= 0) {
          if (store.hasTtlKeys()) {
            long id = 0;
            unproposed.add(new Proposal(id, request(EntryCodec.Kind.SYNC, id, null, null)));
          }
          nextSync = now + syncNanos;
        }
        maybePublish(now);
        proposeQueued();
        reads.ask(now, () -> nextRequestId++, pending::containsKey, node::readIndex);
        metrics.pendingProposals().set(pending.size());
        readiesLeft = processReadies();
        maybeSnapshot();
        syncCommitIndexWhenQuiet(now);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      // A failed WAL write or a corrupt entry: nothing more can be acknowledged safely.
      failure = t;
      log.error("the raft loop stopped: " + t);
    } finally {
      store.releaseNotifications(); // what an apply that failed mid-Ready left held
      if (snapshotWrite != null) {
        finishSnapshotOnStop();
      }
      for (Runnable command = inbox.poll(); command != null; command = inbox.poll()) {
        command.run();
      }
      for (Pending p : pending.values()) {
        p.future().completeExceptionally(new IllegalStateException("etcdserver: server stopped"));
      }
      pending.clear();
      if (failure != null) {
        terminated.completeExceptionally(failure);
      } else {
        writeHeldBackCommitOnStop();
        terminated.complete(null);
      }
    }
  }

  /**
   * Carries out Raft's work. Returns whether work may be left (the rounds or the time ran out): the
   * loop then comes back without waiting for its next tick.
   */
  private boolean processReadies() {
    long deadline = System.nanoTime() + READY_BUDGET_NANOS;
    int rounds = driver.processAll(MAX_READY_ROUNDS, () -> System.nanoTime() - deadline < 0);
    return rounds == MAX_READY_ROUNDS || System.nanoTime() - deadline >= 0;
  }

  /**
   * etcd's adjustTicks: once this member reaches its peers after a start, its election clock is
   * moved to two ticks before the timeout, so that a cluster starting (or restarting after a crash
   * of all its members) elects a leader a few heartbeats after the members can talk, not a whole
   * election timeout later. A live leader's next heartbeat still resets the clock, so a member
   * restarting into a working cluster does not disturb it. Gives up (leaving the clock as it is)
   * after etcd's 5 seconds; true when there is nothing more to do.
   */
  private boolean maybeAdvanceElection(long now, long deadline) {
    int others = confState.voters().size() - 1;
    if (others <= 0 || leader != 0 || now - deadline >= 0) {
      return true;
    }
    // etcd waits for more than one active peer; a two-member cluster has only one to wait for.
    int active = transport.activePeers();
    if (active < Math.min(2, others)) {
      return false;
    }
    int ticks = Math.max(0, config.electionTicks() - 2);
    node.advanceTicks(ticks);
    log.info(
        "initialized peer connections; fast-forwarding election ticks (local member "
            + MemberIds.hex(durable.memberId())
            + ", forward ticks "
            + ticks
            + ", forward "
            + ticks * config.heartbeatMs()
            + "ms, election ticks "
            + config.electionTicks()
            + ", active remote members "
            + active
            + ")");
    return true;
  }

  /** Hands queued proposals to Raft once a leader is known (a follower's go to the leader). */
  private void proposeQueued() {
    if (leader == 0) {
      return;
    }
    if (!unproposed.isEmpty()) {
      List<byte[]> batch = new ArrayList<>(unproposed.size());
      unproposed.forEach(p -> batch.add(p.data()));
      if (node.propose(batch)) {
        unproposed.clear();
      }
    }
    // Raft takes one membership change at a time: the next waits (until its request times out)
    // for the previous one to be applied.
    while (!unproposedChanges.isEmpty()
        && node.proposeConfChange(unproposedChanges.peek().change())) {
      unproposedChanges.poll();
    }
  }

  /**
   * etcd's publish: once per start, the member's name and client URLs go through the log, so that
   * every member lists them; retried each request timeout until applied.
   */
  private void maybePublish(long now) {
    if (published
        || leader == 0
        || applied < replayTarget
        || now - nextPublishNanos < 0
        || members.stream().noneMatch(m -> m.id() == durable.memberId())) {
      return;
    }
    long id = nextRequestId++;
    publishRequests.add(id);
    unproposed.add(
        new Proposal(
            id,
            request(
                EntryCodec.Kind.PUBLISH,
                id,
                null,
                new EntryCodec.MemberRecord(
                    durable.memberId(), config.name(), config.clientUrls()))));
    nextPublishNanos = now + config.requestTimeout().toNanos();
  }

  private void expireTimedOut(long now) {
    boolean expired = false;
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.deadlineNanos() >= 0) {
        it.remove();
        expired = true;
        metrics.proposalsFailed().inc();
        p.future()
            .completeExceptionally(new IllegalStateException("etcdserver: request timed out"));
      }
    }
    if (expired) {
      // Their entries, if not yet proposed, are not proposed any more.
      unproposed.removeIf(
          p -> p.id() != 0 && !pending.containsKey(p.id()) && !publishRequests.contains(p.id()));
      unproposedChanges.removeIf(p -> !pending.containsKey(p.id()));
    }
  }

  /**
   * Every {@code snapshotCount} applied entries: the store is copied here, on the loop (it changes
   * with the next apply), and encoded, written and synced on a thread of its own; {@link
   * #finishSnapshot} takes over once the file is durable.
   */
  private void maybeSnapshot() throws IOException, InterruptedException {
    if (snapshotWrite != null) {
      if (snapshotWrite.isDone()) {
        finishSnapshot();
      }
      return;
    }
    long start = System.nanoTime();
    boolean quietAfterWrites =
        start - lastWriteNanos >= QUIET_SNAPSHOT_NANOS
            && (writesSinceSnapshot >= Math.max(1, config.snapshotCount() / 10)
                || (writesSinceSnapshot > 0 && worthCuttingTheWal()));
    if (applied - snapshotIndex < config.snapshotCount() && !quietAfterWrites) {
      return;
    }
    writesSinceSnapshot = 0;
    // Raft's storage holds no snapshot past snapshotIndex (a received one moves it too), so this
    // one is newer; finishSnapshot checks again, as one may be received while this is saved.
    SnapshotMetadata metadata =
        new SnapshotMetadata(applied, durable.storage().term(applied), confState);
    // The loop waits for commands at most a tick; the no-op only makes it look sooner.
    snapshotWrite =
        SnapshotWrite.start(
            durable.snapshotter(), metadata, store.freeze(), start, () -> inbox.offer(() -> {}));
  }

  /**
   * Writes the commit index held back by {@link Handler#persist} once nothing has been appended to
   * the log for {@link #QUIET_SNAPSHOT_NANOS}: one fsync per quiet spell. Otherwise the last
   * entries before the spell stay uncommitted on disk, and a member restarted after it (the bench's
   * restarts after a restart: the member's publish and the next write) waits for a leader and a
   * round of commits before it serves them ({@link ReplayTarget}): 0.5-0.9 s of a 3-member restart.
   */
  private void syncCommitIndexWhenQuiet(long now) throws IOException {
    if (now - lastAppendNanos >= QUIET_SNAPSHOT_NANOS) {
      writeUnsyncedHardState();
    }
  }

  /**
   * A member stopped within a quiet spell's first half second still holds back the commit index of
   * its last entries: written now, so that a restart with --force-new-cluster (which keeps only the
   * entries its disk says are committed) does not drop writes this member acknowledged or applied.
   */
  private void writeHeldBackCommitOnStop() {
    try {
      writeUnsyncedHardState();
    } catch (IOException | RuntimeException e) {
      log.warning("could not write the commit index as the member stopped: " + e);
    }
  }

  /** Makes the commit index that {@link Handler#persist} held back durable, if any. */
  private void writeUnsyncedHardState() throws IOException {
    if (unsyncedHardState != null) {
      durable.wal().append(unsyncedHardState, List.of());
      syncedHardState = unsyncedHardState;
      unsyncedHardState = null;
    }
  }

  /**
   * Whether a quiet snapshot should be saved for the WAL's sake, after however few writes: its
   * marker would cover the whole log and so start a new segment ({@link Wal#saveSnapshot}), and a
   * restart would read that segment alone instead of every record of the current one (8 MiB or
   * more: after 100,000 writes of 256 bytes, 35 MiB). Not while keys have TTLs: the leader's sync
   * entries then follow the snapshot within half a second, and its marker would seldom cover the
   * log.
   */
  private boolean worthCuttingTheWal() {
    return durable.wal().segmentWorthCutting()
        && applied == durable.storage().lastIndex()
        && !store.hasTtlKeys();
  }

  /**
   * The snapshot file is durable: Raft's storage takes it, then its WAL marker is written, and only
   * then the log in memory is compacted and older snapshot files and WAL segments are purged.
   */
  private void finishSnapshot() throws IOException, InterruptedException {
    SnapshotWrite w = snapshotWrite;
    snapshotWrite = null;
    // Throws if the save failed: as a failed WAL write, that stops the loop.
    Snapshot saved = w.await(0);
    SnapshotMetadata metadata = saved.metadata();
    long index = metadata.index();
    if (index <= snapshotIndex
        || !durable.storage().createSnapshot(index, metadata.confState(), saved.data())) {
      return; // the leader's snapshot came meanwhile, and is newer
    }
    // A restart must find a commit index at least as high as the snapshot it starts from.
    writeUnsyncedHardState();
    durable.wal().saveSnapshot(new SnapshotMarker(index, metadata.term()));
    durable.storage().dropSnapshotData(index, this::readSnapshot);
    snapshotIndex = index;
    metrics.snapshotSaveDurations().observe((System.nanoTime() - w.startNanos()) / 1e9);
    long compactTo = index - Math.min(CATCH_UP_ENTRIES, config.snapshotCount());
    if (compactTo >= durable.storage().firstIndex()) {
      durable.storage().compact(compactTo);
    }
    durable.snapshotter().purge(config.maxSnapshots());
    Wal.purge(fs, config.walDir(), index, config.maxWals());
    log.info("saved snapshot at index " + index);
  }

  /**
   * A durable snapshot's data, read back from its file: the server keeps only the metadata in
   * memory (the data is the whole store again, 30 MiB at 100,000 keys of 256 bytes), and Raft reads
   * the data only to catch up a follower. {@link Snapshot#EMPTY} if the file cannot be read (Raft
   * then sends no snapshot, and tries again).
   */
  private Snapshot readSnapshot(SnapshotMetadata metadata) {
    try {
      return durable.snapshotter().load(metadata);
    } catch (IOException e) {
      log.warning("could not read the snapshot at index " + metadata.index() + ": " + e);
      return Snapshot.EMPTY;
    }
  }

  /** At stop: a snapshot being saved is finished (bounded), so that a restart starts from it. */
  private void finishSnapshotOnStop() {
    long index = snapshotWrite.metadata().index();
    try {
      if (snapshotWrite.await(STOP_SNAPSHOT_WAIT_MS) == null) {
        log.warning(
            "the snapshot at index " + index + " was not saved in time; the WAL has it all");
      } else if (failure == null) {
        finishSnapshot();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      log.error("the snapshot at index " + index + " was not saved: " + e);
    }
  }

  /** Re-reads the membership from the store and re-targets the transport. */
  private void refreshMembership() {
    List<Member> now = Membership.members(store);
    if (now.isEmpty() && config.join()) {
      // Joined, and the leader's snapshot has not come yet: the members it was told of are the
      // ones it can answer.
      now = config.initialCluster();
    }
    Map<Long, Long> gone = new HashMap<>();
    for (long id : Membership.removed(store)) {
      gone.put(RaftIds.of(id), id);
    }
    Map<Long, Member> byRaftId = new HashMap<>();
    Map<Long, List<String>> peers = new HashMap<>();
    for (Member m : now) {
      byRaftId.put(RaftIds.of(m.id()), m);
      if (m.id() != durable.memberId()) {
        peers.put(RaftIds.of(m.id()), m.peerUrls());
      }
    }
    members = now;
    membersByRaftId = Map.copyOf(byRaftId);
    removedMemberIdsByRaftId = Map.copyOf(gone);
    transport.updatePeers(peers);
  }

  /** Applies one committed entry to the store and answers its proposer, if it is ours. */
  private void applyEntry(Entry entry, ConfState cs) {
    if (entry.type() == EntryType.CONF_CHANGE) {
      if (entry.data().length > 0) {
        applyConfChange(ConfChange.decode(entry.data()), cs);
      }
      return;
    }
    if (entry.data().length == 0) {
      return; // the leader's no-op
    }
    EntryCodec.Request r = EntryCodec.decode(entry.data());
    // A READ marker comes from an older version that proposed quorum reads: nobody waits for it.
    boolean answered = r.kind() != EntryCodec.Kind.SYNC && r.kind() != EntryCodec.Kind.READ;
    Pending p = answered ? pending.remove(r.id()) : null;
    switch (r.kind()) {
      case SYNC -> store.deleteExpiredKeys(r.time());
      case READ -> {}
      case WRITE -> {
        writesSinceSnapshot++;
        lastWriteNanos = System.nanoTime();
        try {
          Event e = r.write().applyTo(store, Namespace.in(r.write().key()), r.time());
          complete(p, Namespace.out(e));
        } catch (RuntimeException e) {
          // Every member gets the same error from the same entry: it is the write's result.
          fail(p, Namespace.out(e));
        }
      }
      case PUBLISH -> {
        EntryCodec.MemberRecord m = r.member();
        if (Membership.publish(store, m.memberId(), m.name(), m.urls(), r.time())) {
          refreshMembership();
          if (publishRequests.remove(r.id())) {
            published = true;
            log.info(
                "published {Name:"
                    + m.name()
                    + " ClientURLs:"
                    + m.urls()
                    + "} to cluster "
                    + MemberIds.hex(durable.clusterId()));
          }
        }
      }
      case UPDATE -> {
        EntryCodec.MemberRecord m = r.member();
        try {
          Membership.checkUpdate(store, m.memberId(), m.urls());
          Membership.updatePeerUrls(store, m.memberId(), m.urls(), r.time());
          refreshMembership();
          log.info(
              "updated member "
                  + MemberIds.hex(m.memberId())
                  + " "
                  + m.urls()
                  + " in cluster "
                  + MemberIds.hex(durable.clusterId()));
          complete(p, null);
        } catch (MemberException e) {
          fail(p, e);
        }
      }
    }
  }

  private void applyConfChange(ConfChange change, ConfState cs) {
    EntryCodec.MemberChange mc = EntryCodec.MemberChange.decode(change.context());
    Pending p = pending.remove(mc.requestId());
    if (cs == null) {
      fail(p, refusedChange);
      return;
    }
    confState = cs;
    Instant at = Instant.EPOCH; // membership records never expire: their time is irrelevant
    String cluster = MemberIds.hex(durable.clusterId());
    if (change.type() == ConfChangeType.ADD_NODE) {
      Membership.add(store, mc.memberId(), mc.peerUrls(), at);
      log.info(
          "added member "
              + MemberIds.hex(mc.memberId())
              + " "
              + mc.peerUrls()
              + " to cluster "
              + cluster);
    } else {
      Membership.remove(store, mc.memberId(), at);
      leaderStats.removeFollower(MemberIds.hex(mc.memberId()));
      log.info("removed member " + MemberIds.hex(mc.memberId()) + " from cluster " + cluster);
      if (mc.memberId() == durable.memberId()) {
        reportRemoved();
      }
    }
    refreshMembership();
    complete(p, null);
  }

  /** etcd 2.3's {@code --strict-reconfig-check}, on the members this member has applied. */
  private void refuseUnlessEnoughStarted(ConfChangeType type, long memberId) {
    Optional<String> refusal =
        type == ConfChangeType.ADD_NODE
            ? StartedQuorum.refusalToAdd(members)
            : StartedQuorum.refusalToRemove(members, memberId);
    if (refusal.isPresent()) {
      log.warning(refusal.get());
      throw MemberException.notEnoughStartedMembers();
    }
  }

  private void check(ConfChangeType type, long memberId, List<String> peerUrls) {
    if (type == ConfChangeType.ADD_NODE) {
      Membership.checkAdd(store, memberId, peerUrls);
    } else {
      Membership.checkRemove(store, memberId);
    }
  }

  /** Answers a quorum read whose read index is applied, unless it timed out meanwhile. */
  private void answerRead(long id) {
    Pending p = pending.remove(id);
    if (p != null) {
      try {
        complete(p, p.read().get());
      } catch (RuntimeException e) {
        fail(p, e);
      }
    }
  }

  private void complete(Pending p, Object result) {
    if (p != null) {
      metrics.proposalDurations().observe((System.nanoTime() - p.startNanos()) / 1e9);
      p.future().complete(result);
    }
  }

  private static void fail(Pending p, RuntimeException e) {
    if (p != null) {
      p.future().completeExceptionally(e);
    }
  }

  /**
   * Hands leadership to the most up-to-date follower (bounded by an election timeout), then stops
   * the loop (pending requests fail) and closes the WAL; idempotent. Bounded: waits 10 s at most
   * for the loop.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return; // the WAL is closed once: by the shutdown hook or by a failed start, not both
    }
    try {
      handOverLeadership();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopping = true;
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loop.isAlive()) {
      log.warning("the raft loop did not stop within 10 s; closing the WAL anyway");
    }
    durable.wal().close();
  }

  private void handOverLeadership() throws InterruptedException {
    if (!isLeader() || failure != null || !loop.isAlive() || members.size() < 2) {
      return;
    }
    long self = node.id();
    boolean asked =
        inbox.offer(
            () -> {
              long best = 0;
              long bestMatch = -1;
              for (var e : node.matchIndexes().entrySet()) {
                if (e.getKey() != self && e.getValue() > bestMatch) {
                  best = e.getKey();
                  bestMatch = e.getValue();
                }
              }
              if (best != 0) {
                log.info("transferring leadership to " + hexOfRaftId(best));
                node.transferLeadership(best);
              }
            });
    long deadline =
        System.nanoTime()
            + TimeUnit.MILLISECONDS.toNanos(2L * config.electionTicks() * config.heartbeatMs());
    while (asked && isLeader() && System.nanoTime() - deadline < 0) {
      Thread.sleep(Math.max(1, config.heartbeatMs() / 4));
    }
    if (isLeader()) {
      log.warning("leadership was not handed over; stopping anyway");
    }
  }

  private final class Handler implements RaftDriver.Handler {
    @Override
    public void persist(HardState hardState, Snapshot snapshot, List<Entry> entries) {
      if (!hardState.isEmpty()) {
        term = hardState.term();
      }
      // etcd's MustSync: only new entries, a snapshot, or a new term or vote need an fsync. A
      // change of the commit index alone is kept and written with the next synced append (or
      // before the next snapshot marker, or once the log is quiet): a restart from an older commit
      // index is safe, since Raft commits those entries again, and it saves one fsync per write.
      boolean mustSync =
          !entries.isEmpty()
              || !snapshot.isEmpty()
              || (!hardState.isEmpty()
                  && (hardState.term() != syncedHardState.term()
                      || hardState.vote() != syncedHardState.vote()));
      if (!mustSync) {
        if (!hardState.isEmpty()) {
          unsyncedHardState = hardState;
        }
        return;
      }
      HardState toWrite = !hardState.isEmpty() ? hardState : unsyncedHardState;
      try {
        if (!snapshot.isEmpty()) {
          // The file first, then its marker: a marker always names a durable snapshot.
          durable.snapshotter().save(snapshot);
          durable
              .wal()
              .saveSnapshot(
                  new SnapshotMarker(snapshot.metadata().index(), snapshot.metadata().term()));
        }
        if (toWrite == null) {
          toWrite = HardState.EMPTY;
        }
        if (toWrite.isEmpty() && entries.isEmpty()) {
          return;
        }
        long start = System.nanoTime();
        durable.wal().append(toWrite, entries);
        // The append returns once its fsync is done: this is the time the write waited for it.
        metrics.walFsyncDurations().observe((System.nanoTime() - start) / 1e9);
        if (!entries.isEmpty()) {
          lastAppendNanos = start;
          metrics.walLastIndexSaved().set(entries.get(entries.size() - 1).index());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!toWrite.isEmpty()) {
        syncedHardState = toWrite;
        unsyncedHardState = null;
      }
    }

    @Override
    public void send(List<Message> messages) {
      long now = System.nanoTime();
      for (Message m : messages) {
        if (m.type() == MessageType.APP) {
          serverStats.sendAppendReq(size(m), now);
          appendSentNanos.putIfAbsent(m.to(), now);
        }
      }
      transport.send(messages);
    }

    @Override
    public void applySnapshot(Snapshot snapshot) {
      store.recover(snapshot.data());
      confState = snapshot.metadata().confState();
      applied = snapshot.metadata().index();
      writesSinceSnapshot = 0;
      durable.storage().dropSnapshotData(applied, EtcdServer.this::readSnapshot); // persisted
      appliedIndex = applied;
      snapshotIndex = applied;
      refreshMembership();
      log.info("applied incoming snapshot at index " + applied);
      if (applied >= replayTarget) {
        replayed.countDown();
      }
    }

    @Override
    public boolean admit(ConfChange change) {
      EntryCodec.MemberChange mc = EntryCodec.MemberChange.decode(change.context());
      try {
        check(change.type(), mc.memberId(), mc.peerUrls());
        refusedChange = null;
        return true;
      } catch (MemberException e) {
        refusedChange = e;
        return false;
      }
    }

    @Override
    public void appliedCommitted() {
      // The writes just applied are answered; their watchers go next, before the Ready's write
      // (a follower applies entries the leader committed while its own fsync is still to come),
      // and the next Ready's are held again until its writes are answered.
      store.releaseNotifications();
      store.holdNotifications();
    }

    @Override
    public void apply(Entry entry, ConfState cs) {
      applyEntry(entry, cs);
      applied = entry.index();
      appliedIndex = applied;
      reads.applied(applied, EtcdServer.this::answerRead);
      if (applied >= replayTarget) {
        replayed.countDown();
      }
    }

    @Override
    public void readStates(List<ReadState> readStates) {
      reads.readStates(readStates, applied, EtcdServer.this::answerRead);
    }

    @Override
    public void softState(SoftState softState) {
      if (softState.state() == StateType.LEADER) {
        serverStats.becomeLeader(System.nanoTime());
      }
      if (softState.lead() != leader) {
        log.info(
            "raft: "
                + MemberIds.hex(durable.memberId())
                + " is "
                + softState.state()
                + (softState.lead() == 0
                    ? ", no leader"
                    : ", leader " + hexOfRaftId(softState.lead()))
                + " at term "
                + node.status().hardState().term());
        reads.leaderChanged(System.nanoTime());
      }
      leader = softState.lead();
    }
  }
}
