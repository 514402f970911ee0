package cairn.raft;

/** The one-node-at-a-time membership changes. */
public enum ConfChangeType {
  ADD_NODE,
  REMOVE_NODE
}
