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
import cairn.util.Failures;
import cairn.util.MemberLog;
import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
   * --cors}; empty for none). The peer URLs are bound while the data dir is read, as etcd binds its
   * listeners first, and served once the transport is attached.
   */
  public static EtcdMember start(
      ServerConfig config,
      List<String> listenClientUrls,
      List<String> listenPeerUrls,
      List<String> corsOrigins,
      MemberLog log)
      throws IOException, InterruptedException {
    return start(
        config,
        listenClientUrls,
        listenPeerUrls,
        corsOrigins,
        TlsFiles.NONE,
        TlsFiles.Contexts.NONE,
        log);
  }

  /**
   * As {@link #start(ServerConfig, List, List, List, MemberLog)}, serving the {@code https} client
   * URLs with {@code clientTls} (etcd's {@code --cert-file}, {@code --key-file}, {@code
   * --trusted-ca-file}, {@code --client-cert-auth}) and the {@code https} peer URLs with {@code
   * peerTls} (the {@code --peer-} flags, {@link TlsFiles#contexts() read} by the caller, who may
   * have dialed the cluster with them already), which also dials the other members. The client
   * files are read first: a missing or bad one fails the start before anything is bound or opened.
   */
  public static EtcdMember start(
      ServerConfig config,
      List<String> listenClientUrls,
      List<String> listenPeerUrls,
      List<String> corsOrigins,
      TlsFiles clientTls,
      TlsFiles.Contexts peerTls,
      MemberLog log)
      throws IOException, InterruptedException {
    SslContext tls = clientTls.present() ? clientTls.serverContext() : null;
    SslContext peerServing = peerTls.serving();
    SslContext peerDialing = peerTls.dialing();
    PeerLink link = new PeerLink();
    CompletableFuture<BoundPeers> peerBinding =
        bindPeersInBackground(listenPeerUrls, peerServing, link, log);
    EtcdServer server = null;
    PeerTransport transport = null;
    PeerServer peers = null;
    KeysHttpServer http = null;
    try {
      server = EtcdServer.start(config, FileSystem.SYSTEM, link, log);
      transport =
          new PeerTransport(
              RaftIds.of(server.memberId()), server.clusterId(), link, log, peerDialing);
      link.attach(server, transport);
      BoundPeers boundPeers = await(peerBinding);
      peers = boundPeers.server();
      List<InetSocketAddress> peerBound = boundPeers.addresses();
      if (peers != null) {
        peers.serve();
        for (InetSocketAddress a : peerBound) {
          log.info("listening for peers on " + NetUtil.toSocketAddressString(a));
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
              KeysHttpServerConfig.of(uris(listenClientUrls), tls).withCors(corsOrigins),
              new RaftKeysBackend(server, config.clock()),
              config.clock());
      List<InetSocketAddress> bound = http.start();
      for (InetSocketAddress a : bound) {
        log.info("listening for client requests on " + NetUtil.toSocketAddressString(a));
      }
      return new EtcdMember(server, transport, peers, http, bound, peerBound);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (http != null) {
        http.close();
      }
      if (server != null) {
        server.close();
      }
      if (peers != null) {
        peers.close();
      } else {
        peerBinding.thenAccept(BoundPeers::closeServer); // bound after the failure, if ever
      }
      if (transport != null) {
        transport.close();
      }
      throw e;
    }
  }

  /** The peer server, bound but not yet serving (null without peer URLs), and its addresses. */
  private record BoundPeers(PeerServer server, List<InetSocketAddress> addresses) {
    void closeServer() {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Sets up and binds the peer server ({@link PeerServer#bind}) on a thread of its own while the
   * caller reads the data dir: the first Netty server of a process took 0.2 s alone and up to a
   * second with three members starting on two cores, after the load instead of beside it.
   */
  private static CompletableFuture<BoundPeers> bindPeersInBackground(
      List<String> listenPeerUrls, SslContext tls, PeerLink link, MemberLog log) {
    CompletableFuture<BoundPeers> bound = new CompletableFuture<>();
    if (listenPeerUrls.isEmpty()) {
      bound.complete(new BoundPeers(null, List.of()));
      return bound;
    }
    Thread binding =
        new Thread(
            () -> {
              PeerServer peers = null;
              try {
                peers = new PeerServer(uris(listenPeerUrls), tls, link, log);
                bound.complete(new BoundPeers(peers, peers.bind()));
              } catch (Throwable e) { // Netty rethrows a BindException undeclared
                if (peers != null) {
                  peers.close();
                }
                bound.completeExceptionally(e);
              }
            },
            "peer-listener-setup");
    binding.setDaemon(true);
    binding.start();
    return bound;
  }

  /** The binding's result, or its failure as thrown where the binding would have run. */
  private static BoundPeers await(CompletableFuture<BoundPeers> binding)
      throws IOException, InterruptedException {
    try {
      return binding.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime; // a bad peer URL, refused as before
      } else if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw Failures.asIOException(e, "binding the peer URLs failed");
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
