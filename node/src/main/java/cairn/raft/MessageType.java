package cairn.raft;

/**
 * The kinds of Raft messages, named after etcd's (MsgHup, MsgApp, ...). Local types never cross the
 * network: the node steps them into itself (ticks, application reports).
 */
public enum MessageType {
  /** Local: start an election (pre-vote first when enabled). */
  HUP,
  /** Local: the leader's heartbeat tick fired. */
  BEAT,
  /** A proposal; followers forward it to the leader. */
  PROP,
  APP,
  APP_RESP,
  VOTE,
  VOTE_RESP,
  PRE_VOTE,
  PRE_VOTE_RESP,
  SNAP,
  HEARTBEAT,
  HEARTBEAT_RESP,
  /** Local: the transport could not reach a peer. */
  UNREACHABLE,
  /** Local: the transport reports whether a snapshot reached a peer. */
  SNAP_STATUS,
  /** Local: the leader's check-quorum tick fired. */
  CHECK_QUORUM,
  /** Asks the leader to hand leadership to {@code from}; followers forward it. */
  TRANSFER_LEADER,
  /** Tells a follower to campaign at once, skipping pre-vote and the leader lease. */
  TIMEOUT_NOW,
  READ_INDEX,
  READ_INDEX_RESP;

  /** True for messages a node only ever steps into itself. */
  public boolean isLocal() {
    return this == HUP
        || this == BEAT
        || this == UNREACHABLE
        || this == SNAP_STATUS
        || this == CHECK_QUORUM;
  }

  /** True for the replies to vote requests of either kind. */
  public boolean isVoteResponse() {
    return this == VOTE_RESP || this == PRE_VOTE_RESP;
  }
}
