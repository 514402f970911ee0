package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.node.EtcdMember;
import cairn.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: migrate a real 0.4 directory, start a Cairn member on the result, read over HTTP. */
class MigratedNodeTest {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));

  @TempDir Path out;

  @Test
  void aMemberStartedOnTheResultServesTheMigratedKeys() throws Exception {
    Migration.Result result =
        Migration.run(FIXTURES.resolve("captured-v0.4.9/single/node0"), null, out, false);
    serve(result);
  }

  @Test
  void aMemberWhoseIdIsNegativeAsAJavaLongStartsToo() throws Exception {
    Etcd04Writer writer =
        new Etcd04Writer(out.resolve("zero-four"))
            .join("node0", "http://localhost:37101", "http://localhost:34101")
            .command("raft:nop", null)
            .set("/queue/32", "job3")
            .set("/special", "a&b<c>\\\"q\\\" ünï €");
    Path dir = writer.write(1, List.of());
    Migration.Result result = Migration.run(dir, null, out.resolve("cairn"), false);
    assertTrue(result.memberId() < 0, "fca37ec1d674c012 is negative as a long");
    serve(result);
  }

  private static void serve(Migration.Result result) throws Exception {
    Path out = result.memberDir().getParent();
    ServerConfig config =
        new ServerConfig(
            out,
            result.memberId(),
            result.clusterId(),
            10,
            10,
            10_000,
            5,
            5,
            Duration.ofSeconds(5),
            Clock.systemUTC(),
            "node0",
            List.of(),
            List.of(),
            false,
            false);
    EtcdMember member = EtcdMember.start(config, List.of("http://127.0.0.1:0"), line -> {});
    try {
      int port = member.clientAddresses().get(0).getPort();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> key =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/queue/32"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, key.statusCode(), key.body());
      assertTrue(key.body().contains("\"value\":\"job3\""), key.body());
      HttpResponse<String> special =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/special"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // A write needs a leader: the member must find itself among the snapshot's voters.
      HttpResponse<String> write =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/keys/after"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .PUT(HttpRequest.BodyPublishers.ofString("value=migrated"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, write.statusCode(), write.body());
      assertTrue(
          special.body().contains("a\\u0026b\\u003cc\\u003e\\\"q\\\" ünï €"), special.body());
    } finally {
      member.close();
    }
  }
}
