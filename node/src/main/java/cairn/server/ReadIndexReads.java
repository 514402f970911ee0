package cairn.server;

import cairn.raft.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * etcd's linearizableReadLoop, owned by the server's loop thread: the quorum reads that arrive in
 * one loop round share one Raft ReadIndex request, identified by an 8-byte context (a fresh request
 * ID); when the {@link ReadState} with that context comes back, each read of the batch is released
 * once the applied index reaches the read index. No log entry is written.
 *
 * <p>Raft may drop a request (no leader known, a candidate) or lose it (a message dropped, a leader
 * that stepped down with it pending): a batch without its ReadState is asked again with the same
 * context on the next round after a drop, at once when the leader changes, and every {@link
 * #RETRY_NANOS} otherwise (etcd's readIndexRetryTime). A read itself never waits longer than its
 * request timeout: the server expires it, and a batch whose reads all expired is forgotten.
 */
final class ReadIndexReads {

  /** etcd's readIndexRetryTime: how long a batch waits for its ReadState before asking again. */
  static final long RETRY_NANOS = 500_000_000L;

  /** The Raft side: false when the request was dropped. */
  interface ReadIndex {
    boolean request(byte[] context);
  }

  /** A batch of reads that shares one context. */
  private static final class Batch {
    final List<Long> reads;
    long nextAskNanos;
    long index = -1; // the read index, once its ReadState came

    Batch(List<Long> reads) {
      this.reads = reads;
    }
  }

  private List<Long> arrived = new ArrayList<>();
  // Batches waiting for their ReadState, by context, oldest first.
  private final Map<ByteBuffer, Batch> asked = new LinkedHashMap<>();
  // Batches with a read index, waiting for the applied index to reach it.
  private final List<Batch> released = new ArrayList<>();

  /** A read (the server's request ID for it) to answer linearizably. */
  void add(long readId) {
    arrived.add(readId);
  }

  /**
   * Once per loop round: puts the reads that arrived into one new batch under a fresh {@code
   * context} and asks Raft for the batches that are due, forgetting those whose reads all expired
   * ({@code waiting} false for each).
   */
  void ask(long nowNanos, LongSupplier context, LongPredicate waiting, ReadIndex raft) {
    if (!arrived.isEmpty()) {
      Batch b = new Batch(arrived);
      b.nextAskNanos = nowNanos;
      asked.put(
          ByteBuffer.wrap(ByteBuffer.allocate(Long.BYTES).putLong(context.getAsLong()).array()), b);
      arrived = new ArrayList<>();
    }
    for (Iterator<Map.Entry<ByteBuffer, Batch>> it = asked.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ByteBuffer, Batch> e = it.next();
      Batch b = e.getValue();
      if (b.reads.stream().noneMatch(waiting::test)) {
        it.remove();
      } else if (nowNanos - b.nextAskNanos >= 0) {
        // Dropped: again on the next round. Taken: again if no answer comes in time.
        b.nextAskNanos = raft.request(e.getKey().array()) ? nowNanos + RETRY_NANOS : nowNanos;
      }
    }
    released.removeIf(b -> b.reads.stream().noneMatch(waiting::test));
  }

  /** A new leader: every unanswered batch is asked again on the next round. */
  void leaderChanged(long nowNanos) {
    for (Batch b : asked.values()) {
      b.nextAskNanos = nowNanos;
    }
  }

  /** Takes the read indexes Raft released; answers the reads whose index is already applied. */
  void readStates(List<ReadState> states, long applied, LongConsumer answer) {
    for (ReadState rs : states) {
      Batch b = asked.remove(ByteBuffer.wrap(rs.context()));
      if (b != null) {
        b.index = rs.index();
        released.add(b);
      }
    }
    applied(applied, answer);
  }

  /** Answers the reads whose read index is now applied. */
  void applied(long applied, LongConsumer answer) {
    if (released.isEmpty()) {
      return;
    }
    for (Iterator<Batch> it = released.iterator(); it.hasNext(); ) {
      Batch b = it.next();
      if (b.index <= applied) {
        it.remove();
        b.reads.forEach(answer::accept);
      }
    }
  }
}
