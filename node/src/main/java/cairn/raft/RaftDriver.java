package cairn.raft;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The single-threaded loop around a {@link RawNode} that the server runs (and the simulation too):
 * it carries out each Ready in the order Raft requires, making persisted state visible in the
 * node's {@link MemoryStorage}, and leaves the I/O itself to a {@link Handler}.
 */
public final class RaftDriver {

  /** The caller's side of the loop: durable storage, the transport, the state machine. */
  public interface Handler {
    /**
     * Makes the hard state (unless empty), the snapshot (unless empty) and the entries durable
     * before returning (WAL write and fsync). A follower's or candidate's messages are sent after
     * it returns and depend on it; a leader's are sent before it is called.
     */
    void persist(HardState hardState, Snapshot snapshot, List<Entry> entries);

    /** Hands messages to the transport; delivery is best-effort. */
    void send(List<Message> messages);

    /**
     * Decides, identically on every member, whether a committed membership change takes effect
     * (etcd validates a conf change against the cluster state when it is applied). A refused change
     * is not applied to Raft and reaches {@link #apply} with a null membership.
     */
    default boolean admit(ConfChange change) {
      return true;
    }

    /** Replaces the state machine with a snapshot from the leader. */
    void applySnapshot(Snapshot snapshot);

    /**
     * Applies one committed entry. For an admitted conf change entry {@code confState} is the
     * membership after it (already applied to Raft); otherwise null.
     */
    void apply(Entry entry, ConfState confState);

    /**
     * The committed entries of one Ready were applied: for the caller's follow-up work (waking
     * watchers), which may now run before the Ready's own entries are written.
     */
    default void appliedCommitted() {}

    /** Releases linearizable reads once the applied index reaches theirs. */
    default void readStates(List<ReadState> readStates) {}

    /** Reports a change of leader or role. */
    default void softState(SoftState softState) {}
  }

  private final RawNode node;
  private final MemoryStorage storage;
  private final Handler handler;

  public RaftDriver(RawNode node, MemoryStorage storage, Handler handler) {
    this.node = node;
    this.storage = storage;
    this.handler = handler;
  }

  public RawNode node() {
    return node;
  }

  /** Carries out one Ready if there is one; returns whether there was. */
  public boolean processReady() {
    if (!node.hasReady()) {
      return false;
    }
    Ready rd = node.ready();
    if (rd.hasSoftState()) {
      handler.softState(rd.softState());
    }
    // A leader sends its new entries to the followers before writing them itself, so that its
    // fsync and theirs overlap (the Raft thesis, 10.2.1; etcd does the same). Safe because the
    // write below finishes before this thread steps the followers' answers: nothing is committed
    // on an entry the leader has not persisted. Everyone else persists first: a vote or an
    // append response promises state that must be on disk before it is sent.
    boolean sendFirst = node.raft().state == StateType.LEADER;
    if (sendFirst && !rd.messages().isEmpty()) {
      handler.send(rd.messages());
    }
    boolean applyFirst = mayApplyBeforeWrite(rd);
    if (applyFirst) {
      applyCommitted(rd);
    }
    handler.persist(rd.hardState(), rd.snapshot(), rd.entries());
    if (!rd.snapshot().isEmpty()) {
      storage.applySnapshot(rd.snapshot());
    }
    storage.append(rd.entries());
    if (rd.hasHardState()) {
      storage.setHardState(rd.hardState());
    }
    if (!sendFirst && !rd.messages().isEmpty()) {
      handler.send(rd.messages());
    }
    if (!rd.snapshot().isEmpty()) {
      handler.applySnapshot(rd.snapshot());
    }
    if (!applyFirst) {
      applyCommitted(rd);
    }
    if (!rd.readStates().isEmpty()) {
      handler.readStates(rd.readStates());
    }
    node.advance(rd);
    return true;
  }

  /**
   * Whether the Ready's committed entries may be applied before its write (the apply then runs
   * while the entries wait for their fsync, not after it). An entry this member has already written
   * may always go first. One it is about to write may go first on a follower whose role did not
   * change: the leader committed it on the acknowledgements of a majority that had written it, and
   * this member's is not among them, since it acknowledges only after its write. A leader counts
   * its own write at once (alone in the cluster, it commits an entry in the Ready that writes it),
   * so it applies only what is on its disk. Never with a snapshot, which must be in place before
   * the entries after it.
   */
  private boolean mayApplyBeforeWrite(Ready rd) {
    List<Entry> committed = rd.committedEntries();
    if (committed.isEmpty() || !rd.snapshot().isEmpty()) {
      return false;
    }
    if (rd.entries().isEmpty()
        || committed.get(committed.size() - 1).index() < rd.entries().get(0).index()) {
      return true;
    }
    return node.raft().state == StateType.FOLLOWER && !rd.hasSoftState();
  }

  private void applyCommitted(Ready rd) {
    if (rd.committedEntries().isEmpty()) {
      return;
    }
    for (Entry e : rd.committedEntries()) {
      ConfState cs = null;
      if (e.type() == EntryType.CONF_CHANGE && e.data().length > 0) {
        ConfChange change = ConfChange.decode(e.data());
        if (handler.admit(change)) {
          cs = node.applyConfChange(change);
        }
      }
      handler.apply(e, cs);
    }
    handler.appliedCommitted();
  }

  /** Processes Readies until none is left or {@code maxRounds} were done; returns how many. */
  public int processAll(int maxRounds) {
    return processAll(maxRounds, () -> true);
  }

  /**
   * As {@link #processAll(int)}, and stops early once {@code goOn} (asked before every Ready after
   * the first) says no: the caller's time budget.
   */
  public int processAll(int maxRounds, BooleanSupplier goOn) {
    int n = 0;
    while (n < maxRounds && (n == 0 || goOn.getAsBoolean()) && processReady()) {
      n++;
    }
    return n;
  }
}
