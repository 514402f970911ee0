package cairn.raft;

import static cairn.raft.RaftTestUtil.msg;
import static cairn.raft.RaftTestUtil.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Raft paper §5.1 (terms) and §5.2 (leader election), with pre-vote off unless stated. */
class RaftElectionTest {

  private static TestNet net(int n) {
    return new TestNet(n, b -> b.preVote(false));
  }

  @Test
  void section5_1_aNodeSeeingAHigherTermUpdatesItsTermAndBecomesFollower() {
    for (StateType start : List.of(StateType.FOLLOWER, StateType.CANDIDATE, StateType.LEADER)) {
      TestNet net = net(3);
      net.cut(1, 2);
      net.cut(1, 3);
      if (start != StateType.FOLLOWER) {
        net.campaign(1);
      }
      if (start == StateType.LEADER) {
        net.raft(1).becomeLeader();
      }
      assertEquals(start, net.state(1));
      net.node(1).step(msg(MessageType.APP, 2, 1, 5));
      assertEquals(StateType.FOLLOWER, net.state(1));
      assertEquals(5, net.term(1));
      assertEquals(2, net.raft(1).lead);
    }
  }

  @Test
  void section5_1_aMessageWithAStaleTermIsIgnored() {
    TestNet net = net(3);
    net.campaign(1);
    long term = net.term(2);
    net.node(2).step(msg(MessageType.VOTE_RESP, 3, 2, term - 1));
    assertTrue(net.drain(2).isEmpty(), "no reply to a stale message");
    assertEquals(term, net.term(2));
    assertEquals(1, net.raft(2).lead);
  }

  @Test
  void section5_1_aStaleVoteRequestIsRejectedWithOurTermForTheCandidateToUpdateItself() {
    TestNet net = net(3);
    net.campaign(1);
    long term = net.term(2);
    net.node(2).step(msg(MessageType.VOTE, 3, 2, term - 1));
    List<Message> out = net.drain(2);
    assertEquals(1, out.size());
    assertEquals(MessageType.VOTE_RESP, out.get(0).type());
    assertTrue(out.get(0).reject());
    assertEquals(term, out.get(0).term());
    assertEquals(term, net.term(2));
    assertEquals(1, net.raft(2).lead, "a stale candidate disturbs nobody");
  }

  @Test
  void section5_2_nodesStartAsFollowers() {
    TestNet net = net(3);
    for (long id = 1; id <= 3; id++) {
      assertEquals(StateType.FOLLOWER, net.state(id));
      assertEquals(1, net.term(id));
    }
  }

  @Test
  void section5_2_aLeaderSendsHeartbeatsEveryHeartbeatTimeout() {
    TestNet net = net(3);
    net.campaign(1);
    net.node(1).tick();
    List<Message> out = net.drain(1);
    assertEquals(2, ofType(out, MessageType.HEARTBEAT).size());
    Set<Long> to = new HashSet<>();
    out.forEach(m -> to.add(m.to()));
    assertEquals(Set.of(2L, 3L), to);
  }

  @Test
  void section5_2_aFollowerWithoutLeaderStartsAnElectionAfterItsTimeout() {
    TestNet net = net(3);
    RawNode n = net.node(1);
    for (int i = 0; i < 2 * net.raft(1).electionTimeout; i++) {
      n.tick();
    }
    assertEquals(StateType.CANDIDATE, net.state(1));
    assertEquals(2, net.term(1));
    assertEquals(1, net.raft(1).vote, "votes for itself");
    List<Message> votes = ofType(net.drain(1), MessageType.VOTE);
    assertEquals(2, votes.size());
    assertEquals(1, net.storage(1).hardState().vote(), "the vote is persisted before sending");
  }

  @Test
  void section5_2_aCandidateWinsWithAMajorityAndLosesWithoutOne() {
    record Case(int size, int grants, int rejects, StateType want) {}
    List<Case> cases =
        List.of(
            new Case(1, 0, 0, StateType.LEADER),
            new Case(3, 1, 0, StateType.LEADER),
            new Case(3, 0, 1, StateType.CANDIDATE),
            new Case(3, 0, 2, StateType.FOLLOWER),
            new Case(5, 2, 0, StateType.LEADER),
            new Case(5, 1, 2, StateType.CANDIDATE),
            new Case(5, 0, 3, StateType.FOLLOWER));
    for (Case c : cases) {
      TestNet net = net(c.size);
      net.isolated.add(1L);
      net.campaign(1);
      long term = net.term(1);
      long from = 2;
      for (int i = 0; i < c.grants; i++) {
        net.node(1).step(msg(MessageType.VOTE_RESP, from++, 1, term));
      }
      for (int i = 0; i < c.rejects; i++) {
        net.node(1)
            .step(
                Message.builder(MessageType.VOTE_RESP)
                    .from(from++)
                    .to(1)
                    .term(term)
                    .reject(true)
                    .build());
      }
      assertEquals(c.want, net.state(1), c.toString());
    }
  }

  @Test
  void section5_2_aFollowerVotesForAtMostOneCandidatePerTerm() {
    TestNet net = net(3);
    RawNode n = net.node(1);
    n.step(Message.builder(MessageType.VOTE).from(2).to(1).term(2).index(1).logTerm(1).build());
    n.step(Message.builder(MessageType.VOTE).from(3).to(1).term(2).index(1).logTerm(1).build());
    List<Message> resp = ofType(net.drain(1), MessageType.VOTE_RESP);
    assertEquals(2, resp.size());
    assertFalse(resp.get(0).reject(), "first come");
    assertTrue(resp.get(1).reject(), "already voted in term 2");
    assertEquals(2, net.storage(1).hardState().vote());
  }

  @Test
  void section5_2_aCandidateReturnsToFollowerOnAnAppendFromTheLeaderOfItsTerm() {
    TestNet net = net(3);
    net.isolated.add(1L);
    net.campaign(1);
    assertEquals(StateType.CANDIDATE, net.state(1));
    net.node(1)
        .step(
            Message.builder(MessageType.APP)
                .from(2)
                .to(1)
                .term(net.term(1))
                .index(1)
                .logTerm(1)
                .build());
    assertEquals(StateType.FOLLOWER, net.state(1));
    assertEquals(2, net.raft(1).lead);
  }

  @Test
  void section5_2_electionTimeoutsAreRandomizedBetweenOneAndTwoTimeouts() {
    Set<Integer> seen = new HashSet<>();
    SplittableRandom seeds = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
      Raft r = new RawNode(RaftConfig.builder(1, s).random(seeds.split()).build()).raft();
      int t = r.randomizedElectionTimeout;
      assertTrue(t >= r.electionTimeout && t < 2 * r.electionTimeout, "timeout " + t);
      seen.add(t);
    }
    assertTrue(seen.size() > 5, "timeouts spread out: " + seen);
  }

  @Test
  void advancingTicksLeavesOnlyTheRandomPartOfTheElectionTimeout() {
    SplittableRandom seeds = new SplittableRandom(11);
    for (int i = 0; i < 50; i++) {
      MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
      RawNode node =
          new RawNode(RaftConfig.builder(1, s).preVote(false).random(seeds.split()).build());
      Raft r = node.raft();
      node.advanceTicks(r.electionTimeout - 2);
      assertEquals(StateType.FOLLOWER, r.state, "no election from the advance itself");
      int ticks = 0;
      while (r.state == StateType.FOLLOWER) {
        node.tick();
        ticks++;
        assertTrue(ticks <= r.electionTimeout + 1, "campaigns within the random part");
      }
      assertEquals(StateType.CANDIDATE, r.state);
      assertTrue(ticks >= 2, "at least two ticks left: a leader's heartbeat can still arrive");
    }
  }

  @Test
  void section5_2_theSameSeedGivesTheSameTimeouts() {
    int[] a = new int[2];
    for (int k = 0; k < 2; k++) {
      MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L, 2L)), new byte[0]);
      a[k] =
          new RawNode(RaftConfig.builder(1, s).random(new SplittableRandom(42)).build())
              .raft()
              .randomizedElectionTimeout;
    }
    assertEquals(a[0], a[1]);
  }

  @Test
  void section5_2_aClusterElectsOneLeaderAndTheOthersFollowIt() {
    TestNet net = net(5);
    net.campaign(3);
    assertEquals(StateType.LEADER, net.state(3));
    for (long id : List.of(1L, 2L, 4L, 5L)) {
      assertEquals(StateType.FOLLOWER, net.state(id));
      assertEquals(3, net.raft(id).lead);
      assertEquals(net.term(3), net.term(id));
    }
  }

  @Test
  void singleNodeClusterElectsItselfAndCommitsAlone() {
    TestNet net = new TestNet(1);
    net.tick(1, 25);
    assertEquals(StateType.LEADER, net.state(1));
    assertTrue(net.propose(1, "solo"));
    assertEquals(List.of("solo"), net.appliedData(1));
  }

  @Test
  void twoNodeClusterNeedsBothNodes() {
    TestNet net = net(2);
    net.campaign(1);
    assertEquals(StateType.LEADER, net.state(1));
    net.propose(1, "a");
    assertEquals(List.of("a"), net.appliedData(2));
    net.isolated.add(2L);
    net.propose(1, "b");
    assertEquals(List.of("a"), net.appliedData(1), "no majority without node 2");
  }
}
