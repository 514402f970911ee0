package cairn.raft;

import static cairn.raft.RaftTestUtil.ofType;
import static cairn.raft.RaftTestUtil.storageWithLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft paper §5.3 (log replication) and §5.4 (safety: voting restriction, Figure 8). */
class RaftReplicationTest {

  private static Message app(
      long from, long term, long index, long logTerm, long commit, List<Entry> ents) {
    return Message.builder(MessageType.APP)
        .from(from)
        .to(1)
        .term(term)
        .index(index)
        .logTerm(logTerm)
        .commit(commit)
        .entries(ents)
        .build();
  }

  @Test
  void section5_3_theLeaderAppendsAProposalAndSendsItWithThePrecedingEntry() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    long last = net.raft(1).log.lastIndex();
    net.node(1).propose("x".getBytes());
    List<Message> apps = ofType(net.drain(1), MessageType.APP);
    assertEquals(2, apps.size());
    for (Message m : apps) {
      assertEquals(last, m.index(), "prev index");
      assertEquals(net.term(1), m.logTerm(), "prev term");
      assertEquals(1, m.entries().size());
      assertEquals(last + 1, m.entries().get(0).index());
    }
  }

  @Test
  void section5_3_anEntryCommitsOnceAMajorityStoresItAndFollowersLearnTheCommitIndex() {
    TestNet net = new TestNet(5);
    net.campaign(1);
    net.isolated.add(4L);
    net.isolated.add(5L);
    net.propose(1, "x");
    for (long id = 1; id <= 3; id++) {
      assertEquals(List.of("x"), net.appliedData(id), "node " + id);
    }
    net.isolated.add(3L);
    net.propose(1, "y");
    assertEquals(List.of("x"), net.appliedData(1), "two of five is no majority");
  }

  @Test
  void section5_3_aFollowerRejectsAnAppendWhosePrecedingEntryDoesNotMatch() {
    TestNet net = new TestNet(3);
    net.add(1, storageWithLog(3, 1, 1, 2)); // entries 2..4 in terms 1,1,2
    RawNode n = net.node(1);
    n.step(app(2, 2, 4, 3, 0, List.of())); // index 4 has term 2, not 3
    n.step(app(2, 2, 6, 2, 0, List.of())); // index 6 missing
    n.step(app(2, 2, 4, 2, 0, List.of())); // matches
    List<Message> resp = ofType(net.drain(1), MessageType.APP_RESP);
    assertTrue(resp.get(0).reject());
    assertTrue(resp.get(1).reject());
    assertFalse(resp.get(2).reject());
    assertEquals(4, resp.get(2).index());
  }

  @Test
  void section5_3_aFollowerDeletesConflictingEntriesAndAppendsTheLeaders() {
    TestNet net = new TestNet(3);
    net.add(1, storageWithLog(3, 1, 2, 2)); // 2:t1 3:t2 4:t2
    net.node(1).step(app(2, 3, 2, 1, 0, List.of(Entry.normal(3, 3, "new".getBytes()))));
    net.drain(1);
    List<Entry> log = net.log(1);
    assertEquals(3, log.get(log.size() - 1).index(), "index 4 was cut");
    assertEquals(3, log.get(log.size() - 1).term());
  }

  @Test
  void section5_3_aFollowerKeepsItsLogWhenAnAppendHoldsEntriesItHasAlready() {
    TestNet net = new TestNet(3);
    net.add(1, storageWithLog(3, 1, 2, 2));
    // A delayed, shorter append must not truncate entries 4.
    net.node(1).step(app(2, 2, 2, 1, 0, List.of(Entry.normal(2, 3, "t2i3".getBytes()))));
    net.drain(1);
    assertEquals(4, net.raft(1).log.lastIndex());
  }

  @Test
  void section5_3_theLeaderBringsDivergentFollowerLogsToItsOwn_Figure7() {
    // Figure 7: followers with missing entries and with extra uncommitted entries of old terms.
    long[][] followers = {
      {1, 1, 1, 4, 4, 5, 5, 6, 6},
      {1, 1, 1, 4},
      {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6},
      {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7},
      {1, 1, 1, 4, 4, 4, 4},
      {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3},
    };
    for (long[] f : followers) {
      TestNet net = new TestNet(3, b -> b.preVote(false));
      for (long id : new long[] {1, 3}) {
        MemoryStorage leader = storageWithLog(3, 1, 1, 1, 4, 4, 5, 5, 6, 6, 6);
        leader.setHardState(new HardState(8, 0, 1));
        net.add(id, leader);
      }
      MemoryStorage follower = storageWithLog(3, f);
      follower.setHardState(new HardState(7, 0, 1));
      net.add(2, follower);
      net.campaign(1);
      assertEquals(StateType.LEADER, net.state(1));
      net.propose(1, "after");
      assertEquals(net.log(1), net.log(2), "follower " + java.util.Arrays.toString(f));
      assertEquals(net.committed(1), net.committed(2));
    }
  }

  @Test
  void section5_3_aRejectionHintLetsTheLeaderSkipAWholeConflictingTermAtOnce() {
    TestNet net = new TestNet(2, b -> b.preVote(false));
    MemoryStorage leader = storageWithLog(2, 1, 1, 4, 4, 4, 4, 4, 4, 4, 4);
    leader.setHardState(new HardState(5, 0, 1));
    net.add(1, leader);
    net.add(2, storageWithLog(2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2));
    net.campaign(1);
    assertEquals(StateType.LEADER, net.state(1));
    long rejects =
        net.delivered.stream().filter(m -> m.type() == MessageType.APP_RESP && m.reject()).count();
    assertEquals(net.log(1), net.log(2));
    assertEquals(1, rejects, "one rejection skips all eight conflicting term-2 entries");
  }

  @Test
  void section5_4_1_aVoterRejectsACandidateWhoseLogIsLessUpToDate() {
    record Case(long lastIndex, long lastTerm, boolean granted) {}
    // The voter's log: entries 2..4 with terms 1, 2, 2 (last index 4, last term 2).
    List<Case> cases =
        List.of(
            new Case(3, 1, false),
            new Case(4, 1, false),
            new Case(3, 2, false),
            new Case(4, 2, true),
            new Case(9, 2, true),
            new Case(2, 3, true));
    for (Case c : cases) {
      TestNet net = new TestNet(3);
      net.add(1, storageWithLog(3, 1, 2, 2));
      net.node(1)
          .step(
              Message.builder(MessageType.VOTE)
                  .from(2)
                  .to(1)
                  .term(5)
                  .index(c.lastIndex)
                  .logTerm(c.lastTerm)
                  .build());
      Message resp = ofType(net.drain(1), MessageType.VOTE_RESP).get(0);
      assertEquals(c.granted, !resp.reject(), c.toString());
    }
  }

  @Test
  void section5_4_1_anElectedLeaderHoldsEveryCommittedEntry() {
    TestNet net = new TestNet(3, b -> b.preVote(false));
    net.campaign(1);
    net.isolated.add(3L);
    net.propose(1, "committed");
    net.heal();
    net.isolated.add(1L);
    // Node 3 lacks the committed entry: node 2 refuses it, so only node 2 can win.
    net.campaign(3);
    assertEquals(StateType.CANDIDATE, net.state(3));
    net.campaign(2);
    assertEquals(StateType.CANDIDATE, net.state(2), "node 3 voted for itself in that term");
    net.campaign(2);
    assertEquals(StateType.LEADER, net.state(2));
    assertTrue(net.appliedData(2).contains("committed"));
    net.settle();
    net.propose(2, "later");
    assertEquals(List.of("committed", "later"), net.appliedData(3));
  }

  @Test
  void section5_4_2_aLeaderCommitsEarlierTermEntriesOnlyByCommittingOneOfItsOwnTerm() {
    TestNet net = new TestNet(3, b -> b.preVote(false).checkQuorum(false));
    net.campaign(1); // term 2, no-op at 2 committed everywhere
    net.isolated.add(2L);
    net.isolated.add(3L);
    net.node(1).propose("old".getBytes()); // index 3, term 2, on node 1 only
    net.drain(1);
    // Node 1 leads again, in term 4, with an entry of its own at index 4; node 2
    // receives index 3 (term 2) but the message with index 4 is lost.
    net.heal();
    net.raft(1).becomeFollower(3, 0);
    net.raft(1).becomeCandidate();
    net.raft(1).becomeLeader();
    net.drain(1);
    long committedBefore = net.committed(1);
    Raft leader = net.raft(1);
    leader.tracker.progress(2).maybeUpdate(3); // node 2 stores index 3 (term 2) only
    assertFalse(Leader.maybeCommit(leader), "a majority holds index 3, but it is of term 2");
    assertEquals(committedBefore, net.committed(1));
    leader.tracker.progress(2).maybeUpdate(4);
    assertTrue(Leader.maybeCommit(leader), "index 4 is of the leader's term");
    assertEquals(4, net.committed(1));
  }

  @Test
  void injectedFigure8BugCommitsAnEarlierTermEntryByCounting() {
    TestNet net =
        new TestNet(
            3,
            b ->
                b.preVote(false)
                    .checkQuorum(false)
                    .injectedBug(InjectedBug.COMMIT_EARLIER_TERM_BY_COUNTING));
    net.campaign(1);
    net.isolated.add(2L);
    net.isolated.add(3L);
    net.node(1).propose("old".getBytes());
    net.drain(1);
    net.heal();
    net.raft(1).becomeFollower(3, 0);
    net.raft(1).becomeCandidate();
    net.raft(1).becomeLeader();
    net.drain(1);
    Raft leader = net.raft(1);
    leader.tracker.progress(2).maybeUpdate(3);
    assertTrue(Leader.maybeCommit(leader), "the bug commits index 3 of term 2 by counting");
    assertEquals(3, net.committed(1));
  }

  @Test
  void replicationUsesProbeThenReplicateStateAndBoundsInflightMessages() {
    TestNet net = new TestNet(2, b -> b.maxInflightMsgs(2));
    net.campaign(1);
    assertEquals(ProgressState.REPLICATE, net.raft(1).tracker.progress(2).state());
    List<Message> apps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      net.node(1).propose(("p" + i).getBytes());
      apps.addAll(ofType(net.drain(1), MessageType.APP));
    }
    assertEquals(2, apps.size(), "window of two in-flight appends");
    assertTrue(net.raft(1).tracker.progress(2).isPaused());
    net.send(apps);
    assertEquals(3, net.appliedData(2).size(), "acks reopen the window");
  }

  @Test
  void proposalsBetweenTwoReadiesGoOutAsOneAppendPerFollower() {
    TestNet net = new TestNet(3);
    net.campaign(1);
    for (int i = 0; i < 10; i++) {
      net.node(1).propose(("p" + i).getBytes());
    }
    List<Message> apps = ofType(net.drain(1), MessageType.APP);
    assertEquals(2, apps.size());
    assertEquals(10, apps.get(0).entries().size());
  }

  @Test
  void appendMessagesRespectTheByteCap() {
    TestNet net = new TestNet(2, b -> b.maxSizePerMsgBytes(100));
    net.campaign(1);
    net.isolated.add(2L);
    for (int i = 0; i < 6; i++) {
      net.node(1).propose(new byte[40]); // 64 bytes each as counted
    }
    net.drain(1);
    net.raft(1).tracker.progress(2).becomeProbe();
    Leader.maybeSendAppend(net.raft(1), 2, true);
    Message m = ofType(net.drain(1), MessageType.APP).get(0);
    assertEquals(1, m.entries().size(), "a second entry would exceed 100 bytes");
    net.heal();
    net.tickAll(3);
    assertEquals(6, net.appliedEntries(2).stream().filter(e -> e.data().length == 40).count());
  }
}
