package cairn.cli.ctl;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The reference implementation, etcd 3.4 from Debian's etcd-server package, serving the v2 API on
 * loopback ports of its own. Started and stopped by process id; its data lives in a temporary
 * directory that is removed afterwards.
 */
final class ReferenceEtcd implements AutoCloseable {

  private static final String ETCD = "/usr/bin/etcd";

  private final Process process;
  private final Path dataDir;
  private final int clientPort;

  private ReferenceEtcd(Process process, Path dataDir, int clientPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.clientPort = clientPort;
  }

  static ReferenceEtcd start() throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(ETCD))) {
      throw new IllegalStateException(
          ETCD
              + " is missing: install the reference with apt-get install -y etcd-server etcd-client"
              + " (.ci/run does)");
    }
    return start(List.of(ETCD, "--enable-v2"));
  }

  /** A Cairn node (this build's {@code cairn node}) in place of the reference server. */
  static ReferenceEtcd startCairn() throws IOException, InterruptedException {
    return start(
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            "cairn.cli.Main",
            "node"));
  }

  /** {@code server} followed by etcd's flags for one member on loopback. */
  private static ReferenceEtcd start(List<String> server) throws IOException, InterruptedException {
    int clientPort = freePort();
    int peerPort = freePort();
    Path dataDir = Files.createTempDirectory("reference-etcd");
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> command = new java.util.ArrayList<>(server);
    command.addAll(
        List.of(
            "--name",
            "ref",
            "--data-dir",
            dataDir.resolve("data").toString(),
            "--listen-client-urls",
            client,
            "--advertise-client-urls",
            client,
            "--listen-peer-urls",
            peer,
            "--initial-advertise-peer-urls",
            peer,
            "--initial-cluster",
            "ref=" + peer));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("etcd.log").toFile())
            .start();
    ReferenceEtcd etcd = new ReferenceEtcd(process, dataDir, clientPort);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!etcd.healthy()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        etcd.close();
        throw new IllegalStateException(
            "the server did not start; see " + dataDir.resolve("etcd.log"));
      }
      Thread.sleep(100);
    }
    return etcd;
  }

  String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  private boolean healthy() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(endpoint() + "/health").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(500);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
