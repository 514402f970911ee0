package cairn.raft;

import cairn.util.Check;
import java.util.List;

/** The membership of the cluster at some log index: the ids of its voting members, ascending. */
public record ConfState(List<Long> voters) {

  public static final ConfState EMPTY = new ConfState(List.of());

  public ConfState {
    voters = List.copyOf(voters);
    for (int i = 1; i < voters.size(); i++) {
      Check.argument(
          voters.get(i - 1) < voters.get(i), "voters not ascending and unique: %s", voters);
    }
  }
}
