package cairn.node;

import cairn.http.KeysHttpServer;
import cairn.http.KeysHttpServerConfig;
import cairn.io.FileSystem;
import cairn.server.EtcdServer;
import cairn.server.RaftKeysBackend;
import cairn.server.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running member: the Raft server and the client HTTP server in front of it. Closing stops
 * accepting clients first, then the loop, then the WAL, so nothing is acknowledged after the WAL
 * closes.
 */
public final class EtcdMember implements AutoCloseable {

  private final EtcdServer server;
  private final KeysHttpServer http;
  private final List<InetSocketAddress> clientAddresses;

  private EtcdMember(
      EtcdServer server, KeysHttpServer http, List<InetSocketAddress> clientAddresses) {
    this.server = server;
    this.http = http;
    this.clientAddresses = clientAddresses;
  }

  /**
   * Starts the server on its data dir, then serves clients on {@code listenClientUrls} ({@code
   * localhost} binds 127.0.0.1, as Go resolves it first).
   */
  public static EtcdMember start(
      ServerConfig config, List<String> listenClientUrls, Consumer<String> log)
      throws IOException, InterruptedException {
    EtcdServer server = EtcdServer.start(config, FileSystem.SYSTEM, log);
    KeysHttpServer http = null;
    try {
      if (!server.awaitReplay(config.requestTimeout())) {
        log.accept(
            "the log was not replayed within "
                + config.requestTimeout().toMillis()
                + " ms; serving clients anyway");
      }
      List<URI> urls = new ArrayList<>();
      for (String u : listenClientUrls) {
        URI uri = URI.create(u);
        if ("localhost".equals(uri.getHost())) {
          uri = URI.create(uri.getScheme() + "://127.0.0.1:" + uri.getPort());
        }
        urls.add(uri);
      }
      http =
          new KeysHttpServer(
              KeysHttpServerConfig.of(urls),
              new RaftKeysBackend(server, config.clock()),
              config.clock());
      List<InetSocketAddress> bound = http.start();
      for (InetSocketAddress a : bound) {
        log.accept("listening for client requests on " + a.getHostString() + ":" + a.getPort());
      }
      return new EtcdMember(server, http, bound);
    } catch (InterruptedException | RuntimeException e) {
      if (http != null) {
        http.close();
      }
      server.close();
      throw e;
    }
  }

  public EtcdServer server() {
    return server;
  }

  /** The bound client addresses, in the order of the listen URLs. */
  public List<InetSocketAddress> clientAddresses() {
    return clientAddresses;
  }

  @Override
  public void close() throws IOException {
    http.close();
    server.close();
  }
}
