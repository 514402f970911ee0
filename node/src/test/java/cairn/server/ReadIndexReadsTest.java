package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.raft.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The server's linearizable read batching (etcd's linearizableReadLoop) against a scripted Raft:
 * one ReadIndex request at a time, asked again when dropped, lost or the leader changes, reads
 * answered only once the applied index reaches their read index.
 */
class ReadIndexReadsTest {

  private final ReadIndexReads reads = new ReadIndexReads();
  private final List<Long> asked = new ArrayList<>();
  private final List<Long> answered = new ArrayList<>();
  private final Set<Long> waiting = new HashSet<>();
  private long nextContext = 100;
  private boolean raftTakes = true;

  private void add(long... ids) {
    for (long id : ids) {
      waiting.add(id);
      reads.add(id);
    }
  }

  private void round(long nowNanos) {
    reads.ask(
        nowNanos,
        () -> nextContext++,
        waiting::contains,
        context -> {
          asked.add(ByteBuffer.wrap(context).getLong());
          return raftTakes;
        });
  }

  private void readState(long index, long context, long applied) {
    byte[] c = ByteBuffer.allocate(Long.BYTES).putLong(context).array();
    reads.readStates(List.of(new ReadState(index, c)), applied, this::answer);
  }

  private void answer(long id) {
    waiting.remove(id);
    answered.add(id);
  }

  @Test
  void readsArrivingInOneRoundShareOneReadIndexRequest() {
    add(1, 2, 3);
    round(0);
    assertEquals(List.of(100L), asked);
    round(1);
    assertEquals(List.of(100L), asked, "nothing new, nothing due: no request");
  }

  @Test
  void readsArrivingWhileARequestIsUnansweredShareTheNextOne() {
    add(1);
    round(0);
    add(2);
    round(1);
    add(3);
    round(2);
    assertEquals(List.of(100L), asked, "one request at a time, as etcd's linearizableReadLoop");
    readState(5, 100, 5);
    assertEquals(List.of(1L), answered);
    round(3);
    assertEquals(List.of(100L, 101L), asked);
    readState(6, 101, 6);
    assertEquals(List.of(1L, 2L, 3L), answered, "2 and 3 shared request 101");
  }

  @Test
  void aBatchWhoseReadsAllTimedOutMakesWayForTheNext() {
    add(1);
    round(0);
    waiting.remove(1L); // the server expired it
    add(2);
    round(1);
    assertEquals(List.of(100L, 101L), asked, "2 did not wait for 1's lost request");
  }

  @Test
  void readsAreAnsweredOnceTheAppliedIndexReachesTheReadIndex() {
    add(1, 2);
    round(0);
    readState(7, 100, 5);
    assertEquals(List.of(), answered, "applied 5 < read index 7");
    reads.applied(6, this::answer);
    assertEquals(List.of(), answered);
    reads.applied(7, this::answer);
    assertEquals(List.of(1L, 2L), answered);
  }

  @Test
  void aReadStateForAnIndexAlreadyAppliedAnswersAtOnce() {
    add(1);
    round(0);
    readState(3, 100, 3);
    assertEquals(List.of(1L), answered);
    readState(3, 100, 3);
    assertEquals(List.of(1L), answered, "a duplicate ReadState answers nothing twice");
  }

  @Test
  void aDroppedRequestIsAskedAgainOnTheNextRound() {
    raftTakes = false;
    add(1);
    round(0);
    round(1);
    raftTakes = true;
    round(2);
    round(3);
    assertEquals(List.of(100L, 100L, 100L), asked, "same context, until Raft takes it");
  }

  @Test
  void anUnansweredRequestIsAskedAgainAfterTheRetryIntervalOrANewLeader() {
    add(1);
    round(0);
    round(ReadIndexReads.RETRY_NANOS - 1);
    assertEquals(List.of(100L), asked);
    round(ReadIndexReads.RETRY_NANOS);
    assertEquals(List.of(100L, 100L), asked);
    reads.leaderChanged(ReadIndexReads.RETRY_NANOS + 1);
    round(ReadIndexReads.RETRY_NANOS + 1);
    assertEquals(List.of(100L, 100L, 100L), asked);
  }

  @Test
  void aBatchWhoseReadsAllTimedOutIsForgotten() {
    add(1, 2);
    round(0);
    waiting.clear(); // the server expired both
    round(ReadIndexReads.RETRY_NANOS);
    assertEquals(List.of(100L), asked, "not asked again");
    readState(1, 100, 1);
    assertEquals(List.of(), answered);
  }
}
