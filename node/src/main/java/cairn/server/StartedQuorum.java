package cairn.server;

import java.util.List;
import java.util.Optional;

/**
 * etcd 2.3's {@code --strict-reconfig-check}: a membership change is refused when the cluster it
 * makes would have fewer started members (members that have published their name) than its quorum,
 * because a mistyped peer URL in {@code member add} then costs the cluster its quorum. Each method
 * returns etcd's warning for the log when the change is refused, empty when it may go ahead.
 */
final class StartedQuorum {

  private StartedQuorum() {}

  /**
   * Adding one member to {@code members}: the new member counts as not started. A one-member
   * cluster may always grow to two (etcd's exception, for restoring a cluster from a backup).
   */
  static Optional<String> refusalToAdd(List<Member> members) {
    int afterwards = members.size() + 1;
    int started = started(members, 0);
    if (started == 1 && afterwards == 2) {
      return Optional.empty();
    }
    int quorum = afterwards / 2 + 1;
    return refusal("add", started, quorum);
  }

  /** Removing the member {@code id}: the others must keep a started quorum of their own. */
  static Optional<String> refusalToRemove(List<Member> members, long id) {
    int afterwards = 0;
    for (Member m : members) {
      if (m.id() != id) {
        afterwards++;
      }
    }
    int started = started(members, id);
    int quorum = afterwards / 2 + 1;
    return refusal("remove", started, quorum);
  }

  private static Optional<String> refusal(String change, int started, int quorum) {
    if (started >= quorum) {
      return Optional.empty();
    }
    return Optional.of(
        "Reject "
            + change
            + " member request: the number of started member ("
            + started
            + ") will be less than the quorum number of the cluster ("
            + quorum
            + ")");
  }

  /** The started members other than {@code except} (0 for none). */
  private static int started(List<Member> members, long except) {
    int started = 0;
    for (Member m : members) {
      if (m.id() != except && m.started()) {
        started++;
      }
    }
    return started;
  }
}
