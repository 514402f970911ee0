package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.peer.PeerClient;
import cairn.util.MemberLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members that talk to each other over {@code https} peer URLs (etcd's {@code --peer-cert-file},
 * {@code --peer-key-file}, {@code --peer-trusted-ca-file}, {@code --peer-client-cert-auth}),
 * configured through the flags as {@code bin/etcd} is.
 */
@Timeout(120)
class PeerTlsTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<EtcdMember> started = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (EtcdMember m : started) {
      m.close(); // each member, in the order started
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private NodeConfig config(String name, int peerPort, String initialCluster, String... more)
      throws FlagException {
    String peerUrl = "https://127.0.0.1:" + peerPort;
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--listen-client-urls",
                "http://127.0.0.1:0",
                "--advertise-client-urls",
                "http://127.0.0.1:2379",
                "--listen-peer-urls",
                peerUrl,
                "--initial-advertise-peer-urls",
                peerUrl,
                "--initial-cluster",
                initialCluster,
                "--heartbeat-interval",
                "10",
                "--election-timeout",
                "100",
                // Small, so that a member added after a few writes catches up by snapshot.
                "--snapshot-count",
                "20"));
    flags.addAll(List.of(more));
    return NodeConfigTest.named(
        dir,
        name,
        // The peer TLS settings as the environment gives them (ETCD_PEER_*).
        Map.of(
            "ETCD_PEER_CERT_FILE", ClientTlsTest.fixture("peer.pem").toString(),
            "ETCD_PEER_KEY_FILE", ClientTlsTest.fixture("peer-key.pem").toString(),
            "ETCD_PEER_TRUSTED_CA_FILE", ClientTlsTest.fixture("ca.pem").toString(),
            "ETCD_PEER_CLIENT_CERT_AUTH", "true"),
        flags.toArray(new String[0]));
  }

  private static EtcdMember start(NodeConfig c) throws Exception {
    return EtcdMember.start(
        c.serverConfig(),
        c.listenClientUrls(),
        c.listenPeerUrls(),
        c.cors(),
        c.clientTls(),
        c.peerTls().contexts(),
        MemberLog.messagesTo(System.err::println));
  }

  private String client(int member) {
    return "http://127.0.0.1:" + started.get(member).clientAddresses().get(0).getPort();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClusterReplicatesOverTlsBetweenItsMembers() throws Exception {
    int[] ports = {freePort(), freePort(), freePort()};
    String cluster =
        "a=https://127.0.0.1:"
            + ports[0]
            + ",b=https://127.0.0.1:"
            + ports[1]
            + ",c=https://127.0.0.1:"
            + ports[2];
    List<NodeConfig> configs =
        List.of(
            config("a", ports[0], cluster),
            config("b", ports[1], cluster),
            config("c", ports[2], cluster));
    // Started together: a member waits for its peers while it starts.
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<EtcdMember>> starting = new ArrayList<>();
      for (NodeConfig c : configs) {
        starting.add(pool.submit(() -> start(c)));
      }
      for (Future<EtcdMember> f : starting) {
        started.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }

    // Bounded: 200 tries, 50 ms apart, until a leader is elected and the write commits.
    int status = 0;
    for (int i = 0; i < 200 && status != 201; i++) {
      status = put(client(0), "/v2/keys/over-tls", "sealed");
      if (status != 201) {
        Thread.sleep(50);
      }
    }
    assertEquals(201, status);
    // A quorum read on another member goes through the leader: the peers talk.
    HttpResponse<String> read =
        send(HttpRequest.newBuilder(URI.create(client(2) + "/v2/keys/over-tls?quorum=true")));
    assertEquals(200, read.statusCode(), read.body());
    assertTrue(read.body().contains("\"value\":\"sealed\""), read.body());

    // A fourth member, added after the log was compacted: it asks for the members over TLS and
    // receives the snapshot over TLS.
    for (int i = 0; i < 60; i++) {
      assertEquals(201, put(client(0), "/v2/keys/k" + i, "v" + i));
    }
    int fourth = freePort();
    HttpResponse<String> added =
        send(
            HttpRequest.newBuilder(URI.create(client(0) + "/v2/members"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"peerURLs\":[\"https://127.0.0.1:" + fourth + "\"]}")));
    assertEquals(201, added.statusCode(), added.body());
    NodeConfig d =
        config(
            "d",
            fourth,
            cluster + ",d=https://127.0.0.1:" + fourth,
            "--initial-cluster-state",
            "existing");
    TlsFiles.Contexts peerTls = d.peerTls().contexts();
    JoinTarget join = JoinTarget.fetch(d, peerTls.jdkDialing());
    started.add(
        EtcdMember.start(
            d.serverConfig(join.memberId(), join.clusterId(), join.members(), true),
            d.listenClientUrls(),
            d.listenPeerUrls(),
            d.cors(),
            d.clientTls(),
            peerTls,
            MemberLog.messagesTo(System.err::println)));
    String last = "";
    for (int i = 0; i < 200 && !last.contains("\"value\":\"v59\""); i++) {
      Thread.sleep(50);
      last = send(HttpRequest.newBuilder(URI.create(client(3) + "/v2/keys/k59"))).body();
    }
    assertTrue(last.contains("\"value\":\"v59\""), last);
  }

  private int put(String client, String key, String value) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(client + key))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .PUT(HttpRequest.BodyPublishers.ofString("value=" + value)))
        .statusCode();
  }

  @Test
  void thePeerPortRefusesClientsWithoutACertificateOfThePeerCa() throws Exception {
    int port = freePort();
    NodeConfig config = config("a", port, "a=https://127.0.0.1:" + port);
    started.add(start(config));
    HttpRequest version =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/version")).build();

    HttpClient anonymous =
        HttpClient.newBuilder()
            .sslContext(ClientTlsTest.sslContext(ClientTlsTest.fixture("ca.pem"), null, null))
            .build();
    assertThrows(
        IOException.class, () -> anonymous.send(version, HttpResponse.BodyHandlers.ofString()));
    HttpClient peer =
        HttpClient.newBuilder()
            .sslContext(
                ClientTlsTest.sslContext(
                    ClientTlsTest.fixture("ca.pem"),
                    ClientTlsTest.fixture("peer.pem"),
                    ClientTlsTest.fixture("peer-key.pem")))
            .build();
    HttpResponse<String> answer = peer.send(version, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode());
    assertTrue(answer.body().contains("etcdserver"), answer.body());

    // What a member joining with --initial-cluster-state existing asks, with its peer TLS.
    List<String> urls = List.of("https://127.0.0.1:" + port);
    SSLContext joining = config.peerTls().contexts().jdkDialing();
    assertEquals(1, PeerClient.fetchCluster(urls, Duration.ofSeconds(5), joining).members().size());
    assertThrows(IOException.class, () -> PeerClient.fetchCluster(urls, Duration.ofSeconds(5)));
  }
}
