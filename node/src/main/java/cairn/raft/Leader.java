package cairn.raft;

import static cairn.raft.MessageType.APP;

import cairn.raft.confchange.Changer;
import cairn.raft.tracker.Progress;
import cairn.raft.tracker.ProgressState;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's step function and replication: what etcd's stepLeader, sendAppend, bcastHeartbeat
 * and the read-index handling do, as static functions over the {@link Raft} they belong to.
 */
final class Leader {

  private Leader() {}

  static boolean step(Raft r, Message m) {
    switch (m.type()) {
      case BEAT -> {
        bcastHeartbeat(r, r.readOnly.lastPendingRequestContext());
        return true;
      }
      case CHECK_QUORUM -> {
        if (!r.tracker.quorumActive(r.id)) {
          r.becomeFollower(r.term, 0); // cut off from a majority: stop serving stale reads
        } else {
          r.tracker.clearRecentActive(r.id);
        }
        return true;
      }
      case PROP -> {
        return propose(r, m);
      }
      case READ_INDEX -> {
        readIndex(r, m);
        return true;
      }
      default -> {}
    }
    Progress pr = r.tracker.progress(m.from());
    if (pr == null) {
      return true; // not a member (any more)
    }
    switch (m.type()) {
      case APP_RESP -> handleAppendResponse(r, m, pr);
      case HEARTBEAT_RESP -> handleHeartbeatResponse(r, m, pr);
      case SNAP_STATUS -> {
        if (pr.state() == ProgressState.SNAPSHOT) {
          if (m.reject()) {
            pr.becomeSnapshot(0); // forget the pending snapshot: probe from match again
          }
          pr.becomeProbe();
          pr.pauseProbe(); // wait for a heartbeat response before probing
        }
      }
      case UNREACHABLE -> {
        if (pr.state() == ProgressState.REPLICATE) {
          pr.becomeProbe(); // messages were probably lost: stop pipelining blindly
        }
      }
      case TRANSFER_LEADER -> transferLeader(r, m.from(), pr);
      default -> {}
    }
    return true;
  }

  private static boolean propose(Raft r, Message m) {
    if (r.tracker.progress(r.id) == null || r.leadTransferee != 0) {
      return false; // removed, or handing over leadership: the proposal would be lost
    }
    List<Entry> es = new ArrayList<>(m.entries());
    for (int i = 0; i < es.size(); i++) {
      Entry e = es.get(i);
      if (e.type() != EntryType.CONF_CHANGE) {
        continue;
      }
      boolean refuse =
          r.pendingConfIndex > r.log.applied
              || Changer.invalidReason(r.tracker.ids(), ConfChange.decode(e.data())) != null;
      if (!refuse) {
        r.pendingConfIndex = r.log.lastIndex() + i + 1;
      } else if (es.size() == 1) {
        return false;
      } else {
        es.set(i, new Entry(0, 0, EntryType.NORMAL, new byte[0]));
      }
    }
    r.appendEntry(es);
    r.bcastPending = true; // sent when the Ready is built: many proposals, one append each
    return true;
  }

  static boolean maybeCommit(Raft r) {
    long mci = r.tracker.committed();
    if (r.config.injectedBug() == InjectedBug.COMMIT_EARLIER_TERM_BY_COUNTING) {
      if (mci > r.log.committed) {
        r.log.commitTo(mci);
        return true;
      }
      return false;
    }
    return r.log.maybeCommit(mci, r.term);
  }

  /** Sends the broadcast that proposals and commits asked for, if the node still leads. */
  static void flushBcast(Raft r) {
    if (r.bcastPending) {
      r.bcastPending = false;
      if (r.state == StateType.LEADER) {
        bcastAppend(r);
      }
    }
  }

  static void bcastAppend(Raft r) {
    for (long peer : r.tracker.ids()) {
      if (peer != r.id) {
        maybeSendAppend(r, peer, true);
      }
    }
  }

  /**
   * Sends the follower the entries from its next index (or an empty append carrying the commit
   * index if sendIfEmpty), or the snapshot when those entries are compacted.
   */
  static boolean maybeSendAppend(Raft r, long to, boolean sendIfEmpty) {
    Progress pr = r.tracker.progress(to);
    if (pr.isPaused()) {
      return false;
    }
    long prevIndex = pr.next() - 1;
    long prevTerm = r.log.term(prevIndex);
    List<Entry> ents = null;
    if (prevTerm >= 0 && pr.state() == ProgressState.REPLICATE && pr.inflights().full()) {
      ents = List.of(); // throttled: only an empty append, to learn where the follower is
    } else if (prevTerm >= 0) {
      try {
        ents = r.log.entries(pr.next(), r.config.maxSizePerMsgBytes());
      } catch (LogCompactedException e) {
        ents = null;
      }
    }
    if (ents == null) {
      return sendSnapshot(r, to, pr);
    }
    if (ents.isEmpty() && !sendIfEmpty) {
      return false;
    }
    r.send(
        Message.builder(APP)
            .to(to)
            .index(prevIndex)
            .logTerm(prevTerm)
            .entries(ents)
            .commit(r.log.committed));
    pr.sentEntries(ents.size());
    return true;
  }

  private static boolean sendSnapshot(Raft r, long to, Progress pr) {
    if (!pr.recentActive()) {
      return false; // do not ship a snapshot to a node that may be down
    }
    Snapshot s = r.log.snapshot();
    if (s.isEmpty()) {
      return false;
    }
    r.send(Message.builder(MessageType.SNAP).to(to).snapshot(s));
    pr.becomeSnapshot(s.metadata().index());
    return true;
  }

  private static void handleAppendResponse(Raft r, Message m, Progress pr) {
    pr.setRecentActive(true);
    if (m.reject()) {
      long nextProbe = m.rejectHint();
      if (m.logTerm() > 0) {
        // Skip every entry of ours whose term is above the follower's term at the hint.
        nextProbe = r.log.findConflictByTerm(m.rejectHint(), m.logTerm());
      }
      if (pr.maybeDecrTo(m.index(), nextProbe)) {
        if (pr.state() == ProgressState.REPLICATE) {
          pr.becomeProbe();
        }
        maybeSendAppend(r, m.from(), true);
      }
      return;
    }
    boolean oldPaused = pr.isPaused();
    boolean probeMatched = pr.match() == m.index() && pr.state() == ProgressState.PROBE;
    if (!pr.maybeUpdate(m.index()) && !probeMatched) {
      return;
    }
    switch (pr.state()) {
      case PROBE -> pr.becomeReplicate();
      case SNAPSHOT -> {
        if (pr.match() + 1 >= r.log.firstIndex()) {
          pr.becomeProbe();
          pr.becomeReplicate();
        }
      }
      case REPLICATE -> pr.inflights().freeLE(m.index());
    }
    if (maybeCommit(r)) {
      releasePendingReadIndexMessages(r);
      r.bcastPending = true; // tell everyone the commit index once per Ready, not per ack
    } else if (oldPaused) {
      maybeSendAppend(r, m.from(), true);
    }
    // Fill the in-flight window; each send either adds to the window or returns false.
    int bound = r.config.maxInflightMsgs() + 1;
    for (int i = 0; i < bound && maybeSendAppend(r, m.from(), false); i++) {}
    if (m.from() == r.leadTransferee && pr.match() == r.log.lastIndex()) {
      r.send(Message.builder(MessageType.TIMEOUT_NOW).to(m.from()));
    }
  }

  private static void handleHeartbeatResponse(Raft r, Message m, Progress pr) {
    pr.setRecentActive(true);
    pr.resumeProbe();
    if (pr.match() < r.log.lastIndex()) {
      maybeSendAppend(r, m.from(), true); // also repairs a pipeline whose last message was lost
    }
    if (m.context().length == 0) {
      return;
    }
    var acks = r.readOnly.recvAck(m.from(), m.context());
    if (acks == null || !r.tracker.hasQuorum(acks)) {
      return;
    }
    for (ReadOnly.Status s : r.readOnly.advance(m.context())) {
      respondToReadIndex(r, s.request(), s.index());
    }
  }

  private static void transferLeader(Raft r, long transferee, Progress pr) {
    if (r.leadTransferee != 0) {
      if (r.leadTransferee == transferee) {
        return; // already under way
      }
      r.leadTransferee = 0;
    }
    if (transferee == r.id) {
      return;
    }
    // The transfer must finish within an election timeout, counted from now.
    r.electionElapsed = 0;
    r.leadTransferee = transferee;
    if (pr.match() == r.log.lastIndex()) {
      r.send(Message.builder(MessageType.TIMEOUT_NOW).to(transferee));
    } else {
      maybeSendAppend(r, transferee, true);
    }
  }

  // ---- read index ------------------------------------------------------------------------------

  private static void readIndex(Raft r, Message m) {
    if (r.tracker.isSingleton()) {
      respondToReadIndex(r, m, r.log.committed);
    } else if (r.log.term(r.log.committed) != r.term) {
      // Until an entry of our term commits, our commit index may be behind the cluster's.
      r.pendingReadIndexMessages.add(m);
    } else {
      sendReadIndex(r, m);
    }
  }

  private static void sendReadIndex(Raft r, Message m) {
    r.readOnly.addRequest(r.log.committed, m);
    r.readOnly.recvAck(r.id, m.context());
    bcastHeartbeat(r, m.context());
  }

  private static void releasePendingReadIndexMessages(Raft r) {
    if (r.pendingReadIndexMessages.isEmpty() || r.log.term(r.log.committed) != r.term) {
      return;
    }
    List<Message> pending = new ArrayList<>(r.pendingReadIndexMessages);
    r.pendingReadIndexMessages.clear();
    for (Message m : pending) {
      sendReadIndex(r, m);
    }
  }

  private static void respondToReadIndex(Raft r, Message req, long index) {
    if (req.from() == 0 || req.from() == r.id) {
      r.readStates.add(new ReadState(index, req.context()));
    } else {
      r.send(
          Message.builder(MessageType.READ_INDEX_RESP)
              .to(req.from())
              .index(index)
              .context(req.context()));
    }
  }

  private static void bcastHeartbeat(Raft r, byte[] context) {
    for (var e : r.tracker.entries()) {
      long peer = e.getKey();
      if (peer == r.id) {
        continue;
      }
      // Never tell a follower to commit beyond what it is known to hold.
      long commit = Math.min(e.getValue().match(), r.log.committed);
      r.send(Message.builder(MessageType.HEARTBEAT).to(peer).commit(commit).context(context));
    }
  }
}
