package cairn.bench;

import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.MemoryStorage;
import cairn.raft.Message;
import cairn.raft.RaftConfig;
import cairn.raft.RawNode;
import cairn.raft.Ready;
import cairn.raft.StateType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proposals committed per second by a 3-node in-memory cluster driven from one thread: 256-byte
 * entries, {@value #ENTRIES} per invocation, proposed either as one batch (one proposal message of
 * 256 entries) or one by one (256 proposals, each appended and broadcast on its own). An invocation
 * ends when the leader has applied all of them; every node persists to a MemoryStorage and compacts
 * now and then, so memory stays flat.
 *
 * <p>Run: {@code node/jmh.sh RaftThroughput -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RaftThroughput {
  static final int ENTRIES = 256;
  static final int SIZE_BYTES = 256;
  static final int NODES = 3;

  @Param({"true", "false"})
  public boolean batching;

  private final RawNode[] nodes = new RawNode[NODES + 1];
  private final MemoryStorage[] storages = new MemoryStorage[NODES + 1];
  private final long[] applied = new long[NODES + 1];
  private final List<ArrayDeque<Message>> inbox = new ArrayList<>();
  private final byte[] payload = new byte[SIZE_BYTES];
  private List<byte[]> batch;
  private ConfState conf;
  private int invocations;

  @Setup(Level.Trial)
  public void setUp() {
    conf = new ConfState(List.of(1L, 2L, 3L));
    inbox.add(null);
    for (int id = 1; id <= NODES; id++) {
      storages[id] = MemoryStorage.bootstrapped(conf, new byte[0]);
      nodes[id] =
          new RawNode(RaftConfig.builder(id, storages[id]).applied(1).maxInflightMsgs(256).build());
      inbox.add(new ArrayDeque<>());
    }
    batch = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      batch.add(payload);
    }
    nodes[1].campaign();
    pump(0);
    if (nodes[1].status().softState().state() != StateType.LEADER) {
      throw new IllegalStateException("node 1 did not become leader");
    }
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public long proposeAndCommit() {
    long target = applied[1] + ENTRIES;
    if (batching) {
      nodes[1].propose(batch);
    } else {
      for (int i = 0; i < ENTRIES; i++) {
        nodes[1].propose(payload);
      }
    }
    pump(target);
    if (++invocations % 64 == 0) {
      compact();
    }
    return applied[1];
  }

  /** Runs Readies and delivers messages until the leader applied {@code target}, or quiet. */
  private void pump(long target) {
    for (int round = 0; round < 100_000; round++) {
      boolean busy = false;
      for (int id = 1; id <= NODES; id++) {
        RawNode n = nodes[id];
        if (n.hasReady()) {
          busy = true;
          Ready rd = n.ready();
          storages[id].append(rd.entries());
          if (rd.hasHardState()) {
            storages[id].setHardState(rd.hardState());
          }
          for (Message m : rd.messages()) {
            inbox.get((int) m.to()).add(m);
          }
          List<Entry> ce = rd.committedEntries();
          if (!ce.isEmpty()) {
            applied[id] = ce.get(ce.size() - 1).index();
          }
          n.advance(rd);
        }
      }
      for (int id = 1; id <= NODES; id++) {
        ArrayDeque<Message> q = inbox.get(id);
        for (Message m = q.poll(); m != null; m = q.poll()) {
          busy = true;
          nodes[id].step(m);
        }
      }
      if ((target > 0 && applied[1] >= target) || !busy) {
        return;
      }
    }
    throw new IllegalStateException("cluster did not commit");
  }

  private void compact() {
    for (int id = 1; id <= NODES; id++) {
      long keep = applied[id] - 1024;
      if (keep > storages[id].firstIndex()) {
        storages[id].createSnapshot(keep, conf, new byte[0]);
        storages[id].compact(keep);
      }
    }
  }
}
