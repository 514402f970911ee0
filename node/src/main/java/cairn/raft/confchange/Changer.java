package cairn.raft.confchange;

import cairn.raft.ConfChange;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Validates and applies a single-node membership change. A change is only ever applied on top of
 * the configuration it was proposed against (the leader allows one pending change at a time), so
 * any majority of the old voters intersects any majority of the new ones.
 */
public final class Changer {

  private Changer() {}

  /** Why {@code cc} cannot apply to {@code voters}, or null if it can. */
  public static String invalidReason(Collection<Long> voters, ConfChange cc) {
    boolean present = voters.contains(cc.nodeId());
    return switch (cc.type()) {
      case ADD_NODE -> present ? "node " + cc.nodeId() + " is already a voter" : null;
      case REMOVE_NODE -> {
        if (!present) {
          yield "node " + cc.nodeId() + " is not a voter";
        }
        yield voters.size() == 1 ? "removing the last voter" : null;
      }
    };
  }

  /** The voters after {@code cc}; unchanged if the change is invalid (it is then a no-op). */
  public static TreeSet<Long> apply(Collection<Long> voters, ConfChange cc) {
    TreeSet<Long> next = new TreeSet<>(voters);
    if (invalidReason(voters, cc) != null) {
      return next;
    }
    switch (cc.type()) {
      case ADD_NODE -> next.add(cc.nodeId());
      case REMOVE_NODE -> next.remove(cc.nodeId());
    }
    return next;
  }
}
