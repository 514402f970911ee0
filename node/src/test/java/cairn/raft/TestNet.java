package cairn.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A synchronous, fault-free-by-default network of nodes for the specification tests (etcd's
 * "network" helper): every Ready is persisted to the node's MemoryStorage before its messages are
 * delivered, in FIFO order, until the cluster is quiet. Links can be cut and message types dropped.
 */
final class TestNet {
  final TreeMap<Long, RawNode> nodes = new TreeMap<>();
  final Map<Long, MemoryStorage> storages = new HashMap<>();
  final Map<Long, List<Entry>> applied = new HashMap<>();
  final Map<Long, List<ReadState>> reads = new HashMap<>();
  final Set<List<Long>> cut = new HashSet<>();
  final Set<Long> isolated = new HashSet<>();
  final Set<MessageType> dropTypes = new HashSet<>();
  final List<Message> delivered = new ArrayList<>();
  private final UnaryOperator<RaftConfig.Builder> customize;

  TestNet(int size) {
    this(size, b -> b);
  }

  TestNet(int size, UnaryOperator<RaftConfig.Builder> customize) {
    this.customize = customize;
    List<Long> voters = new ArrayList<>();
    for (long id = 1; id <= size; id++) {
      voters.add(id);
    }
    for (long id : voters) {
      add(id, MemoryStorage.bootstrapped(new ConfState(voters), new byte[0]));
    }
  }

  /** Adds (or restarts) a node on the given storage. */
  RawNode add(long id, MemoryStorage storage) {
    RaftConfig c =
        customize
            .apply(RaftConfig.builder(id, storage).applied(storage.snapshot().metadata().index()))
            .build();
    RawNode n = new RawNode(c);
    nodes.put(id, n);
    storages.put(id, storage);
    applied.computeIfAbsent(id, k -> new ArrayList<>());
    reads.computeIfAbsent(id, k -> new ArrayList<>());
    return n;
  }

  MemoryStorage storage(long id) {
    return storages.get(id);
  }

  List<Entry> appliedEntries(long id) {
    return applied.get(id);
  }

  List<ReadState> readStates(long id) {
    return reads.get(id);
  }

  RawNode node(long id) {
    return nodes.get(id);
  }

  Raft raft(long id) {
    return nodes.get(id).raft();
  }

  /** Persists, applies and acknowledges every pending Ready of a node; returns its messages. */
  List<Message> drain(long id) {
    RawNode n = nodes.get(id);
    MemoryStorage s = storages.get(id);
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < 100 && n.hasReady(); i++) {
      Ready rd = n.ready();
      if (!rd.snapshot().isEmpty()) {
        s.applySnapshot(rd.snapshot());
      }
      s.append(rd.entries());
      if (rd.hasHardState()) {
        s.setHardState(rd.hardState());
      }
      out.addAll(rd.messages());
      for (Entry e : rd.committedEntries()) {
        if (e.type() == EntryType.CONF_CHANGE && e.data().length > 0) {
          n.applyConfChange(ConfChange.decode(e.data()));
        }
        applied.get(id).add(e);
      }
      reads.get(id).addAll(rd.readStates());
      n.advance(rd);
    }
    return out;
  }

  /** Delivers messages (and everything they cause) until the network is quiet. */
  void send(List<Message> msgs) {
    ArrayDeque<Message> q = new ArrayDeque<>(msgs);
    for (int i = 0; i < 100_000 && !q.isEmpty(); i++) {
      Message m = q.poll();
      if (dropped(m)) {
        continue;
      }
      nodes.get(m.to()).step(m);
      delivered.add(m);
      q.addAll(drain(m.to()));
    }
    if (!q.isEmpty()) {
      throw new AssertionError("network did not settle");
    }
  }

  private boolean dropped(Message m) {
    return !nodes.containsKey(m.to())
        || dropTypes.contains(m.type())
        || isolated.contains(m.to())
        || isolated.contains(m.from())
        || cut.contains(List.of(m.from(), m.to()))
        || cut.contains(List.of(m.to(), m.from()));
  }

  /** Delivers whatever every node has pending. */
  void settle() {
    List<Message> all = new ArrayList<>();
    for (long id : new ArrayList<>(nodes.keySet())) {
      all.addAll(drain(id));
    }
    send(all);
  }

  void campaign(long id) {
    nodes.get(id).campaign();
    settle();
  }

  boolean propose(long id, String data) {
    boolean ok = nodes.get(id).propose(data.getBytes());
    settle();
    return ok;
  }

  void tick(long id, int ticks) {
    for (int i = 0; i < ticks; i++) {
      nodes.get(id).tick();
    }
    settle();
  }

  void tickAll(int ticks) {
    for (int i = 0; i < ticks; i++) {
      for (RawNode n : nodes.values()) {
        n.tick();
      }
      settle();
    }
  }

  void cut(long a, long b) {
    cut.add(List.of(a, b));
  }

  void heal() {
    cut.clear();
    isolated.clear();
    dropTypes.clear();
  }

  StateType state(long id) {
    return raft(id).state;
  }

  long term(long id) {
    return raft(id).term;
  }

  long committed(long id) {
    return raft(id).log.committed;
  }

  /** The data of the applied normal, non-empty entries of a node, as strings. */
  List<String> appliedData(long id) {
    List<String> out = new ArrayList<>();
    for (Entry e : applied.get(id)) {
      if (e.type() == EntryType.NORMAL && e.data().length > 0) {
        out.add(new String(e.data()));
      }
    }
    return out;
  }

  /** A node's whole log (stable and unstable) from its first index. */
  List<Entry> log(long id) {
    RaftLog l = raft(id).log;
    return l.slice(l.firstIndex(), l.lastIndex() + 1, Long.MAX_VALUE);
  }
}
