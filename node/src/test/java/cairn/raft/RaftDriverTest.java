package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-threaded loop: persist, then send, then apply, then advance. */
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
