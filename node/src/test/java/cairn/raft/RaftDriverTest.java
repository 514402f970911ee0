package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-threaded loop: persist and send (in the order the role allows), apply, advance. */
class RaftDriverTest {

  private static final class Recorder implements RaftDriver.Handler {
    final List<String> events = new ArrayList<>();
    final List<Message> sent = new ArrayList<>();
    final MemoryStorage storage;

    Recorder(MemoryStorage storage) {
      this.storage = storage;
    }

    @Override
    public void persist(HardState hs, Snapshot snapshot, List<Entry> entries) {
      events.add("persist " + entries.size() + (hs.isEmpty() ? "" : " hs" + hs.term()));
    }

    @Override
    public void send(List<Message> messages) {
      // Everything a message may promise is durable by now.
      for (Message m : messages) {
        assertTrue(storage.lastIndex() >= m.index() || m.type() != MessageType.APP_RESP);
      }
      sent.addAll(messages);
      events.add("send " + messages.size());
    }

    @Override
    public void applySnapshot(Snapshot snapshot) {
      events.add("snapshot");
    }

    @Override
    public void apply(Entry entry, ConfState confState) {
      events.add("apply " + entry.index() + (confState == null ? "" : " " + confState.voters()));
    }

    @Override
    public void appliedCommitted() {
      events.add("applied");
    }
  }

  @Test
  void aSingleNodeCommitsThroughTheSameLoopInTheRequiredOrder() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d = new RaftDriver(new RawNode(RaftConfig.builder(1, s).build()), s, r);
    d.node().campaign();
    d.processAll(10);
    assertEquals(StateType.LEADER, d.node().status().softState().state());
    r.events.clear();
    d.node().propose("x".getBytes());
    assertTrue(d.processReady());
    assertEquals(
        List.of("persist 1 hs2", "apply 3", "applied"),
        r.events,
        "alone, the leader commits the entry it is writing: applied only once it is on disk");
    assertEquals(3, s.lastIndex(), "the driver made the entry visible in storage");
    assertEquals(3, s.hardState().commit());
  }

  /** Member 1 of two, elected by member 2's vote (pre-vote off), its empty entry sent. */
  private static RaftDriver electedLeaderOfTwo(MemoryStorage s, Recorder r) {
    RaftDriver d =
        new RaftDriver(new RawNode(RaftConfig.builder(1, s).preVote(false).build()), s, r);
    d.node().campaign();
    d.processAll(10);
    d.node().step(Message.builder(MessageType.VOTE_RESP).from(2).to(1).term(2).build());
    d.processAll(10);
    assertEquals(StateType.LEADER, d.node().status().softState().state());
    return d;
  }

  @Test
  void aLeaderSendsItsEntriesBeforeWritingThemItself() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d = electedLeaderOfTwo(s, r);
    assertEquals(
        List.of("persist 0 hs2", "send 1", "send 1", "persist 1"),
        r.events,
        "the candidate's vote is on disk before its request goes out; as leader, its first entry"
            + " goes out before it is written");
    d.node().step(Message.builder(MessageType.APP_RESP).from(2).to(1).term(2).index(2).build());
    d.processAll(10);
    r.events.clear();
    d.node().propose("x".getBytes());
    assertTrue(d.processReady());
    assertEquals(
        List.of("send 1", "persist 1"), r.events, "the fsyncs of leader and follower overlap");
  }

  @Test
  void aFollowerAnswersAnAppendOnlyOnceTheEntriesAreWritten() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d = new RaftDriver(new RawNode(RaftConfig.builder(2, s).build()), s, r);
    d.node()
        .step(
            Message.builder(MessageType.APP)
                .from(1)
                .to(2)
                .term(2)
                .logTerm(1)
                .index(1)
                .entries(List.of(Entry.normal(2, 2, new byte[0])))
                .commit(1)
                .build());
    assertTrue(d.processReady());
    assertEquals(List.of("persist 1 hs2", "send 1"), r.events);
    assertEquals(MessageType.APP_RESP, r.sent.get(0).type());
  }

  @Test
  void aFollowerAppliesWhatTheLeaderCommittedWhileItsOwnWriteIsStillToCome() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L, 3L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d = new RaftDriver(new RawNode(RaftConfig.builder(2, s).build()), s, r);
    assertEquals(
        List.of("persist 1 hs2", "send 1", "apply 2", "applied"),
        oneReadyAfter(d, r, append(1, 1, List.of(Entry.normal(2, 2, new byte[0])), 2)),
        "the Ready in which it learns its leader: written first, as usual");
    // Entry 3 arrives with a commit index that covers it: members 1 and 3 wrote it, this one not.
    assertEquals(
        List.of("apply 3", "applied", "persist 1 hs2", "send 1"),
        oneReadyAfter(d, r, append(2, 2, List.of(Entry.normal(2, 3, new byte[0])), 3)),
        "applied first; the acknowledgement still waits for the write");
    assertEquals(3, s.lastIndex());
  }

  @Test
  void aLeaderAppliesWhatIsOnItsDiskBeforeWritingItsNewEntries() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d = electedLeaderOfTwo(s, r);
    d.node().propose("x".getBytes());
    d.processAll(10);
    assertEquals(3, s.lastIndex(), "the leader's empty entry and x are written");
    r.events.clear();

    d.node().step(Message.builder(MessageType.APP_RESP).from(2).to(1).term(2).index(3).build());
    d.node().propose("y".getBytes());
    assertTrue(d.processReady());
    assertEquals(
        List.of("send 1", "apply 2", "apply 3", "applied", "persist 1 hs2"),
        r.events,
        "2 and 3 are committed and on disk: applied while 4 is written");
  }

  /** What the driver did in the one Ready that stepping {@code m} produced. */
  private static List<String> oneReadyAfter(RaftDriver d, Recorder r, Message m) {
    r.events.clear();
    d.node().step(m);
    assertTrue(d.processReady());
    return List.copyOf(r.events);
  }

  private static Message append(long index, long logTerm, List<Entry> entries, long commit) {
    return Message.builder(MessageType.APP)
        .from(1)
        .to(2)
        .term(2)
        .logTerm(logTerm)
        .index(index)
        .entries(entries)
        .commit(commit)
        .build();
  }

  @Test
  void aLongCommittedLogIsAppliedInSlicesAndTheCallersBudgetCanStopBetweenThem() {
    // A restart: 100 entries of 100 bytes committed in the log, none applied yet.
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
    List<Entry> log = new ArrayList<>();
    for (long i = 2; i <= 101; i++) {
      log.add(Entry.normal(1, i, new byte[100]));
    }
    s.append(log);
    s.setHardState(new HardState(1, 0, 101));
    Recorder r = new Recorder(s);
    RaftConfig config =
        RaftConfig.builder(1, s).applied(1).maxCommittedSizePerReadyBytes(1000).build();
    RaftDriver d = new RaftDriver(new RawNode(config), s, r);

    assertEquals(1, d.processAll(64, () -> false), "one Ready, then the budget is spent");
    long applied = r.events.stream().filter(e -> e.startsWith("apply ")).count();
    assertTrue(applied > 0 && applied < 20, "one slice of about 1,000 bytes: " + applied);

    assertTrue(d.processAll(64, () -> true) > 1, "the rest, slice by slice");
    List<String> applies = r.events.stream().filter(e -> e.startsWith("apply ")).toList();
    assertEquals("apply 101", applies.get(applies.size() - 1));
    assertEquals(100, applies.size());
  }

  @Test
  void confChangesAreAppliedToRaftBeforeTheHandlerSeesThem() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d = new RaftDriver(new RawNode(RaftConfig.builder(1, s).build()), s, r);
    d.node().campaign();
    d.processAll(10);
    d.node().proposeConfChange(ConfChange.addNode(2));
    d.processAll(10);
    assertTrue(r.events.contains("apply 3 [1, 2]"), r.events.toString());
    assertEquals(List.of(1L, 2L), d.node().status().confState().voters());
    assertTrue(r.sent.stream().anyMatch(m -> m.to() == 2), "the new member is contacted");
    assertEquals(0, d.processAll(10), "nothing left to do");
  }
}
