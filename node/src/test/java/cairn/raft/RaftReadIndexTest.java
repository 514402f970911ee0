package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft thesis §6.4: linearizable reads through ReadIndex, without writing the log. */
class RaftReadIndexTest {

  @Test
  void thesis6_4_theLeaderReleasesAReadAtItsCommitIndexAfterAQuorumHeartbeatRound() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.propose(1, "a");
    long lastIndex = net.raft(1).log.lastIndex();
    net.node(1).readIndex("r1".getBytes());
    net.settle();
    List<ReadState> rs = net.readStates(1);
    assertEquals(1, rs.size());
    assertEquals(net.committed(1), rs.get(0).index());
    assertArrayEquals("r1".getBytes(), rs.get(0).context());
    assertEquals(lastIndex, net.raft(1).log.lastIndex(), "nothing was written to the log");
  }

  @Test
  void thesis6_4_aLeaderWithoutAQuorumReleasesNoRead() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.isolated.add(2L);
    net.isolated.add(3L);
    net.node(1).readIndex("r".getBytes());
    net.settle();
    assertTrue(net.readStates(1).isEmpty());
    net.heal();
    net.tick(1, 1); // the next heartbeat carries the pending read's context
    assertEquals(1, net.readStates(1).size());
  }

  @Test
  void thesis6_4_aFollowerForwardsTheReadAndGetsTheLeadersCommitIndex() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    net.propose(1, "a");
    net.node(2).readIndex("f".getBytes());
    net.settle();
    List<ReadState> rs = net.readStates(2);
    assertEquals(1, rs.size());
    assertEquals(net.committed(1), rs.get(0).index());
    assertTrue(net.readStates(1).isEmpty(), "released at the asking follower");
  }

  @Test
  void thesis6_4_aNewLeaderServesReadsOnlyAfterCommittingAnEntryOfItsTerm() {
    TestNet net = new TestNet(3, b -> b.checkQuorum(false));
    net.campaign(1);
    net.dropTypes.add(MessageType.APP); // the no-op of the next leader cannot commit
    net.dropTypes.add(MessageType.APP_RESP);
    net.campaign(2);
    assertEquals(StateType.LEADER, net.state(2));
    net.node(2).readIndex("n".getBytes());
    net.settle();
    assertTrue(net.readStates(2).isEmpty(), "its commit index may be stale");
    net.heal();
    net.tick(2, 1);
    assertEquals(1, net.readStates(2).size());
    assertEquals(net.committed(2), net.readStates(2).get(0).index());
  }

  @Test
  void aSingleNodeAnswersReadsAtOnce() {
    TestNet net = new TestNet(1);
    net.campaign(1);
    net.node(1).readIndex("s".getBytes());
    net.settle();
    assertEquals(1, net.readStates(1).size());
  }

  @Test
  void aFollowerWithoutLeaderDropsTheRead() {
    TestNet net = new TestNet(3);
    assertFalse(net.node(2).readIndex("x".getBytes()));
  }
}
