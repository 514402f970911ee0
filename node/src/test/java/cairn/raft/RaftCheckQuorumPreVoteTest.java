package cairn.raft;

import static cairn.raft.RaftTestUtil.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft thesis §6.2 (check-quorum: a leader steps down without a majority; followers in the leader
 * lease ignore disruptive candidates) and §9.6 (pre-vote: a node that cannot win does not raise
 * terms).
 */
class RaftCheckQuorumPreVoteTest {

  @Test
  void thesis6_2_aLeaderCutOffFromAMajorityStepsDownAfterAnElectionTimeout() {
    TestNet net = new TestNet(3, b -> b.checkQuorum(true));
    net.campaign(1);
    net.isolated.add(1L);
    net.tick(1, net.raft(1).electionTimeout); // the first check sees the earlier responses
    assertEquals(StateType.LEADER, net.state(1));
    net.tick(1, net.raft(1).electionTimeout);
    assertEquals(StateType.FOLLOWER, net.state(1));
  }

  @Test
  void thesis6_2_aLeaderHearingFromAMajorityStaysLeader() {
    TestNet net = new TestNet(5, b -> b.checkQuorum(true));
    net.campaign(1);
    net.isolated.add(4L);
    net.isolated.add(5L);
    for (int i = 0; i < 5; i++) {
      net.tick(1, net.raft(1).electionTimeout);
    }
    assertEquals(StateType.LEADER, net.state(1));
  }

  @Test
  void thesis4_2_3_withinTheLeaderLeaseAFollowerIgnoresAHigherTermVoteRequest() {
    TestNet net = new TestNet(3, b -> b.checkQuorum(true).preVote(false));
    net.campaign(1);
    long term = net.term(2);
    net.node(2)
        .step(
            Message.builder(MessageType.VOTE)
                .from(3)
                .to(2)
                .term(term + 5)
                .index(99)
                .logTerm(99)
                .build());
    assertTrue(net.drain(2).isEmpty(), "no vote inside the lease");
    assertEquals(term, net.term(2), "term unchanged");
  }

  @Test
  void thesis9_6_aPartitionedNodeWithPreVoteDoesNotRaiseItsTermNorDisruptOnReturn() {
    TestNet net = new TestNet(3, b -> b.preVote(true));
    net.campaign(1);
    long term = net.term(1);
    net.isolated.add(3L);
    net.tick(3, 5 * net.raft(3).electionTimeout);
    assertEquals(StateType.PRE_CANDIDATE, net.state(3));
    assertEquals(term, net.term(3), "pre-vote keeps the term");
    net.heal();
    net.tickAll(3);
    assertEquals(StateType.LEADER, net.state(1), "the leader was not deposed");
    assertEquals(term, net.term(1));
    assertEquals(StateType.FOLLOWER, net.state(3));
  }

  @Test
  void withoutPreVoteAPartitionedNodeRaisesItsTermAndDisruptsTheLeader() {
    TestNet net = new TestNet(3, b -> b.preVote(false).checkQuorum(false));
    net.campaign(1);
    long term = net.term(1);
    net.isolated.add(3L);
    net.tick(3, 5 * net.raft(3).electionTimeout);
    assertTrue(net.term(3) > term + 1);
    net.heal();
    net.tickAll(2 * net.raft(3).electionTimeout);
    assertTrue(net.term(1) > term, "the returning node forced a new term");
  }

  @Test
  void thesis9_6_aPreVoteIsGrantedOnlyToAnUpToDateLogAndNeverChangesTheVotersTerm() {
    TestNet net = new TestNet(3, b -> b.preVote(true));
    net.campaign(1);
    net.propose(1, "x");
    long term = net.term(2);
    long last = net.raft(2).log.lastIndex();
    net.node(2)
        .step(
            Message.builder(MessageType.PRE_VOTE)
                .from(3)
                .to(2)
                .term(term + 1)
                .index(last - 1)
                .logTerm(term)
                .context(Raft.campaignTransferContext())
                .build());
    net.node(2)
        .step(
            Message.builder(MessageType.PRE_VOTE)
                .from(3)
                .to(2)
                .term(term + 1)
                .index(last)
                .logTerm(term)
                .context(Raft.campaignTransferContext())
                .build());
    List<Message> resp = ofType(net.drain(2), MessageType.PRE_VOTE_RESP);
    assertTrue(resp.get(0).reject(), "stale log");
    assertTrue(!resp.get(1).reject(), "up to date");
    assertEquals(term, net.term(2));
    assertEquals(1, net.raft(2).vote, "a pre-vote is not a vote");
  }

  @Test
  void aStaleLeaderLearnsTheNewTermFromTheResponseToItsAppend() {
    TestNet net = new TestNet(3, b -> b.preVote(true).checkQuorum(false));
    net.campaign(1);
    net.isolated.add(1L);
    net.campaign(2);
    assertEquals(StateType.LEADER, net.state(2));
    net.heal();
    net.tick(1, 1); // node 1 still thinks it leads and sends heartbeats
    assertEquals(StateType.FOLLOWER, net.state(1));
    assertEquals(net.term(2), net.term(1));
  }
}
