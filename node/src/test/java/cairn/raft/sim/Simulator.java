package cairn.raft.sim;

import cairn.raft.ConfChange;
import cairn.raft.ConfChangeType;
import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.HardState;
import cairn.raft.MemoryStorage;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.raft.RaftConfig;
import cairn.raft.RaftDriver;
import cairn.raft.RawNode;
import cairn.raft.ReadState;
import cairn.raft.Snapshot;
import cairn.raft.SoftState;
import cairn.raft.StateType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One seeded schedule: a cluster on a faulty in-memory network, a safety phase with faults and a
 * random workload, then a liveness phase (network healed, in-order delivery, a minority of voters
 * possibly down) in which the cluster must commit a marker entry on every member that is up.
 * Everything random comes from the one seed, so a schedule replays exactly.
 */
final class Simulator {
  /** What a schedule did; {@code trace} hashes every delivered message, in order. */
  record Result(long ticks, long applied, int leaders, long trace) {}

  private record InFlight(long deliverAt, Message message, boolean lost) {}

  private static final int MAX_NODES = 9;
  // -Dcairn.sim.trace=true prints the messages of the last ticks of a failing schedule (how many:
  // -Dcairn.sim.traceTicks, default 15).
  private static final boolean TRACE = Boolean.getBoolean("cairn.sim.trace");

  private final SimOptions o;
  private final SplittableRandom rnd;
  private final SimChecker checker;
  private final TreeMap<Long, SimNode> nodes = new TreeMap<>();
  private final List<InFlight> network = new ArrayList<>();
  private final Map<ByteBuffer, Long> readsAwaited = new HashMap<>();
  // Removed nodes, with the voters that remain: a removed node keeps running (a removed leader
  // keeps leading) until a majority of those have applied its removal and can elect a leader
  // without it (stopping it earlier can leave a two-node cluster without a quorum).
  private final TreeMap<Long, List<Long>> retiring = new TreeMap<>();
  private Map<Long, Integer> partition; // null: no partition
  private boolean faults = true;
  private boolean clocks = true; // scripted scenarios stop the clocks: elections only on command
  private long now;
  private long nextId;
  private long counter;
  private int leaders;
  private long trace;
  private byte[] marker;

  Simulator(SimOptions o) {
    this.o = o;
    this.rnd = new SplittableRandom(o.seed());
    this.checker = new SimChecker(o.seed());
    List<Long> voters = new ArrayList<>();
    for (long id = 1; id <= o.initialVoters(); id++) {
      voters.add(id);
    }
    nextId = o.initialVoters() + 1;
    checker.hash(0, 1, 0);
    for (long id : voters) {
      SimNode n = new SimNode(id, MemoryStorage.bootstrapped(new ConfState(voters), new byte[0]));
      nodes.put(id, n);
      start(n);
    }
  }

  Result run() {
    for (int t = 0; t < o.safetyTicks(); t++) {
      tick();
    }
    faults = false;
    partition = null;
    for (SimNode n : nodes.values()) {
      if (!n.up() && !n.stopped) {
        start(n);
      }
    }
    // Liveness: with the network healed and every node back, the cluster settles (one leader,
    // every voter caught up, no membership change pending); then a minority of the voters goes
    // down for good and the majority that stays must still commit a new entry.
    boolean settled = false;
    long proposedAt = -1000;
    for (int t = 0; t < o.livenessTicks(); t++) {
      tick();
      SimNode leader = leader();
      if (leader == null) {
        continue;
      }
      if (!settled) {
        settled = settled(leader);
        if (settled) {
          keepMinorityDown(leader);
        }
        continue;
      }
      if (converged(leader)) {
        return new Result(now, checker.maxApplied(), leaders, trace);
      }
      if (now - proposedAt > 60 && nodes.values().stream().noneMatch(n -> n.sawMarker)) {
        marker = ByteBuffer.allocate(8).putLong(-o.seed()).array();
        leader.driver.node().propose(marker);
        proposedAt = now;
      }
    }
    checker.fail(
        "liveness: no progress within "
            + o.livenessTicks()
            + " ticks after faults stopped; "
            + describe());
    return null;
  }

  // ---- scripting, for named scenarios: no random faults, no workload, no clocks ---------------

  /** A simulator driven by a script; the seed still decides the nodes' random generators. */
  static Simulator scripted(SimOptions o) {
    Simulator s = new Simulator(o);
    s.faults = false;
    s.clocks = false;
    return s;
  }

  /** Puts each listed group of nodes on its own side; unlisted nodes join the first group. */
  void partition(long[]... groups) {
    partition = new HashMap<>();
    for (int g = 0; g < groups.length; g++) {
      for (long id : groups[g]) {
        partition.put(id, g);
      }
    }
  }

  void heal() {
    partition = null;
  }

  void crash(long id) {
    nodes.get(id).driver = null;
    nodes.get(id).role = StateType.FOLLOWER;
    nodes.get(id).becameLeader = false; // a leadership that died in its first write is no more
  }

  void restart(long id) {
    start(nodes.get(id));
  }

  void campaign(long id) {
    nodes.get(id).driver.node().campaign();
    process(nodes.get(id));
  }

  void propose(long id, int entries) {
    for (int i = 0; i < entries; i++) {
      nodes.get(id).driver.node().propose(ByteBuffer.allocate(8).putLong(++counter).array());
    }
    process(nodes.get(id));
  }

  /** Runs ticks until {@code done} holds (checked after each tick); false if it never did. */
  boolean runUntil(java.util.function.BooleanSupplier done, int maxTicks) {
    for (int t = 0; t < maxTicks; t++) {
      tick();
      if (done.getAsBoolean()) {
        return true;
      }
    }
    return false;
  }

  StateType role(long id) {
    return nodes.get(id).role;
  }

  long applied(long id) {
    return nodes.get(id).appliedIndex;
  }

  MemoryStorage storage(long id) {
    return nodes.get(id).storage;
  }

  String describe() {
    StringBuilder b = new StringBuilder();
    for (SimNode n : nodes.values()) {
      b.append("\n  node ").append(n.id);
      if (n.stopped) {
        b.append(" removed");
      } else if (!n.up()) {
        b.append(" down");
      } else {
        b.append(' ').append(n.driver.node().status());
      }
      b.append(" applied=").append(n.appliedIndex).append(" marker=").append(n.sawMarker);
    }
    return b.toString();
  }

  /** One leader, in its own configuration, and every voter has applied all of its log. */
  private boolean settled(SimNode leader) {
    List<Long> voters = leader.driver.node().status().confState().voters();
    if (!voters.contains(leader.id)) {
      return false; // a removed leader still leading: it retires soon
    }
    long last = leader.storage.lastIndex();
    for (long id : voters) {
      SimNode n = nodes.get(id);
      if (!n.up() || n.appliedIndex < last || !n.confState.voters().equals(voters)) {
        return false;
      }
    }
    return true;
  }

  /** Takes down a minority of the leader's voters (perhaps the leader) until the end. */
  private void keepMinorityDown(SimNode leader) {
    List<Long> voters = new ArrayList<>(leader.driver.node().status().confState().voters());
    int down = rnd.nextInt((voters.size() - 1) / 2 + 1);
    for (int i = 0; i < down; i++) {
      SimNode n = nodes.get(voters.remove(rnd.nextInt(voters.size())));
      n.driver = null;
      n.role = StateType.FOLLOWER;
      n.stopped = true; // for good: the majority must do without it
    }
  }

  private boolean converged(SimNode leader) {
    for (long id : leader.driver.node().status().confState().voters()) {
      SimNode n = nodes.get(id);
      if (n.up() && !n.sawMarker) {
        return false;
      }
    }
    return leader.sawMarker;
  }

  private SimNode leader() {
    SimNode best = null;
    long bestTerm = -1;
    for (SimNode n : nodes.values()) {
      if (n.up() && n.role == StateType.LEADER) {
        long term = n.driver.node().status().hardState().term();
        if (term > bestTerm) {
          best = n;
          bestTerm = term;
        }
      }
    }
    return best;
  }

  // ---- one tick --------------------------------------------------------------------------------

  private void tick() {
    now++;
    checker.now = now;
    if (faults) {
      injectFaults();
      workload();
    }
    for (SimNode n : nodes.values()) {
      if (n.up() && clocks) {
        n.driver.node().tick();
      }
    }
    deliverDue();
    retire();
    for (SimNode n : new ArrayList<>(nodes.values())) {
      // Sometimes a node has not written its Ready yet when the next tick (or crash) comes.
      if (n.up() && (!faults || rnd.nextDouble() < o.readyRate())) {
        process(n);
      }
    }
  }

  private void retire() {
    var it = retiring.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      int know = 0;
      for (long v : e.getValue()) {
        SimNode n = nodes.get(v);
        boolean knows = n.confState.voters().stream().noneMatch(x -> x.equals(e.getKey()));
        know += n.stopped || knows ? 1 : 0;
      }
      if (know >= e.getValue().size() / 2 + 1) {
        SimNode gone = nodes.get(e.getKey());
        gone.stopped = true; // etcd stops a removed member and refuses its messages
        gone.driver = null;
        it.remove();
      }
    }
  }

  private void process(SimNode n) {
    try {
      for (int i = 0; i < 10 && n.up() && n.driver.processReady(); i++) {
        if (n.becameLeader) {
          n.becameLeader = false;
          checker.leaderComplete(n.id, n.storage);
        }
      }
    } catch (CrashedWhileWriting e) {
      crash(n.id); // its messages may be out; its write is lost
    }
  }

  /** A node dies during its disk write: what it sent before (a leader sends first) is out. */
  private static final class CrashedWhileWriting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CrashedWhileWriting() {
      super(null, null, false, false);
    }
  }

  private void deliverDue() {
    List<InFlight> due = new ArrayList<>();
    List<InFlight> later = new ArrayList<>();
    for (InFlight f : network) {
      (f.deliverAt() <= now ? due : later).add(f);
    }
    network.clear();
    network.addAll(later);
    // Reorder: messages due in the same tick arrive in random order (a fault: once faults stop,
    // delivery is in send order, as over the TCP streams a real transport uses).
    for (int i = due.size() - 1; faults && i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      InFlight t = due.get(i);
      due.set(i, due.get(j));
      due.set(j, t);
    }
    for (InFlight f : due) {
      Message m = f.message();
      SimNode to = nodes.get(m.to());
      boolean cut =
          partition != null
              && !partition.getOrDefault(m.from(), 0).equals(partition.getOrDefault(m.to(), 0));
      boolean delivered = !f.lost() && to != null && to.up() && !cut && !isStopped(m.from());
      if (TRACE
          && (now
              > o.safetyTicks()
                  + o.livenessTicks()
                  - Integer.getInteger("cairn.sim.traceTicks", 15))) {
        System.out.println(now + (delivered ? " " : " LOST ") + m);
      }
      if (delivered) {
        trace = trace * 31 + m.type().ordinal();
        trace = ((trace * 31 + m.from()) * 31 + m.to()) * 31 + m.term();
        trace = ((trace * 31 + m.index()) * 31 + m.commit()) * 31 + m.entries().size();
        to.driver.node().step(m);
      }
      if (m.type() == MessageType.SNAP) {
        SimNode from = nodes.get(m.from());
        if (from != null && from.up()) {
          from.driver.node().reportSnapshot(m.to(), delivered);
        }
      }
    }
  }

  private boolean isStopped(long id) {
    SimNode n = nodes.get(id);
    return n == null || n.stopped;
  }

  private void send(List<Message> messages) {
    for (Message m : messages) {
      if (faults && rnd.nextDouble() < o.dropRate()) {
        network.add(new InFlight(now + 1, m, true)); // kept only to report a lost snapshot
        continue;
      }
      network.add(new InFlight(now + 1 + delay(), m, false));
      if (faults && rnd.nextDouble() < o.duplicateRate()) {
        network.add(new InFlight(now + 1 + delay(), m, false));
      }
    }
  }

  private int delay() {
    return faults && o.maxExtraDelayTicks() > 0 ? rnd.nextInt(o.maxExtraDelayTicks() + 1) : 0;
  }

  // ---- faults and workload ---------------------------------------------------------------------

  private void injectFaults() {
    if (rnd.nextDouble() < o.crashRate()) {
      SimNode n = pick(true);
      if (n != null) {
        n.driver = null; // everything not yet persisted is lost
        n.role = StateType.FOLLOWER;
      }
    }
    if (rnd.nextDouble() < o.restartRate()) {
      SimNode n = pick(false);
      if (n != null) {
        start(n);
      }
    }
    if (partition == null && rnd.nextDouble() < o.partitionRate()) {
      partition = new HashMap<>();
      SimNode leader = rnd.nextBoolean() ? leader() : null;
      for (long id : nodes.keySet()) {
        // Half the time cut the leader off alone (it keeps taking proposals it cannot commit:
        // divergent log tails), otherwise a random split.
        partition.put(id, leader != null ? (id == leader.id ? 1 : 0) : rnd.nextInt(2));
      }
    } else if (partition != null && rnd.nextDouble() < o.healRate()) {
      partition = null;
    }
    if (rnd.nextDouble() < o.compactRate()) {
      SimNode n = pick(true);
      if (n != null && n.appliedIndex > n.storage.snapshot().metadata().index()) {
        byte[] data = ByteBuffer.allocate(8).putLong(n.appHash).array();
        n.storage.createSnapshot(n.appliedIndex, n.confState, data);
        n.storage.compact(Math.max(n.storage.firstIndex(), n.appliedIndex - rnd.nextInt(4)));
      }
    }
  }

  private void workload() {
    if (rnd.nextDouble() < o.proposeRate()) {
      SimNode n = pick(true);
      if (n != null) {
        int k = 1 + rnd.nextInt(3);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          batch.add(ByteBuffer.allocate(12).putInt(0xCA1B).putLong(++counter).array());
        }
        n.driver.node().propose(batch);
      }
    }
    if (rnd.nextDouble() < o.readIndexRate()) {
      SimNode n = pick(true);
      if (n != null) {
        byte[] ctx = ByteBuffer.allocate(8).putLong(++counter).array();
        if (n.driver.node().readIndex(ctx)) {
          readsAwaited.put(ByteBuffer.wrap(ctx), checker.maxApplied());
        }
      }
    }
    SimNode leader = null;
    if (rnd.nextDouble() < o.confChangeRate() || rnd.nextDouble() < o.transferRate()) {
      leader = leader();
    }
    if (leader != null && rnd.nextDouble() < 0.5) {
      List<Long> voters = leader.driver.node().status().confState().voters();
      if (rnd.nextBoolean() && voters.size() < 7 && nodes.size() < MAX_NODES) {
        long id = nextId;
        if (leader.driver.node().proposeConfChange(ConfChange.addNode(id))) {
          nextId++;
          SimNode n = new SimNode(id, new MemoryStorage());
          nodes.put(id, n);
          start(n);
        }
      } else if (voters.size() > 1) {
        long id = voters.get(rnd.nextInt(voters.size()));
        // Never the leader of a two-node cluster: if it applies its removal first, the survivor
        // (whose log may be shorter) still counts it as a voter and cannot win without its vote,
        // which the removed node refuses. etcd documents this hazard; a server should transfer
        // leadership before removing the leader of a two-node cluster.
        if (voters.size() > 2 || id != leader.id) {
          leader.driver.node().proposeConfChange(ConfChange.removeNode(id));
        }
      }
    } else if (leader != null) {
      List<Long> voters = leader.driver.node().status().confState().voters();
      leader.driver.node().transferLeadership(voters.get(rnd.nextInt(voters.size())));
    }
  }

  /** A random node that is up (or down and restartable). */
  private SimNode pick(boolean up) {
    List<SimNode> c = new ArrayList<>();
    for (SimNode n : nodes.values()) {
      if (!n.stopped && n.up() == up) {
        c.add(n);
      }
    }
    return c.isEmpty() ? null : c.get(rnd.nextInt(c.size()));
  }

  // ---- a node's life ---------------------------------------------------------------------------

  private void start(SimNode n) {
    Snapshot snap = n.storage.snapshot();
    n.appliedIndex = snap.metadata().index();
    n.appHash = snap.data().length == 8 ? ByteBuffer.wrap(snap.data()).getLong() : 0;
    n.confState = snap.metadata().confState();
    n.role = StateType.FOLLOWER;
    RaftConfig config =
        RaftConfig.builder(n.id, n.storage)
            .electionTicks(10)
            .heartbeatTicks(1)
            .applied(n.appliedIndex)
            .maxSizePerMsgBytes(o.maxSizePerMsgBytes())
            .maxInflightMsgs(4)
            .checkQuorum(o.checkQuorum())
            .preVote(o.preVote())
            .random(new SplittableRandom(rnd.nextLong()))
            .injectedBug(o.bug())
            .build();
    n.driver = new RaftDriver(new RawNode(config), n.storage, new Handler(n));
  }

  private final class Handler implements RaftDriver.Handler {
    private final SimNode n;

    Handler(SimNode n) {
      this.n = n;
    }

    @Override
    public void softState(SoftState s) {
      n.role = s.state();
      if (s.state() == StateType.LEADER) {
        leaders++;
        n.becameLeader = true;
        checker.leader(n.driver.node().status().hardState().term(), n.id);
      }
    }

    @Override
    public void persist(HardState hs, Snapshot snapshot, List<Entry> entries) {
      if (faults && !entries.isEmpty() && rnd.nextDouble() < o.crashRate()) {
        throw new CrashedWhileWriting();
      }
      HardState old = n.storage.hardState();
      if (!hs.isEmpty() && (hs.term() < old.term() || hs.commit() < old.commit())) {
        checker.fail("node " + n.id + " hard state goes back: " + hs + " after " + old);
      }
      if (!hs.isEmpty() && hs.term() == old.term() && old.vote() != 0 && hs.vote() != old.vote()) {
        checker.fail("node " + n.id + " voted twice in term " + hs.term() + ": " + hs);
      }
      if (snapshot.isEmpty()) {
        checker.persisted(n.storage, entries);
      }
    }

    @Override
    public void send(List<Message> messages) {
      Simulator.this.send(messages);
    }

    @Override
    public void applySnapshot(Snapshot s) {
      n.appliedIndex = s.metadata().index();
      n.appHash = s.data().length == 8 ? ByteBuffer.wrap(s.data()).getLong() : 0;
      n.confState = s.metadata().confState();
      checker.hash(n.id, n.appliedIndex, n.appHash);
    }

    @Override
    public void apply(Entry e, ConfState cs) {
      if (e.index() != n.appliedIndex + 1) {
        checker.fail("node " + n.id + " applied " + e + " after " + n.appliedIndex);
      }
      n.appliedIndex = e.index();
      n.appHash = SimChecker.mix(n.appHash, e);
      checker.applied(n.id, e, n.appHash);
      if (marker != null && Arrays.equals(e.data(), marker)) {
        n.sawMarker = true;
      }
      if (cs != null) {
        n.confState = cs;
        ConfChange cc = ConfChange.decode(e.data());
        if (cc.type() == ConfChangeType.REMOVE_NODE && !cs.voters().contains(cc.nodeId())) {
          retiring.putIfAbsent(cc.nodeId(), cs.voters());
        }
      }
    }

    @Override
    public void readStates(List<ReadState> states) {
      for (ReadState rs : states) {
        Long min = readsAwaited.remove(ByteBuffer.wrap(rs.context()));
        if (min != null && rs.index() < min) {
          checker.fail("linearizable read: node " + n.id + " read at " + rs.index() + " < " + min);
        }
      }
    }
  }
}
