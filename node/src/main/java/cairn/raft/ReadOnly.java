package cairn.raft;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leader's pending read-index requests, in arrival order, each with the commit index recorded
 * when it arrived and the voters that acknowledged the heartbeat round carrying its context. A
 * quorum acknowledging a later request confirms the earlier ones too.
 */
final class ReadOnly {
  record Status(Message request, long index, Set<Long> acks) {}

  private final Map<ByteBuffer, Status> pending = new HashMap<>();
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

  void addRequest(long index, Message m) {
    ByteBuffer key = ByteBuffer.wrap(m.context());
    if (pending.containsKey(key)) {
      return;
    }
    pending.put(key, new Status(m, index, new HashSet<>()));
    queue.add(key);
  }

  /** Records an acknowledgement; returns the acks so far, or null for an unknown context. */
  Set<Long> recvAck(long id, byte[] context) {
    Status s = pending.get(ByteBuffer.wrap(context));
    if (s == null) {
      return null;
    }
    s.acks().add(id);
    return s.acks();
  }

  /** Removes and returns the requests up to and including the one with {@code context}. */
  List<Status> advance(byte[] context) {
    ByteBuffer key = ByteBuffer.wrap(context);
    if (!pending.containsKey(key)) {
      return List.of();
    }
    List<Status> out = new ArrayList<>();
    int bound = queue.size();
    for (int i = 0; i < bound; i++) {
      ByteBuffer k = queue.poll();
      out.add(pending.remove(k));
      if (k.equals(key)) {
        break;
      }
    }
    return out;
  }

  /** The context of the newest pending request, or null: heartbeats carry it. */
  byte[] lastPendingRequestContext() {
    ByteBuffer k = queue.peekLast();
    return k == null ? null : pending.get(k).request().context();
  }
}
