package cairn.node;

import cairn.server.MemberIds;
import cairn.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build-time training run for the JDK 25 AOT cache that the launcher uses to start {@code cairn
 * node} faster: parses a command line, starts a member on a temporary data dir (new, then restarted
 * from its snapshot and WAL), and serves a few typical client requests over loopback, so that the
 * classes and linked lambdas a start needs are recorded. Not part of any command.
 */
public final class NodeTraining {

  private NodeTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("cairn-node-training");
    try {
      NodeConfig config =
          NodeConfig.from(
              NodeFlags.parse(
                  List.of(
                      "--name",
                      "training",
                      "--data-dir",
                      dir.toString(),
                      "--listen-client-urls",
                      "http://127.0.0.1:0",
                      "--advertise-client-urls",
                      "http://127.0.0.1:2379",
                      "--listen-peer-urls",
                      "http://127.0.0.1:0",
                      "--initial-advertise-peer-urls",
                      "http://127.0.0.1:2380",
                      "--initial-cluster",
                      "training=http://127.0.0.1:2380",
                      "--snapshot-count",
                      "20"),
                  Map.of()));
      for (int run = 0; run < 2; run++) {
        ServerConfig server =
            config.serverConfig(
                config.memberId(), config.clusterId(), config.initialMembers(), false);
        try (EtcdMember member =
            EtcdMember.start(
                server, config.listenClientUrls(), config.listenPeerUrls(), line -> {})) {
          int port = member.clientAddresses().get(0).getPort();
          for (int i = 0; i < 30; i++) {
            request(port, "PUT", "/v2/keys/training/k" + (i % 7), "value=v" + i);
          }
          request(port, "GET", "/v2/keys/training/k1", null);
          request(port, "GET", "/v2/keys/training?recursive=true&sorted=true", null);
          request(port, "GET", "/v2/keys/training/k1?quorum=true", null);
          request(port, "POST", "/v2/keys/queue", "value=job&ttl=60");
          request(port, "PUT", "/v2/keys/training/k1?prevValue=v29", "value=cas");
          request(port, "DELETE", "/v2/keys/training/k2", null);
          request(port, "GET", "/v2/keys/training/k1?wait=true&waitIndex=1", null);
          request(port, "GET", "/v2/members", null);
          request(port, "GET", "/v2/stats/self", null);
          request(port, "GET", "/health", null);
          request(port, "GET", "/version", null);
        }
      }
      System.out.println("node training: member " + MemberIds.hex(config.memberId()) + " done");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One HTTP/1.0 request on its own connection, the answer read to the end and discarded. */
  private static void request(int port, String method, String target, String form)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      String body = form == null ? "" : form;
      String head =
          method
              + " "
              + target
              + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
              + (form == null ? "" : "Content-Type: application/x-www-form-urlencoded\r\n")
              + "Content-Length: "
              + body.length()
              + "\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write((head + body).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      in.readAllBytes();
    }
  }
}
