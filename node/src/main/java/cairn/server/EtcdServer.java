package cairn.server;

import cairn.http.KeysWrite;
import cairn.io.FileSystem;
import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.HardState;
import cairn.raft.Message;
import cairn.raft.RaftConfig;
import cairn.raft.RaftDriver;
import cairn.raft.RawNode;
import cairn.raft.Snapshot;
import cairn.raft.SoftState;
import cairn.snap.Snapshotter;
import cairn.store.Event;
import cairn.store.Store;
import cairn.wal.SnapshotMarker;
import cairn.wal.Wal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One member: a {@link RawNode} driven by a single loop thread that ticks every heartbeat, takes
 * proposals from a bounded queue, writes each Ready's hard state and entries to the WAL (durable)
 * before applying anything, applies committed entries to the store in log order, completes the
 * proposers' futures, proposes a sync entry every 500 ms while leading, and snapshots every {@code
 * snapshotCount} applied entries. Everything but the volatile read-outs is owned by the loop.
 */
public final class EtcdServer implements AutoCloseable {

  /** etcd's SyncTicker: the leader's clock goes through the log this often to expire TTLs. */
  static final long SYNC_INTERVAL_MS = 500;

  /** Entries kept in memory behind a snapshot (etcd's numberOfCatchUpEntries). */
  static final long CATCH_UP_ENTRIES = 5000;

  private static final int INBOX_CAPACITY = 8192;
  private static final int MAX_COMMANDS_PER_ROUND = 1024;
  private static final int MAX_READY_ROUNDS = 64;

  private final ServerConfig config;
  private final FileSystem fs;
  private final DurableState durable;
  private final Store store;
  private final RawNode node;
  private final RaftDriver driver;
  private final Consumer<String> log;
  private final BlockingQueue<Runnable> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
  private final Thread loop;
  // The last index in the log at start: clients are served once it is applied, so that a restarted
  // member never answers from the state before the writes it acknowledged in its previous run.
  private final long replayTarget;
  private final CountDownLatch replayed = new CountDownLatch(1);
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  // Owned by the loop thread.
  private final Map<Long, Pending> pending = new HashMap<>();
  private final ArrayDeque<byte[]> unproposed = new ArrayDeque<>();
  private long nextRequestId;
  private long snapshotIndex;
  private ConfState confState;
  private long applied;

  // Read by other threads.
  private volatile boolean stopping;
  private volatile long appliedIndex;
  private volatile long term;
  private volatile long leader;
  private volatile Throwable failure;

  /** A proposal waiting to be applied; {@code read} answers a quorum read at its index. */
  private record Pending(
      CompletableFuture<Event> future, long deadlineNanos, Supplier<Event> read) {}

  private EtcdServer(
      ServerConfig config, FileSystem fs, DurableState durable, Consumer<String> log) {
    this.config = config;
    this.fs = fs;
    this.durable = durable;
    this.store = durable.store();
    this.log = log;
    this.confState = durable.confState();
    this.snapshotIndex = durable.applied();
    this.applied = durable.applied();
    this.appliedIndex = durable.applied();
    this.term = durable.storage().hardState().term();
    this.replayTarget = durable.storage().lastIndex();
    // Request ids start from the wall clock so that entries of an earlier run, replayed after a
    // restart, never match a proposal of this run.
    this.nextRequestId = config.clock().millis() << 20;
    this.node =
        new RawNode(
            RaftConfig.builder(RaftIds.of(durable.memberId()), durable.storage())
                .electionTicks(config.electionTicks())
                .heartbeatTicks(1)
                .applied(durable.applied())
                .build());
    this.driver = new RaftDriver(node, durable.storage(), new Handler());
    this.loop = new Thread(this::run, "raft-loop " + MemberIdsHex.hex(durable.memberId()));
  }

  /**
   * Opens or creates the member's data dir and starts the loop.
   *
   * @param log where etcd-style progress lines go
   */
  public static EtcdServer start(ServerConfig config, FileSystem fs, Consumer<String> log)
      throws IOException {
    DurableState durable = DurableState.open(fs, config);
    durable.notes().forEach(log);
    EtcdServer s = new EtcdServer(config, fs, durable, log);
    log.accept(
        (durable.restarted() ? "restarted" : "started new")
            + " member "
            + MemberIdsHex.hex(durable.memberId())
            + " in cluster "
            + MemberIdsHex.hex(durable.clusterId())
            + " at snapshot index "
            + durable.applied()
            + " with "
            + durable.storage().lastIndex()
            + " as last index");
    s.loop.start();
    return s;
  }

  /**
   * Waits until every entry the log held at start is applied (the member elects itself and commits
   * them); false if that did not happen within {@code timeout}.
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

  /** The leader's ID, 0 when none is known. */
  public long leader() {
    return leader;
  }

  /** True while the loop runs and a leader is known. */
  public boolean healthy() {
    return failure == null && !stopping && leader != 0;
  }

  /** Proposes a write; completes with its event or fails with its error, keys user-visible. */
  CompletableFuture<Event> proposeWrite(KeysWrite write) {
    return propose(EntryCodec.Kind.WRITE, write, null);
  }

  /**
   * Proposes a read marker and answers {@code read} on the loop once it is applied, so the answer
   * reflects every write committed before the read was received.
   */
  CompletableFuture<Event> proposeRead(Supplier<Event> read) {
    return propose(EntryCodec.Kind.READ, null, read);
  }

  private CompletableFuture<Event> propose(
      EntryCodec.Kind kind, KeysWrite write, Supplier<Event> read) {
    CompletableFuture<Event> f = new CompletableFuture<>();
    if (stopping || failure != null) {
      f.completeExceptionally(new IllegalStateException("etcdserver: server stopped"));
      return f;
    }
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    Runnable command =
        () -> {
          long id = nextRequestId++;
          unproposed.add(
              EntryCodec.encode(new EntryCodec.Request(kind, id, config.clock().instant(), write)));
          pending.put(id, new Pending(f, deadline, read));
        };
    if (!inbox.offer(command)) {
      f.completeExceptionally(new IllegalStateException("etcdserver: too many requests"));
    }
    return f;
  }

  private void run() {
    long tickNanos = TimeUnit.MILLISECONDS.toNanos(config.heartbeatMs());
    long syncNanos = TimeUnit.MILLISECONDS.toNanos(SYNC_INTERVAL_MS);
    long nextTick = System.nanoTime() + tickNanos;
    long nextSync = System.nanoTime() + syncNanos;
    try {
      if (confState.voters().equals(List.of(RaftIds.of(durable.memberId())))) {
        // Alone in the cluster: no reason to wait an election timeout for ourselves.
        node.campaign();
      }
      driver.processAll(MAX_READY_ROUNDS);
      while (!stopping) {
        long wait = nextTick - System.nanoTime();
        Runnable command = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
        for (int n = 0; command != null && n < MAX_COMMANDS_PER_ROUND; n++) {
          command.run();
          command = n + 1 < MAX_COMMANDS_PER_ROUND ? inbox.poll() : null;
        }
        long now = System.nanoTime();
        if (now - nextTick >= 0) {
          node.tick();
          expireTimedOut(now);
          // After a stall (a long fsync) tick once, not a burst that would start elections.
          nextTick = Math.max(nextTick + tickNanos, now + 1);
        }
        if (leader == node.id() && now - nextSync >= 0) {
          unproposed.add(
              EntryCodec.encode(
                  new EntryCodec.Request(EntryCodec.Kind.SYNC, 0, config.clock().instant(), null)));
          nextSync = now + syncNanos;
        }
        if (!unproposed.isEmpty() && leader != 0) {
          if (node.propose(new ArrayList<>(unproposed))) {
            unproposed.clear();
          }
        }
        driver.processAll(MAX_READY_ROUNDS);
        maybeSnapshot();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      // A failed WAL write or a corrupt entry: nothing more can be acknowledged safely.
      failure = t;
      log.accept("the raft loop stopped: " + t);
    } finally {
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
        terminated.complete(null);
      }
    }
  }

  private void expireTimedOut(long now) {
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now - p.deadlineNanos() >= 0) {
        it.remove();
        p.future()
            .completeExceptionally(new IllegalStateException("etcdserver: request timed out"));
      }
    }
  }

  private void maybeSnapshot() throws IOException {
    if (applied - snapshotIndex < config.snapshotCount()) {
      return;
    }
    long index = applied;
    durable.storage().createSnapshot(index, confState, store.save());
    Snapshot snap = durable.storage().snapshot();
    Snapshotter snapshotter = durable.snapshotter();
    snapshotter.save(snap);
    durable.wal().saveSnapshot(new SnapshotMarker(index, snap.metadata().term()));
    snapshotIndex = index;
    long compactTo = index - CATCH_UP_ENTRIES;
    if (compactTo >= durable.storage().firstIndex()) {
      durable.storage().compact(compactTo);
    }
    snapshotter.purge(config.maxSnapshots());
    Wal.purge(fs, config.walDir(), index, config.maxWals());
    log.accept("saved snapshot at index " + index);
  }

  /** Applies one committed entry to the store and answers its proposer, if it is ours. */
  private void applyEntry(Entry entry) {
    if (entry.type() != EntryType.NORMAL || entry.data().length == 0) {
      return; // the leader's no-op, or a membership change Raft has applied already
    }
    EntryCodec.Request r = EntryCodec.decode(entry.data());
    Pending p = r.kind() == EntryCodec.Kind.SYNC ? null : pending.remove(r.id());
    switch (r.kind()) {
      case SYNC -> store.deleteExpiredKeys(r.time());
      case WRITE -> {
        try {
          Event e = r.write().applyTo(store, Namespace.in(r.write().key()), r.time());
          if (p != null) {
            p.future().complete(Namespace.out(e));
          }
        } catch (RuntimeException e) {
          // Every member gets the same error from the same entry: it is the write's result.
          if (p != null) {
            p.future().completeExceptionally(Namespace.out(e));
          }
        }
      }
      case READ -> {
        if (p != null) {
          try {
            p.future().complete(p.read().get());
          } catch (RuntimeException e) {
            p.future().completeExceptionally(e);
          }
        }
      }
    }
  }

  /**
   * Stops the loop (pending requests fail), then closes the WAL; idempotent. Bounded: waits 10 s at
   * most for the loop.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return; // the WAL is closed once: by the shutdown hook or by a failed start, not both
    }
    stopping = true;
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loop.isAlive()) {
      log.accept("the raft loop did not stop within 10 s; closing the WAL anyway");
    }
    durable.wal().close();
  }

  private final class Handler implements RaftDriver.Handler {
    @Override
    public void persist(HardState hardState, Snapshot snapshot, List<Entry> entries) {
      if (!snapshot.isEmpty()) {
        throw new IllegalStateException("a snapshot from a leader needs the peer transport");
      }
      if (hardState.isEmpty() && entries.isEmpty()) {
        return;
      }
      try {
        durable.wal().append(hardState, entries);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!hardState.isEmpty()) {
        term = hardState.term();
      }
    }

    @Override
    public void send(List<Message> messages) {
      // One member: nobody to send to (there is no peer transport yet).
    }

    @Override
    public void applySnapshot(Snapshot snapshot) {
      throw new IllegalStateException("a snapshot from a leader needs the peer transport");
    }

    @Override
    public void apply(Entry entry, ConfState cs) {
      if (cs != null) {
        confState = cs;
      }
      applyEntry(entry);
      applied = entry.index();
      appliedIndex = applied;
      if (applied >= replayTarget) {
        replayed.countDown();
      }
    }

    @Override
    public void softState(SoftState softState) {
      if (softState.lead() != leader) {
        log.accept(
            "raft: "
                + MemberIdsHex.hex(durable.memberId())
                + " is "
                + softState.state()
                + (softState.lead() == 0
                    ? ", no leader"
                    : ", leader "
                        + MemberIdsHex.hex(
                            softState.lead() == node.id() ? durable.memberId() : softState.lead()))
                + " at term "
                + node.status().hardState().term());
      }
      leader = softState.lead();
    }
  }
}
