package cairn.raft.tracker;

import cairn.raft.ConfState;
import cairn.raft.quorum.MajorityConfig;
import cairn.raft.quorum.VoteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The voters with their {@link Progress}, and the votes of the current election. Iteration is in
 * ascending id order so that a seed reproduces a run exactly.
 */
public final class ProgressTracker {
  private final TreeMap<Long, Progress> progress = new TreeMap<>();
  private final Map<Long, Boolean> votes = new HashMap<>();
  private final int maxInflight;
  private long[] scratch = new long[8];

  public ProgressTracker(int maxInflight) {
    this.maxInflight = maxInflight;
  }

  public Progress progress(long id) {
    return progress.get(id);
  }

  /** The voter ids, ascending. */
  public Set<Long> ids() {
    return progress.keySet();
  }

  public Collection<Map.Entry<Long, Progress>> entries() {
    return progress.entrySet();
  }

  public int size() {
    return progress.size();
  }

  public boolean isSingleton() {
    return progress.size() == 1;
  }

  public ConfState confState() {
    return new ConfState(new ArrayList<>(progress.keySet()));
  }

  /**
   * Adds a voter the leader knows nothing about yet. It probes from lastIndex (not lastIndex + 1)
   * so that the leader has an entry to send and contacts the new member at once.
   */
  public void add(long id, long lastIndex) {
    Progress p = new Progress(0, Math.max(lastIndex, 1), maxInflight);
    p.setRecentActive(true); // a new member gets a full election timeout before check-quorum
    progress.put(id, p);
  }

  public void remove(long id) {
    progress.remove(id);
    votes.remove(id);
  }

  /** Forgets all progress, as at the start of a term: every voter probes from lastIndex + 1. */
  public void resetProgress(long lastIndex, long selfId) {
    for (Map.Entry<Long, Progress> e : progress.entrySet()) {
      Progress p = new Progress(0, lastIndex + 1, maxInflight);
      if (e.getKey() == selfId) {
        p.maybeUpdate(lastIndex);
      }
      e.setValue(p);
    }
  }

  /** Replaces the membership with {@code cs} (from a snapshot). */
  public void restore(ConfState cs, long lastIndex, long selfId) {
    progress.clear();
    votes.clear();
    for (long id : cs.voters()) {
      add(id, lastIndex);
    }
    resetProgress(lastIndex, selfId);
  }

  /** The largest index a majority of voters has matched. */
  public long committed() {
    int n = progress.size();
    if (scratch.length < n) {
      scratch = new long[n];
    }
    int i = 0;
    for (Progress p : progress.values()) {
      scratch[i++] = p.match();
    }
    return MajorityConfig.committedIndex(scratch, n);
  }

  public void resetVotes() {
    votes.clear();
  }

  /** Records a vote; the first vote of a voter in an election counts. */
  public void recordVote(long id, boolean granted) {
    votes.putIfAbsent(id, granted);
  }

  public VoteResult tallyVotes() {
    return MajorityConfig.voteResult(progress.keySet(), votes);
  }

  /** Whether {@code acks} hold a majority of the voters. */
  public boolean hasQuorum(Set<Long> acks) {
    int n = 0;
    for (long id : progress.keySet()) {
      if (acks.contains(id)) {
        n++;
      }
    }
    return n >= MajorityConfig.quorum(progress.size());
  }

  /** Whether a majority was heard from since the last check (ourselves included). */
  public boolean quorumActive(long selfId) {
    int n = 0;
    for (Map.Entry<Long, Progress> e : progress.entrySet()) {
      if (e.getKey() == selfId || e.getValue().recentActive()) {
        n++;
      }
    }
    return n >= MajorityConfig.quorum(progress.size());
  }

  /** Marks every voter but ourselves inactive, before the next check-quorum interval. */
  public void clearRecentActive(long selfId) {
    for (Map.Entry<Long, Progress> e : progress.entrySet()) {
      if (e.getKey() != selfId) {
        e.getValue().setRecentActive(false);
      }
    }
  }
}
