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
    assertEquals(List.of("persist 1 hs2", "apply 3"), r.events, "commit moved: hard state too");
    assertEquals(3, s.lastIndex(), "the driver made the entry visible in storage");
    assertEquals(3, s.hardState().commit());
  }

  @Test
  void aLeaderSendsItsEntriesBeforeWritingThemItself() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
    Recorder r = new Recorder(s);
    RaftDriver d =
        new RaftDriver(new RawNode(RaftConfig.builder(1, s).preVote(false).build()), s, r);
    d.node().campaign();
    d.processAll(10);
    assertEquals(
        List.of("persist 0 hs2", "send 1"), r.events, "a candidate's vote is on disk first");
    d.node().step(Message.builder(MessageType.VOTE_RESP).from(2).to(1).term(2).build());
    d.processAll(10);
    assertEquals(StateType.LEADER, d.node().status().softState().state());
    assertEquals(
        List.of("persist 0 hs2", "send 1", "send 1", "persist 1"),
        r.events,
        "as leader: its first entry goes out before it is written");
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
    long applied = r.events.stream().filter(e -> e.startsWith("apply")).count();
    assertTrue(applied > 0 && applied < 20, "one slice of about 1,000 bytes: " + applied);

    assertTrue(d.processAll(64, () -> true) > 1, "the rest, slice by slice");
    assertEquals("apply 101", r.events.get(r.events.size() - 1));
    assertEquals(100, r.events.stream().filter(e -> e.startsWith("apply")).count());
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
