package cairn.server;

import cairn.raft.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * etcd's linearizableReadLoop, owned by the server's loop thread: the quorum reads share Raft
 * ReadIndex requests, each identified by an 8-byte context (a fresh request ID), one request at a
 * time: the reads that arrive while a request waits for its {@link ReadState} join the next one.
 * When the ReadState comes back, each read of the batch is released once the applied index reaches
 * the read index. No log entry is written.
 *
 * <p>One at a time, as etcd: each request costs a heartbeat round with every follower, and asking
 * once per loop round put a request (four peer messages on 3 members) behind nearly every read
 * under load. A read never joins the request already asked: its read index must be taken after it
 * arrived, or it could miss a write acknowledged before it.
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
    final byte[] context;
    final List<Long> reads;
    long nextAskNanos;
    long index = -1; // the read index, once its ReadState came

    Batch(byte[] context, List<Long> reads) {
      this.context = context;
      this.reads = reads;
    }

    boolean anyWaiting(LongPredicate waiting) {
      for (long id : reads) {
        if (waiting.test(id)) {
          return true;
        }
      }
      return false;
    }
  }

  private List<Long> arrived = new ArrayList<>();
  // The batch waiting for its ReadState; null when none is.
  private Batch asked;
  // Batches with a read index, waiting for the applied index to reach it.
  private final List<Batch> released = new ArrayList<>();

  /** A read (the server's request ID for it) to answer linearizably. */
  void add(long readId) {
    arrived.add(readId);
  }

  /**
   * Once per loop round: forgets the batches whose reads all expired ({@code waiting} false for
   * each); when no request is waiting, puts the reads that arrived into a new batch under a fresh
   * {@code context}; and asks Raft for the waiting batch when it is due.
   */
  void ask(long nowNanos, LongSupplier context, LongPredicate waiting, ReadIndex raft) {
    if (asked != null && !asked.anyWaiting(waiting)) {
      asked = null;
    }
    if (asked == null && !arrived.isEmpty()) {
      asked =
          new Batch(ByteBuffer.allocate(Long.BYTES).putLong(context.getAsLong()).array(), arrived);
      asked.nextAskNanos = nowNanos;
      arrived = new ArrayList<>();
    }
    if (asked != null && nowNanos - asked.nextAskNanos >= 0) {
      // Dropped: again on the next round. Taken: again if no answer comes in time.
      asked.nextAskNanos = raft.request(asked.context) ? nowNanos + RETRY_NANOS : nowNanos;
    }
    released.removeIf(b -> !b.anyWaiting(waiting));
  }

  /** A new leader: the unanswered batch is asked again on the next round. */
  void leaderChanged(long nowNanos) {
    if (asked != null) {
      asked.nextAskNanos = nowNanos;
    }
  }

  /** Takes the read indexes Raft released; answers the reads whose index is already applied. */
  void readStates(List<ReadState> states, long applied, LongConsumer answer) {
    for (ReadState rs : states) {
      if (asked != null && Arrays.equals(asked.context, rs.context())) {
        asked.index = rs.index();
        released.add(asked);
        asked = null;
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
