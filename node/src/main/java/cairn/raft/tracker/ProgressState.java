package cairn.raft.tracker;

/** How the leader sends to one follower. */
public enum ProgressState {
  /** One message per heartbeat interval until the follower's match index is found. */
  PROBE,
  /** Optimistic pipelining within the in-flight window. */
  REPLICATE,
  /** A snapshot is on its way; nothing else is sent until it is acknowledged or fails. */
  SNAPSHOT
}
