package cairn.raft;

import static cairn.raft.MessageType.APP;
import static cairn.raft.MessageType.APP_RESP;
import static cairn.raft.MessageType.HEARTBEAT;
import static cairn.raft.MessageType.PRE_VOTE;
import static cairn.raft.MessageType.PRE_VOTE_RESP;
import static cairn.raft.MessageType.PROP;
import static cairn.raft.MessageType.READ_INDEX;
import static cairn.raft.MessageType.SNAP;
import static cairn.raft.MessageType.VOTE;
import static cairn.raft.MessageType.VOTE_RESP;

import cairn.raft.confchange.Changer;
import cairn.raft.quorum.VoteResult;
import cairn.raft.tracker.ProgressTracker;
import cairn.util.Check;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Raft state machine of one node (etcd's raft struct). Term handling happens once in {@link
 * #step}; the role then selects a step function by a switch: {@link Leader#step}, {@link
 * Follower#stepCandidate} or {@link Follower#stepFollower}. Output accumulates in {@link #msgs} and
 * {@link #readStates} until {@link RawNode} hands it out in a Ready.
 */
final class Raft {
  // Private and never handed out: messages get copies, so no one can change the constant.
  private static final byte[] CAMPAIGN_TRANSFER =
      "CampaignTransfer".getBytes(StandardCharsets.US_ASCII);

  /** The context marking a vote request of a leadership transfer (it overrides the lease). */
  static byte[] campaignTransferContext() {
    return CAMPAIGN_TRANSFER.clone();
  }

  enum CampaignType {
    PRE_ELECTION,
    ELECTION,
    TRANSFER
  }

  final long id;
  final RaftConfig config;
  final RaftLog log;
  final ProgressTracker tracker;
  final List<Message> msgs = new ArrayList<>();
  final List<ReadState> readStates = new ArrayList<>();
  final List<Message> pendingReadIndexMessages = new ArrayList<>();
  final int electionTimeout;
  final int heartbeatTimeout;
  private final RandomGenerator random;

  long term;
  long vote;
  StateType state = StateType.FOLLOWER;
  long lead;
  long leadTransferee;
  // A conf change may be proposed only once the log is applied past this index.
  long pendingConfIndex;
  ReadOnly readOnly = new ReadOnly();
  int electionElapsed;
  int heartbeatElapsed;
  int randomizedElectionTimeout;
  // Appends to broadcast when the next Ready is built. Deferring them coalesces the appends of
  // many proposals, and the commit updates of many acknowledgements, into one message per
  // follower; nothing is observable before the Ready anyway.
  boolean bcastPending;

  Raft(RaftConfig c) {
    this.id = c.id();
    this.config = c;
    this.random = c.random();
    this.electionTimeout = c.electionTicks();
    this.heartbeatTimeout = c.heartbeatTicks();
    this.log = new RaftLog(c.storage(), c.maxCommittedSizePerReadyBytes());
    this.tracker = new ProgressTracker(c.maxInflightMsgs());
    Storage.InitialState init = c.storage().initialState();
    for (long voter : init.confState().voters()) {
      tracker.add(voter, log.lastIndex());
    }
    HardState hs = init.hardState();
    if (!hs.isEmpty()) {
      Check.state(
          hs.commit() >= log.committed && hs.commit() <= log.lastIndex(),
          "hard state commit %d out of range [%d, %d]",
          hs.commit(),
          log.committed,
          log.lastIndex());
      log.committed = hs.commit();
      term = hs.term();
      vote = hs.vote();
    }
    if (c.applied() > 0) {
      log.appliedTo(c.applied());
    }
    becomeFollower(term, 0);
  }

  SoftState softState() {
    return new SoftState(lead, state);
  }

  HardState hardState() {
    long v = config.injectedBug() == InjectedBug.VOTE_NOT_PERSISTED ? 0 : vote;
    return new HardState(term, v, log.committed);
  }

  /**
   * Queues a message, filling in our id and, for all but votes and forwarded requests, our term.
   */
  void send(Message.Builder b) {
    if (b.from() == 0) {
      b.from(id);
    }
    MessageType t = b.type();
    if (t == VOTE || t == VOTE_RESP || t == PRE_VOTE || t == PRE_VOTE_RESP) {
      // Votes carry the term they are for, which for pre-votes is not our current term.
      Check.state(b.term() != 0, "term must be set when sending %s", t);
    } else {
      Check.state(b.term() == 0, "term must not be set when sending %s", t);
      // Proposals and read requests are forwarded as local messages: no term.
      if (t != PROP && t != READ_INDEX) {
        b.term(term);
      }
    }
    msgs.add(b.build());
  }

  // ---- roles -----------------------------------------------------------------------------------

  void becomeFollower(long newTerm, long newLead) {
    reset(newTerm);
    lead = newLead;
    state = StateType.FOLLOWER;
  }

  void becomeCandidate() {
    Check.state(state != StateType.LEADER, "invalid transition leader -> candidate");
    reset(term + 1);
    vote = id;
    state = StateType.CANDIDATE;
  }

  void becomePreCandidate() {
    Check.state(state != StateType.LEADER, "invalid transition leader -> pre-candidate");
    // Neither term nor vote change: a pre-candidate that cannot win disturbs nobody.
    tracker.resetVotes();
    lead = 0;
    state = StateType.PRE_CANDIDATE;
  }

  void becomeLeader() {
    Check.state(state != StateType.FOLLOWER, "invalid transition follower -> leader");
    reset(term);
    lead = id;
    state = StateType.LEADER;
    tracker.progress(id).becomeReplicate();
    tracker.progress(id).setRecentActive(true);
    // The empty entry commits the entries of earlier terms (Figure 8); conf changes wait for it, so
    // a change is never proposed before the leader has committed in its own term.
    appendEntry(List.of(new Entry(0, 0, EntryType.NORMAL, new byte[0])));
    pendingConfIndex = log.lastIndex();
  }

  private void reset(long newTerm) {
    if (term != newTerm) {
      term = newTerm;
      vote = 0;
    }
    lead = 0;
    electionElapsed = 0;
    heartbeatElapsed = 0;
    randomizedElectionTimeout = electionTimeout + random.nextInt(electionTimeout);
    leadTransferee = 0;
    tracker.resetVotes();
    tracker.resetProgress(log.lastIndex(), id);
    pendingConfIndex = 0;
    readOnly = new ReadOnly();
    pendingReadIndexMessages.clear();
  }

  /** Appends entries of the current term to the leader's log and counts its own match. */
  void appendEntry(List<Entry> es) {
    long li = log.lastIndex();
    List<Entry> out = new ArrayList<>(es.size());
    for (int i = 0; i < es.size(); i++) {
      Entry e = es.get(i);
      out.add(new Entry(term, li + 1 + i, e.type(), e.data()));
    }
    li = log.append(out);
    tracker.progress(id).maybeUpdate(li);
    Leader.maybeCommit(this);
  }

  boolean promotable() {
    return tracker.progress(id) != null && log.unstable.snapshot == null;
  }

  // ---- ticks -----------------------------------------------------------------------------------

  void tick() {
    if (state == StateType.LEADER) {
      tickHeartbeat();
    } else {
      tickElection();
    }
  }

  private void tickElection() {
    electionElapsed++;
    if (promotable() && electionElapsed >= randomizedElectionTimeout) {
      electionElapsed = 0;
      step(Message.builder(MessageType.HUP).from(id).build());
    }
  }

  private void tickHeartbeat() {
    heartbeatElapsed++;
    electionElapsed++;
    if (electionElapsed >= electionTimeout) {
      electionElapsed = 0;
      if (config.checkQuorum()) {
        step(Message.builder(MessageType.CHECK_QUORUM).from(id).build());
      }
      if (state == StateType.LEADER && leadTransferee != 0) {
        leadTransferee = 0; // the transfer did not finish within an election timeout
      }
    }
    if (state != StateType.LEADER) {
      return;
    }
    if (heartbeatElapsed >= heartbeatTimeout) {
      heartbeatElapsed = 0;
      step(Message.builder(MessageType.BEAT).from(id).build());
    }
  }

  // ---- step ------------------------------------------------------------------------------------

  /** Steps a message; returns false when a proposal or read request was dropped. */
  boolean step(Message m) {
    if (m.term() > term) {
      if (m.type() == VOTE || m.type() == PRE_VOTE) {
        boolean force = Arrays.equals(m.context(), CAMPAIGN_TRANSFER);
        boolean inLease = config.checkQuorum() && lead != 0 && electionElapsed < electionTimeout;
        if (!force && inLease) {
          // We heard from a live leader within the minimum election timeout: a node that was cut
          // off (and raised its term) must not depose it.
          return true;
        }
      }
      if (m.type() == PRE_VOTE) {
        // Never change our term in response to a pre-vote.
      } else if (m.type() == PRE_VOTE_RESP && !m.reject()) {
        // The term is raised when the pre-vote wins, not by each grant.
      } else if (m.type() == APP || m.type() == HEARTBEAT || m.type() == SNAP) {
        becomeFollower(m.term(), m.from());
      } else {
        becomeFollower(m.term(), 0);
      }
    } else if (m.term() != 0 && m.term() < term) {
      if ((config.checkQuorum() || config.preVote())
          && (m.type() == HEARTBEAT || m.type() == APP)) {
        // A stale leader cut off by a partition: answer so that it learns the new term and steps
        // down (with pre-vote or check-quorum our term does not rise on its own to depose it).
        send(Message.builder(APP_RESP).to(m.from()));
      } else if (m.type() == PRE_VOTE) {
        send(Message.builder(PRE_VOTE_RESP).to(m.from()).term(term).reject(true));
      } else if (m.type() == VOTE) {
        // Unlike etcd, which drops it: refuse with our term (§5.1, Figure 2) so that the candidate
        // catches up at once. A voter behind on configuration may campaign (raising its term)
        // without ever writing to a candidate it does not know is a voter; if it dropped that
        // candidate's requests, the candidate would stay behind in term, and the cluster
        // leaderless, for as long as the voter kept losing (simulation seed 977175788).
        send(Message.builder(VOTE_RESP).to(m.from()).term(term).reject(true));
      }
      return true;
    }

    switch (m.type()) {
      case HUP -> hup(config.preVote() ? CampaignType.PRE_ELECTION : CampaignType.ELECTION);
      case VOTE, PRE_VOTE -> handleVoteRequest(m);
      default -> {
        return switch (state) {
          case LEADER -> Leader.step(this, m);
          case CANDIDATE, PRE_CANDIDATE -> Follower.stepCandidate(this, m);
          case FOLLOWER -> Follower.stepFollower(this, m);
        };
      }
    }
    return true;
  }

  private void handleVoteRequest(Message m) {
    MessageType resp = m.type() == VOTE ? VOTE_RESP : PRE_VOTE_RESP;
    boolean canVote =
        vote == m.from() || (vote == 0 && lead == 0) || (m.type() == PRE_VOTE && m.term() > term);
    if (canVote && log.isUpToDate(m.index(), m.logTerm())) {
      // Reply with the term of the request: a pre-vote grant must not look stale to the asker.
      send(Message.builder(resp).to(m.from()).term(m.term()));
      if (m.type() == VOTE) {
        electionElapsed = 0;
        vote = m.from();
      }
    } else {
      send(Message.builder(resp).to(m.from()).term(term).reject(true));
    }
  }

  void hup(CampaignType t) {
    if (state == StateType.LEADER || !promotable() || hasUnappliedConfChanges()) {
      return;
    }
    campaign(t);
  }

  /** A committed but unapplied conf change may remove us or change the quorum: wait for it. */
  private boolean hasUnappliedConfChanges() {
    if (log.committed <= log.applied) {
      return false;
    }
    long lo = Math.max(log.applied + 1, log.firstIndex());
    for (Entry e : log.slice(lo, log.committed + 1, Long.MAX_VALUE)) {
      if (e.type() == EntryType.CONF_CHANGE) {
        return true;
      }
    }
    return false;
  }

  void campaign(CampaignType t) {
    MessageType voteMsg;
    long voteTerm;
    if (t == CampaignType.PRE_ELECTION) {
      becomePreCandidate();
      voteMsg = PRE_VOTE;
      voteTerm = term + 1; // the term we would campaign in; ours stays put
    } else {
      becomeCandidate();
      voteMsg = VOTE;
      voteTerm = term;
    }
    if (poll(id, true) == VoteResult.WON) {
      // A single voter wins at once.
      if (t == CampaignType.PRE_ELECTION) {
        campaign(CampaignType.ELECTION);
      } else {
        becomeLeader();
      }
      return;
    }
    for (long peer : tracker.ids()) {
      if (peer == id) {
        continue;
      }
      send(
          Message.builder(voteMsg)
              .to(peer)
              .term(voteTerm)
              .index(log.lastIndex())
              .logTerm(log.lastTerm())
              .context(t == CampaignType.TRANSFER ? campaignTransferContext() : null));
    }
  }

  VoteResult poll(long from, boolean granted) {
    tracker.recordVote(from, granted);
    return tracker.tallyVotes();
  }

  /** Applies a committed membership change and returns the new membership. */
  ConfState applyConfChange(ConfChange cc) {
    if (Changer.invalidReason(tracker.ids(), cc) == null) {
      switch (cc.type()) {
        case ADD_NODE -> tracker.add(cc.nodeId(), log.lastIndex());
        case REMOVE_NODE -> tracker.remove(cc.nodeId());
      }
    }
    ConfState cs = tracker.confState();
    // A removed leader keeps leading (as etcd's does by default) without accepting proposals: it
    // still brings the remaining voters up to date and tells them the commit index, which they
    // need to elect a successor. Stepping down at once can leave a two-node cluster without any
    // node able to win (the survivor lacks entries that only the removed node has). The server
    // stops a removed node once the remaining voters have applied its removal.
    if (state != StateType.LEADER || cs.voters().isEmpty()) {
      return cs;
    }
    // The quorum changed: entries may now be committed, and a new member needs its first append.
    if (Leader.maybeCommit(this)) {
      Leader.bcastAppend(this);
    } else {
      for (long peer : tracker.ids()) {
        if (peer != id) {
          Leader.maybeSendAppend(this, peer, false);
        }
      }
    }
    if (leadTransferee != 0 && tracker.progress(leadTransferee) == null) {
      leadTransferee = 0;
    }
    return cs;
  }
}
