package cairn.node;

import cairn.http.KeysHttpServer;
import cairn.http.KeysHttpServerConfig;
import cairn.io.FileSystem;
import cairn.peer.PeerServer;
import cairn.peer.PeerTransport;
import cairn.server.EtcdServer;
import cairn.server.RaftIds;
import cairn.server.RaftKeysBackend;
import cairn.server.ServerConfig;
import cairn.util.MemberLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * A running member: the Raft server, its peer transport and peer server, and the client HTTP server
 * in front of it. Closing stops accepting clients first, then the loop, then the WAL, so nothing is
 * acknowledged after the WAL closes.
 */
public final class EtcdMember implements AutoCloseable {

  private final EtcdServer server;
  private final PeerTransport transport;
  private final PeerServer peers;
  private final KeysHttpServer http;
  private final List<InetSocketAddress> clientAddresses;
  private final List<InetSocketAddress> peerAddresses;

  private EtcdMember(
      EtcdServer server,
      PeerTransport transport,
      PeerServer peers,
      KeysHttpServer http,
      List<InetSocketAddress> clientAddresses,
      List<InetSocketAddress> peerAddresses) {
    this.server = server;
    this.transport = transport;
    this.peers = peers;
    this.http = http;
    this.clientAddresses = clientAddresses;
    this.peerAddresses = peerAddresses;
  }

  /** A member alone, with no peer URLs to listen on (tests, migrated single members). */
  public static EtcdMember start(ServerConfig config, List<String> listenClientUrls, MemberLog log)
      throws IOException, InterruptedException {
    return start(config, listenClientUrls, List.of(), log);
  }

  /** As {@link #start(ServerConfig, List, List, List, MemberLog)} without {@code --cors}. */
  public static EtcdMember start(
      ServerConfig config,
      List<String> listenClientUrls,
      List<String> listenPeerUrls,
      MemberLog log)
      throws IOException, InterruptedException {
    return start(config, listenClientUrls, listenPeerUrls, List.of(), log);
  }

  /**
   * Starts the server on its data dir, the peer transport and the peer server on {@code
   * listenPeerUrls}, then serves clients on {@code listenClientUrls} ({@code localhost} binds
   * 127.0.0.1, as Go resolves it first) with CORS headers for {@code corsOrigins} (etcd's {@code
   * --cors}; empty for none).
   */
  public static EtcdMember start(
      ServerConfig config,
      List<String> listenClientUrls,
      List<String> listenPeerUrls,
      List<String> corsOrigins,
      MemberLog log)
      throws IOException, InterruptedException {
    PeerLink link = new PeerLink();
    EtcdServer server = EtcdServer.start(config, FileSystem.SYSTEM, link, log);
    PeerTransport transport = null;
    PeerServer peers = null;
    KeysHttpServer http = null;
    try {
      transport = new PeerTransport(RaftIds.of(server.memberId()), server.clusterId(), link, log);
      link.attach(server, transport);
      List<InetSocketAddress> peerBound = List.of();
      if (!listenPeerUrls.isEmpty()) {
        peers = new PeerServer(uris(listenPeerUrls), link, log);
        peerBound = peers.start();
        for (InetSocketAddress a : peerBound) {
          log.info("listening for peers on " + a.getHostString() + ":" + a.getPort());
        }
      }
      if (!server.awaitReplay(config.requestTimeout())) {
        log.warning(
            "the log was not replayed within "
                + config.requestTimeout().toMillis()
                + " ms; serving clients anyway");
      }
      http =
          new KeysHttpServer(
              KeysHttpServerConfig.of(uris(listenClientUrls)).withCors(corsOrigins),
              new RaftKeysBackend(server, config.clock()),
              config.clock());
      List<InetSocketAddress> bound = http.start();
      for (InetSocketAddress a : bound) {
        log.info("listening for client requests on " + a.getHostString() + ":" + a.getPort());
      }
      return new EtcdMember(server, transport, peers, http, bound, peerBound);
    } catch (InterruptedException | RuntimeException e) {
      if (http != null) {
        http.close();
      }
      server.close();
      if (peers != null) {
        peers.close();
      }
      if (transport != null) {
        transport.close();
      }
      throw e;
    }
  }

  private static List<URI> uris(List<String> urls) {
    return urls.stream().map(URI::create).toList();
  }

  public EtcdServer server() {
    return server;
  }

  /** The bound client addresses, in the order of the listen URLs. */
  public List<InetSocketAddress> clientAddresses() {
    return clientAddresses;
  }

  /** The bound peer addresses, in the order of the listen URLs. */
  public List<InetSocketAddress> peerAddresses() {
    return peerAddresses;
  }

  /**
   * Stops accepting clients, stops the server (a leader hands over first, so the transport is still
   * up), then the peer side.
   */
  @Override
  public void close() throws IOException {
    http.close();
    try {
      server.close();
    } finally {
      if (peers != null) {
        peers.close();
      }
      transport.close();
    }
  }
}
