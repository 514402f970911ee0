package cairn.raft;

import static cairn.raft.RaftTestUtil.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.tracker.ProgressState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft paper §7: log compaction and InstallSnapshot. */
class RaftSnapshotTest {

  private static void compact(TestNet net, long id) {
    MemoryStorage s = net.storage(id);
    long applied = net.raft(id).log.applied;
    s.createSnapshot(applied, net.raft(id).tracker.confState(), ("state@" + applied).getBytes());
    s.compact(applied);
  }

  @Test
  void section7_aFollowerBehindTheLeadersCompactedLogReceivesTheSnapshot() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(3L);
    for (int i = 0; i < 5; i++) {
      net.propose(1, "e" + i);
    }
    compact(net, 1);
    net.heal();
    net.tickAll(3);
    assertEquals(
        1, net.delivered.stream().filter(m -> m.type() == MessageType.SNAP && m.to() == 3).count());
    assertEquals(net.raft(1).log.lastIndex(), net.raft(3).log.lastIndex());
    assertEquals(net.storage(1).snapshot(), net.storage(3).snapshot(), "installed and persisted");
    net.propose(1, "after");
    assertTrue(net.appliedData(3).contains("after"));
  }

  @Test
  void section7_theSnapshotCarriesTheMembership() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.node(1).proposeConfChange(ConfChange.removeNode(2));
    net.settle();
    net.propose(1, "x");
    compact(net, 1);
    MemoryStorage fresh = new MemoryStorage();
    net.add(5, fresh);
    net.node(5)
        .step(
            Message.builder(MessageType.SNAP)
                .from(1)
                .to(5)
                .term(net.term(1))
                .snapshot(net.storage(1).snapshot())
                .build());
    net.drain(5);
    assertEquals(List.of(1L, 3L), net.raft(5).tracker.confState().voters());
    assertEquals(net.storage(1).snapshot().metadata().index(), fresh.snapshot().metadata().index());
  }

  @Test
  void section7_aSnapshotOlderThanTheCommitIndexIsIgnored() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.propose(1, "a");
    Snapshot old =
        new Snapshot(new SnapshotMetadata(2, net.term(1), new ConfState(List.of(1L))), new byte[0]);
    net.node(2)
        .step(
            Message.builder(MessageType.SNAP)
                .from(1)
                .to(2)
                .term(net.term(1))
                .snapshot(old)
                .build());
    Message resp = ofType(net.drain(2), MessageType.APP_RESP).get(0);
    assertEquals(net.committed(2), resp.index());
    assertEquals(List.of(1L, 2L, 3L), net.raft(2).tracker.confState().voters());
  }

  @Test
  void section7_aLostSnapshotIsRetriedAfterTheTransportReportsTheFailure() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(3L);
    net.propose(1, "a");
    compact(net, 1);
    net.heal();
    net.dropTypes.add(MessageType.SNAP);
    net.tickAll(2);
    assertEquals(ProgressState.SNAPSHOT, net.raft(1).tracker.progress(3).state());
    net.node(1).reportSnapshot(3, false);
    net.heal();
    net.tickAll(3);
    assertEquals(
        1, net.delivered.stream().filter(m -> m.type() == MessageType.SNAP).count(), "resent");
    assertEquals(net.raft(1).log.lastIndex(), net.raft(3).log.lastIndex());
    net.propose(1, "b");
    assertEquals(List.of("b"), net.appliedData(3), "a came inside the snapshot");
  }

  @Test
  void aNodeThatRestartsFromItsStorageKeepsItsLogTermVoteAndCommit() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.propose(1, "a");
    compact(net, 2);
    net.propose(1, "b");
    HardState before = net.storage(2).hardState();
    long last = net.raft(2).log.lastIndex();
    net.add(2, net.storage(2));
    assertEquals(before.term(), net.term(2));
    assertEquals(before.vote(), net.raft(2).vote);
    assertEquals(before.commit(), net.committed(2));
    assertEquals(last, net.raft(2).log.lastIndex());
    assertEquals(net.storage(2).snapshot().metadata().index(), net.raft(2).log.applied);
    assertTrue(net.raft(2).log.hasNextCommittedEntries(), "entries after the snapshot re-apply");
  }
}
