package cairn.raft;

import static cairn.raft.MessageType.APP_RESP;
import static cairn.raft.MessageType.PRE_VOTE_RESP;
import static cairn.raft.MessageType.VOTE_RESP;

import cairn.raft.quorum.VoteResult;

/**
 * The follower's and the candidate's step functions (etcd's stepFollower and stepCandidate) and the
 * handling of what a leader sends: appends, heartbeats and snapshots.
 */
final class Follower {

  private Follower() {}

  static boolean stepCandidate(Raft r, Message m) {
    MessageType myVoteResp = r.state == StateType.PRE_CANDIDATE ? PRE_VOTE_RESP : VOTE_RESP;
    switch (m.type()) {
      case PROP, READ_INDEX -> {
        return false; // no leader to serve it
      }
      case APP -> {
        r.becomeFollower(m.term(), m.from()); // always m.term == term here
        handleAppendEntries(r, m);
      }
      case HEARTBEAT -> {
        r.becomeFollower(m.term(), m.from());
        handleHeartbeat(r, m);
      }
      case SNAP -> {
        r.becomeFollower(m.term(), m.from());
        handleSnapshot(r, m);
      }
      default -> {
        if (m.type() == myVoteResp) {
          VoteResult result = r.poll(m.from(), !m.reject());
          if (result == VoteResult.WON) {
            if (r.state == StateType.PRE_CANDIDATE) {
              r.campaign(Raft.CampaignType.ELECTION);
            } else {
              r.becomeLeader();
              Leader.bcastAppend(r);
            }
          } else if (result == VoteResult.LOST) {
            // A lost pre-vote or vote: our term may have been raised by a rejection already.
            r.becomeFollower(r.term, 0);
          }
        }
      }
    }
    return true;
  }

  static boolean stepFollower(Raft r, Message m) {
    switch (m.type()) {
      case PROP, TRANSFER_LEADER, READ_INDEX -> {
        if (r.lead == 0) {
          return false;
        }
        r.send(m.toBuilder().to(r.lead));
      }
      case APP -> {
        r.electionElapsed = 0;
        r.lead = m.from();
        handleAppendEntries(r, m);
      }
      case HEARTBEAT -> {
        r.electionElapsed = 0;
        r.lead = m.from();
        handleHeartbeat(r, m);
      }
      case SNAP -> {
        r.electionElapsed = 0;
        r.lead = m.from();
        handleSnapshot(r, m);
      }
      case TIMEOUT_NOW -> r.hup(Raft.CampaignType.TRANSFER);
      case READ_INDEX_RESP -> r.readStates.add(new ReadState(m.index(), m.context()));
      default -> {}
    }
    return true;
  }

  private static void handleAppendEntries(Raft r, Message m) {
    if (m.index() < r.log.committed) {
      r.send(Message.builder(APP_RESP).to(m.from()).index(r.log.committed));
      return;
    }
    long lastNew = r.log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries());
    if (lastNew >= 0) {
      r.send(Message.builder(APP_RESP).to(m.from()).index(lastNew));
      return;
    }
    // Fast back-off: point the leader at the last entry that could match, with its term, so it
    // skips a whole term of conflicting entries per round trip instead of one entry.
    long hintIndex = r.log.findConflictByTerm(Math.min(m.index(), r.log.lastIndex()), m.logTerm());
    long hintTerm = Math.max(r.log.term(hintIndex), 0);
    r.send(
        Message.builder(APP_RESP)
            .to(m.from())
            .index(m.index())
            .reject(true)
            .rejectHint(hintIndex)
            .logTerm(hintTerm));
  }

  private static void handleHeartbeat(Raft r, Message m) {
    r.log.commitTo(m.commit());
    r.send(Message.builder(MessageType.HEARTBEAT_RESP).to(m.from()).context(m.context()));
  }

  private static void handleSnapshot(Raft r, Message m) {
    long index = restore(r, m.snapshot()) ? r.log.lastIndex() : r.log.committed;
    r.send(Message.builder(APP_RESP).to(m.from()).index(index));
  }

  /**
   * Installs a snapshot from the leader unless we already have (and have committed) what it covers.
   * Unlike etcd we do not refuse a snapshot whose membership lacks us: a node added after the
   * snapshot was taken learns of its own addition from the entries that follow.
   */
  static boolean restore(Raft r, Snapshot s) {
    SnapshotMetadata md = s.metadata();
    if (md.index() <= r.log.committed) {
      return false;
    }
    if (r.state != StateType.FOLLOWER) {
      r.becomeFollower(r.term + 1, 0); // cannot happen via step; be defensive as etcd is
      return false;
    }
    if (r.log.matchTerm(md.index(), md.term())) {
      r.log.commitTo(md.index()); // we have the entries: just fast-forward the commit index
      return false;
    }
    r.log.restore(s);
    r.tracker.restore(md.confState(), r.log.lastIndex(), r.id);
    return true;
  }
}
