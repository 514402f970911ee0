package cairn.node;

import cairn.proxy.ProxyEndpoints;
import cairn.proxy.ProxyServer;
import cairn.util.MemberLog;
import cairn.util.NettyIo;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code --proxy on|readonly}: runs the reverse proxy instead of a member until SIGTERM. It takes
 * the peer URLs of {@code --initial-cluster} or of the discovery directory's first registrations
 * (or of its cluster file from an earlier run), learns the members' client URLs from them and
 * forwards the client API to those.
 */
final class ProxyMain {

  private ProxyMain() {}

  /** Runs the proxy; returns the exit status when it cannot start (it exits 0 on SIGTERM). */
  static int run(NodeConfig config, MemberLog log) throws InterruptedException {
    NodeConfig.Proxy p = config.proxy();
    List<String> seed = new ArrayList<>();
    Path clusterFile = config.dataDir().resolve("proxy").resolve("cluster");
    if (config.discovery().isSet() && Files.exists(clusterFile)) {
      log.warning(
          "discovery token ignored since the proxy has already been initialized. Valid cluster"
              + " file found at "
              + clusterFile);
    } else if (config.discovery().isSet()) {
      try {
        seed.addAll(
            Discovery.proxyPeerUrls(
                config,
                line -> log.info("discovery: " + line),
                wait -> Thread.sleep(wait.toMillis())));
      } catch (Discovery.DiscoveryException e) {
        log.error("proxy: " + e.getMessage());
        return 1;
      }
    } else {
      config.initialCluster().members().values().forEach(seed::addAll);
    }
    ProxyEndpoints endpoints;
    ProxyServer server;
    List<InetSocketAddress> bound;
    try {
      TlsFiles.Contexts peerTls = config.peerTls().contexts();
      endpoints =
          new ProxyEndpoints(
              seed,
              config.dataDir().resolve("proxy"),
              peerTls.jdkDialing(),
              Duration.ofMillis(p.failureWaitMs()),
              log);
      endpoints.start(Duration.ofMillis(p.refreshIntervalMs()));
      List<URI> listen = config.listenClientUrls().stream().map(URI::create).toList();
      server =
          new ProxyServer(
              new ProxyServer.Settings(
                  listen,
                  config.clientTls().present() ? config.clientTls().serverContext() : null,
                  p.mode().equals("readonly"),
                  // etcd 2.3 dials the members' client URLs with the peer TLS settings too;
                  // without them, with the JDK's defaults, as the peer transport does.
                  peerTls.dialing() != null ? peerTls.dialing() : NettyIo.tlsClient().build(),
                  (int) Math.min(Integer.MAX_VALUE, p.dialTimeoutMs())),
              endpoints);
      bound = server.start();
    } catch (IOException | RuntimeException e) {
      log.error("cannot start the proxy: " + e.getMessage());
      return 1;
    }
    for (InetSocketAddress a : bound) {
      log.info("proxy: listening for client requests on " + NetUtil.toSocketAddressString(a));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  endpoints.close();
                  stopped.countDown();
                  Runtime.getRuntime().halt(0); // etcd exits 0 after a clean stop
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
