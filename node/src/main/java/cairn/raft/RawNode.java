package cairn.raft;

import cairn.util.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public face of one Raft node: inputs go in through {@link #tick}, {@link #step}, {@link
 * #propose}, {@link #proposeConfChange} and {@link #readIndex}; work comes out as a {@link Ready}
 * that the caller carries out and acknowledges with {@link #advance}. Single-threaded; no I/O.
 */
public final class RawNode {
  private final Raft raft;
  private SoftState prevSoftState;
  private HardState prevHardState;
  private boolean readyOutstanding;

  public RawNode(RaftConfig config) {
    this.raft = new Raft(config);
    this.prevSoftState = raft.softState();
    this.prevHardState = raft.hardState();
  }

  Raft raft() {
    return raft;
  }

  public long id() {
    return raft.id;
  }

  /** Advances the logical clock by one tick (heartbeats, election timeouts, check-quorum). */
  public void tick() {
    raft.tick();
  }

  /**
   * Advances the logical clock by {@code ticks} ticks at once, as etcd's advanceTicks: a member
   * that has just connected to its peers need not wait a whole election timeout for a leader that
   * does not exist yet. Ticks are ticks: a leader's heartbeat still resets the election clock.
   */
  public void advanceTicks(int ticks) {
    Check.argument(ticks >= 0, "ticks %d < 0", ticks);
    for (int i = 0; i < ticks; i++) {
      raft.tick();
    }
  }

  /** Starts an election now (pre-vote first if enabled). */
  public void campaign() {
    raft.step(Message.builder(MessageType.HUP).from(raft.id).build());
  }

  /** Proposes one entry; false if dropped (no known leader, transfer under way, removed). */
  public boolean propose(byte[] data) {
    return proposeEntries(List.of(Entry.normal(0, 0, data)));
  }

  /** Proposes several entries in one message: one append and one log write for all of them. */
  public boolean propose(List<byte[]> batch) {
    Check.argument(!batch.isEmpty(), "empty proposal batch");
    List<Entry> es = new ArrayList<>(batch.size());
    for (byte[] d : batch) {
      es.add(Entry.normal(0, 0, d));
    }
    return proposeEntries(es);
  }

  /**
   * Proposes a membership change; false if dropped, and also if the leader refuses it because
   * another change is pending or it does not apply to the current membership. A removed leader
   * keeps leading (without taking proposals) so that the others learn the commit index; stop it
   * once they have applied the removal. Do not remove the leader of a two-node cluster: transfer
   * leadership first, or the survivor may be unable to win an election (as with etcd).
   */
  public boolean proposeConfChange(ConfChange cc) {
    return proposeEntries(List.of(new Entry(0, 0, EntryType.CONF_CHANGE, cc.encode())));
  }

  private boolean proposeEntries(List<Entry> es) {
    return raft.step(Message.builder(MessageType.PROP).from(raft.id).entries(es).build());
  }

  /** Steps a message received from a peer. */
  public void step(Message m) {
    Check.argument(!m.type().isLocal(), "cannot step local message %s from the network", m.type());
    raft.step(m);
  }

  /**
   * Asks for a linearizable read identified by a non-empty, unique {@code context}; a {@link
   * ReadState} with that context comes out in a later Ready. False if dropped (no leader).
   */
  public boolean readIndex(byte[] context) {
    Check.argument(context != null && context.length > 0, "read index context must not be empty");
    return raft.step(Message.builder(MessageType.READ_INDEX).context(context).build());
  }

  /** Asks the leader (directly or via this follower) to hand leadership to {@code transferee}. */
  public void transferLeadership(long transferee) {
    raft.step(Message.builder(MessageType.TRANSFER_LEADER).from(transferee).build());
  }

  /** The transport tells the leader that {@code id} could not be reached. */
  public void reportUnreachable(long id) {
    raft.step(Message.builder(MessageType.UNREACHABLE).from(id).build());
  }

  /** The transport tells the leader whether its snapshot reached {@code id}. */
  public void reportSnapshot(long id, boolean delivered) {
    raft.step(Message.builder(MessageType.SNAP_STATUS).from(id).reject(!delivered).build());
  }

  /** Applies a committed membership change (call in log order); returns the new membership. */
  public ConfState applyConfChange(ConfChange cc) {
    return raft.applyConfChange(cc);
  }

  /** Whether {@link #ready} has work; also sends the appends that proposals and commits queued. */
  public boolean hasReady() {
    Check.state(!readyOutstanding, "hasReady before advance of the previous Ready");
    Leader.flushBcast(raft);
    return !raft.softState().equals(prevSoftState)
        || !raft.hardState().equals(prevHardState)
        || raft.log.unstable.snapshot != null
        || !raft.log.unstable.entries.isEmpty()
        || !raft.msgs.isEmpty()
        || !raft.readStates.isEmpty()
        || raft.log.hasNextCommittedEntries();
  }

  /** The pending work; the caller must carry it out and call {@link #advance} before the next. */
  public Ready ready() {
    Check.state(!readyOutstanding, "ready before advance of the previous Ready");
    Leader.flushBcast(raft);
    SoftState soft = raft.softState();
    HardState hard = raft.hardState();
    Snapshot snap = raft.log.unstable.snapshot;
    Ready rd =
        new Ready(
            soft.equals(prevSoftState) ? null : soft,
            hard.equals(prevHardState) ? HardState.EMPTY : hard,
            raft.log.unstableEntries(),
            snap == null ? Snapshot.EMPTY : snap,
            raft.log.nextCommittedEntries(),
            raft.msgs.isEmpty() ? List.of() : List.copyOf(raft.msgs),
            raft.readStates.isEmpty() ? List.of() : List.copyOf(raft.readStates));
    prevSoftState = soft;
    prevHardState = hard;
    raft.msgs.clear();
    raft.readStates.clear();
    readyOutstanding = true;
    return rd;
  }

  /** Acknowledges that a Ready was persisted, sent and applied. */
  public void advance(Ready rd) {
    Check.state(readyOutstanding, "advance without an outstanding Ready");
    readyOutstanding = false;
    if (!rd.committedEntries().isEmpty()) {
      raft.log.appliedTo(rd.committedEntries().get(rd.committedEntries().size() - 1).index());
    } else if (!rd.snapshot().isEmpty()) {
      raft.log.appliedTo(rd.snapshot().metadata().index());
    }
    if (!rd.entries().isEmpty()) {
      Entry last = rd.entries().get(rd.entries().size() - 1);
      raft.log.stableTo(last.index(), last.term());
    }
    if (!rd.snapshot().isEmpty()) {
      raft.log.stableSnapTo(rd.snapshot().metadata().index());
    }
  }

  /**
   * The leader's view of how far each voter's log matches its own (itself included); empty on a
   * follower. The server picks the most up-to-date follower to hand leadership to.
   */
  public Map<Long, Long> matchIndexes() {
    Map<Long, Long> match = new TreeMap<>();
    if (raft.state == StateType.LEADER) {
      for (var e : raft.tracker.entries()) {
        match.put(e.getKey(), e.getValue().match());
      }
    }
    return match;
  }

  /** A snapshot of the node's state for monitoring and tests. */
  public Status status() {
    Map<Long, String> progress = new TreeMap<>();
    if (raft.state == StateType.LEADER) {
      for (var e : raft.tracker.entries()) {
        progress.put(e.getKey(), e.getValue().toString());
      }
    }
    return new Status(
        raft.id,
        new HardState(raft.term, raft.vote, raft.log.committed),
        raft.softState(),
        raft.log.applied,
        raft.log.lastIndex(),
        raft.leadTransferee,
        raft.tracker.confState(),
        progress);
  }
}
