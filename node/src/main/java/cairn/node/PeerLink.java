package cairn.node;

import cairn.peer.PeerHandler;
import cairn.peer.PeerTransport;
import cairn.raft.Message;
import cairn.server.EtcdServer;
import cairn.server.MemberIds;
import java.util.List;
import java.util.Map;

/**
 * Joins a server and its peer transport, which need each other: the server's messages go out
 * through the transport, and what the peer server and the transport learn goes back to the server.
 * The server starts first (its IDs come from its data dir); until the transport is attached, its
 * messages are dropped (Raft resends) and the last peer list is kept for the transport.
 */
final class PeerLink implements EtcdServer.Transport, PeerTransport.Listener, PeerHandler {

  private volatile EtcdServer server;
  private volatile PeerTransport transport;
  private Map<Long, List<String>> peers = Map.of();

  synchronized void attach(EtcdServer server, PeerTransport transport) {
    this.server = server;
    this.transport = transport;
    transport.updatePeers(peers);
  }

  // The server's side.

  @Override
  public void send(List<Message> messages) {
    PeerTransport t = transport;
    if (t != null) {
      t.send(messages);
    }
  }

  @Override
  public synchronized void updatePeers(Map<Long, List<String>> peerUrlsByRaftId) {
    peers = Map.copyOf(peerUrlsByRaftId);
    if (transport != null) {
      transport.updatePeers(peers);
    }
  }

  @Override
  public int activePeers() {
    PeerTransport t = transport;
    return t == null ? 0 : t.activePeers();
  }

  // Both sides.

  /** The peer's member ID (the server knows the top bit its Raft ID clears), for log lines. */
  @Override
  public String memberHex(long raftId) {
    EtcdServer s = server;
    return s != null ? s.hexOfRaftId(raftId) : MemberIds.hex(raftId);
  }

  // The transport's side.

  @Override
  public void unreachable(long raftId) {
    EtcdServer s = server;
    if (s != null) {
      s.reportUnreachable(raftId);
    }
  }

  @Override
  public void snapshotStatus(long raftId, boolean delivered) {
    EtcdServer s = server;
    if (s != null) {
      s.reportSnapshot(raftId, delivered);
    }
  }

  @Override
  public void removed() {
    EtcdServer s = server;
    if (s != null) {
      s.reportRemoved();
    }
  }

  // The peer server's side.

  @Override
  public long clusterId() {
    return server.clusterId();
  }

  @Override
  public boolean isRemoved(long raftId) {
    return server.isRemoved(raftId);
  }

  @Override
  public void receive(Message m) {
    server.receive(m);
  }

  @Override
  public String membersJson() {
    return server.peerMembersJson();
  }
}
