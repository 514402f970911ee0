package cairn.raft.quorum;

/** Where an election (or a read-index acknowledgement round) stands. */
public enum VoteResult {
  PENDING,
  LOST,
  WON
}
