package cairn.raft.quorum;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/** Majority counting over one set of voters (no joint consensus: changes go one node at a time). */
public final class MajorityConfig {

  private MajorityConfig() {}

  /** The size of a majority of n voters. */
  public static int quorum(int n) {
    return n / 2 + 1;
  }

  /**
   * The largest index that a majority has matched: with the matches sorted ascending, the one a
   * quorum is at or above. Sorts {@code matches} in place. Zero for no voters (commits nothing).
   */
  public static long committedIndex(long[] matches, int n) {
    if (n == 0) {
      return 0;
    }
    Arrays.sort(matches, 0, n);
    return matches[n - quorum(n)];
  }

  /** Counts the votes of {@code voters}; votes from others are ignored. No voters: won. */
  public static VoteResult voteResult(Collection<Long> voters, Map<Long, Boolean> votes) {
    if (voters.isEmpty()) {
      return VoteResult.WON;
    }
    int granted = 0;
    int missing = 0;
    for (long id : voters) {
      Boolean v = votes.get(id);
      if (v == null) {
        missing++;
      } else if (v) {
        granted++;
      }
    }
    int q = quorum(voters.size());
    if (granted >= q) {
      return VoteResult.WON;
    }
    return granted + missing >= q ? VoteResult.PENDING : VoteResult.LOST;
  }
}
