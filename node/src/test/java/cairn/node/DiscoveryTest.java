package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.server.Member;
import cairn.server.MemberIds;
import cairn.util.MemberLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's discovery protocol (node-config.md §10) against a real member serving the discovery
 * directory, as a self-hosted discovery cluster does.
 */
@Timeout(60)
class DiscoveryTest {

  @TempDir Path dir;

  private EtcdMember service;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> logged = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startTheDiscoveryService() throws Exception {
    service =
        EtcdMember.start(
            EtcdMemberTest.singleMember(dir.resolve("service"), 10000),
            List.of("http://127.0.0.1:0"),
            MemberLog.messagesTo(System.err::println));
    token =
        "http://127.0.0.1:"
            + service.clientAddresses().get(0).getPort()
            + "/v2/keys/_etcd/registry/token1";
  }

  @AfterEach
  void stop() throws IOException {
    service.close();
  }

  private void put(String key, String value) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(key))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() < 300, r.body());
  }

  private NodeConfig member(String name, int peerPort) throws FlagException {
    return NodeConfigTest.named(
        dir,
        name,
        Map.of(),
        "--initial-advertise-peer-urls",
        "http://127.0.0.1:" + peerPort,
        "--discovery",
        token);
  }

  private Discovery.Found discover(NodeConfig config) throws Exception {
    return Discovery.bootstrap(config, logged::add, wait -> {});
  }

  @Test
  void membersRegisteringTogetherFindTheSameClusterInCreationOrder() throws Exception {
    put(token + "/_config/size", "3");
    List<NodeConfig> configs = List.of(member("a", 1), member("b", 2), member("c", 3));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Discovery.Found> found = new ArrayList<>();
    try {
      List<Future<Discovery.Found>> running = new ArrayList<>();
      for (NodeConfig c : configs) {
        running.add(pool.submit(() -> discover(c)));
      }
      for (Future<Discovery.Found> f : running) {
        found.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    // Every member sees the same three, with IDs whose token is the discovery URL.
    long a = MemberIds.memberId(List.of("http://127.0.0.1:1"), token, null);
    assertEquals(a, found.get(0).memberId());
    for (Discovery.Found f : found) {
      assertEquals(found.get(0).clusterId(), f.clusterId());
      assertEquals(found.get(0).members(), f.members());
      assertEquals(3, f.members().size());
    }
    assertTrue(found.get(0).members().stream().map(Member::id).toList().contains(a));
    assertTrue(logged.contains("found 3 needed peer(s)"), logged.toString());
  }

  @Test
  void aProxyTakesTheFirstRegistrationsAndRegistersNothing() throws Exception {
    put(token + "/_config/size", "2");
    List<NodeConfig> members = List.of(member("a", 1), member("b", 2));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Discovery.Found>> running = new ArrayList<>();
      for (NodeConfig c : members) {
        running.add(pool.submit(() -> discover(c)));
      }
      for (Future<Discovery.Found> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    NodeConfig proxy =
        NodeConfigTest.named(dir, "p", Map.of(), "--proxy", "on", "--discovery", token);
    List<String> peers = Discovery.proxyPeerUrls(proxy, logged::add, wait -> {});
    assertEquals(
        List.of("http://127.0.0.1:1", "http://127.0.0.1:2"), peers.stream().sorted().toList());
    String listing =
        http.send(
                HttpRequest.newBuilder(URI.create(token)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    // The directory and its two registrations (_config, hidden, is not listed).
    assertEquals(3, listing.split("\"key\":").length - 1, listing);
  }

  @Test
  void theFailuresAreEtcdsErrors() throws Exception {
    assertEquals(
        Discovery.DiscoveryException.SIZE_NOT_FOUND,
        assertThrows(Discovery.DiscoveryException.class, () -> discover(member("a", 1)))
            .getMessage());

    put(token + "/_config/size", "three");
    assertEquals(
        Discovery.DiscoveryException.BAD_SIZE,
        assertThrows(Discovery.DiscoveryException.class, () -> discover(member("a", 1)))
            .getMessage());

    put(token + "/_config/size", "1");
    assertEquals(1, discover(member("a", 1)).members().size());
    // The one place is taken; a second member is refused, and so is the first one again.
    assertEquals(
        Discovery.DiscoveryException.FULL,
        assertThrows(Discovery.DiscoveryException.class, () -> discover(member("b", 2)))
            .getMessage());
    assertEquals(
        Discovery.DiscoveryException.DUPLICATE_ID,
        assertThrows(Discovery.DiscoveryException.class, () -> discover(member("a", 1)))
            .getMessage());
  }

  @Test
  void discoveryAndJoiningAnExistingClusterExcludeEachOther() {
    FlagException e =
        assertThrows(
            FlagException.class,
            () ->
                NodeConfig.from(
                    NodeFlags.parse(
                        List.of("--discovery", token, "--initial-cluster-state", "existing"),
                        Map.of())));
    assertEquals(
        "discovery URL should not be set when joining existing initial cluster", e.getMessage());
  }
}
