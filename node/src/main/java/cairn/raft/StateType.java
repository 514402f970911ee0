package cairn.raft;

/** The role a node plays; selects the step function. */
public enum StateType {
  FOLLOWER,
  PRE_CANDIDATE,
  CANDIDATE,
  LEADER
}
