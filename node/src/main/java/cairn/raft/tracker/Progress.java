package cairn.raft.tracker;

/**
 * The leader's view of one follower: the highest index known to match ({@code match}), the next
 * index to send ({@code next}), and the sending state. Invariant: match < next.
 */
public final class Progress {
  private long match;
  private long next;
  private ProgressState state = ProgressState.PROBE;
  private long pendingSnapshot;
  private boolean recentActive;
  private boolean msgAppFlowPaused;
  private final Inflights inflights;

  public Progress(long match, long next, int maxInflight) {
    this.match = match;
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }

  public long match() {
    return match;
  }

  public long next() {
    return next;
  }

  public ProgressState state() {
    return state;
  }

  public long pendingSnapshot() {
    return pendingSnapshot;
  }

  public boolean recentActive() {
    return recentActive;
  }

  public void setRecentActive(boolean v) {
    recentActive = v;
  }

  public Inflights inflights() {
    return inflights;
  }

  /**
   * Lets the follower receive one more message (after a heartbeat response). In replicate state
   * with a full window that message is an empty append: if every message in the window was lost,
   * its rejection restarts replication instead of stalling it for good.
   */
  public void resumeProbe() {
    msgAppFlowPaused = false;
  }

  /** Stops sending until the next heartbeat response (after a snapshot report). */
  public void pauseProbe() {
    msgAppFlowPaused = true;
  }

  private void resetState(ProgressState s) {
    msgAppFlowPaused = false;
    pendingSnapshot = 0;
    state = s;
    inflights.reset();
  }

  public void becomeProbe() {
    if (state == ProgressState.SNAPSHOT) {
      // The snapshot may have arrived: probe right after it rather than from match.
      long pending = pendingSnapshot;
      resetState(ProgressState.PROBE);
      next = Math.max(match + 1, pending + 1);
    } else {
      resetState(ProgressState.PROBE);
      next = match + 1;
    }
  }

  public void becomeReplicate() {
    resetState(ProgressState.REPLICATE);
    next = match + 1;
  }

  public void becomeSnapshot(long snapshotIndex) {
    resetState(ProgressState.SNAPSHOT);
    pendingSnapshot = snapshotIndex;
  }

  /** Records an append message of {@code entries} entries starting at {@code next}. */
  public void sentEntries(int entries) {
    switch (state) {
      case REPLICATE -> {
        if (entries > 0) {
          next += entries;
          inflights.add(next - 1);
        }
        msgAppFlowPaused = inflights.full();
      }
      // Any append in probe state is a probe: one per heartbeat round trip.
      case PROBE -> msgAppFlowPaused = true;
      case SNAPSHOT -> {}
    }
  }

  /** A follower acknowledged index n; returns whether match moved. */
  public boolean maybeUpdate(long n) {
    boolean updated = false;
    if (match < n) {
      match = n;
      updated = true;
      msgAppFlowPaused = false;
    }
    next = Math.max(next, n + 1);
    return updated;
  }

  /**
   * A follower rejected the append after {@code rejected}, hinting it matches at most up to {@code
   * matchHint}; returns false for a stale rejection.
   */
  public boolean maybeDecrTo(long rejected, long matchHint) {
    if (state == ProgressState.REPLICATE) {
      if (rejected <= match) {
        return false;
      }
      next = match + 1;
      return true;
    }
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
    msgAppFlowPaused = false;
    return true;
  }

  /** Whether sending to this follower is on hold. */
  public boolean isPaused() {
    return switch (state) {
      case PROBE -> msgAppFlowPaused;
      case REPLICATE -> msgAppFlowPaused;
      case SNAPSHOT -> true;
    };
  }

  @Override
  public String toString() {
    return state
        + " match="
        + match
        + " next="
        + next
        + (state == ProgressState.SNAPSHOT ? " pendingSnap=" + pendingSnapshot : "")
        + (recentActive ? " active" : "");
  }
}
