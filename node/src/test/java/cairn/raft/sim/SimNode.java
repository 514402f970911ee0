package cairn.raft.sim;

import cairn.raft.ConfState;
import cairn.raft.MemoryStorage;
import cairn.raft.RaftDriver;
import cairn.raft.StateType;

/** One simulated server: its "disk" survives crashes, everything else is rebuilt on restart. */
final class SimNode {
  final long id;
  final MemoryStorage storage;
  RaftDriver driver; // null while crashed or after removal
  boolean stopped; // removed from the cluster: never restarts
  long appliedIndex;
  long appHash;
  ConfState confState;
  boolean becameLeader;
  StateType role = StateType.FOLLOWER;
  boolean sawMarker;

  SimNode(long id, MemoryStorage storage) {
    this.id = id;
    this.storage = storage;
  }

  boolean up() {
    return driver != null;
  }
}
