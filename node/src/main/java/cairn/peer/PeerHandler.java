package cairn.peer;

import cairn.raft.Message;

/**
 * What the peer HTTP server ({@link PeerServer}) needs from the member. Every method is called on a
 * Netty event loop and must not block.
 */
public interface PeerHandler {

  /** The cluster's ID, compared with the {@code X-Etcd-Cluster-ID} header of every raft request. */
  long clusterId();

  /**
   * True when the member with this Raft ID was removed from the cluster: its requests are refused.
   */
  boolean isRemoved(long raftId);

  /** How log lines name the peer with this Raft ID: its member ID in hex, as etcd logs it. */
  default String memberHex(long raftId) {
    return PeerHeaders.hex(raftId);
  }

  /**
   * Hands a message from a peer to Raft. May drop it when overloaded (Raft tolerates loss); a
   * snapshot's sender is told it was delivered once this returns.
   */
  void receive(Message m);

  /**
   * The body of {@code GET /members}: etcd's JSON array of {@code
   * {"id":"hex","name":..,"peerURLs":[..],"clientURLs":[..]}}, as {@code /v2/members} shows each
   * member.
   */
  String membersJson();
}
