package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.http.RawHttp.Response;
import cairn.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends the same requests to Cairn and to the reference etcd ({@code etcd --enable-v2}, 3.4) and
 * compares status, the key-space headers and the body with indexes and times masked. Skipped when
 * {@code /usr/bin/etcd} is not installed.
 */
class EtcdDifferentialTest {

  private static final Path ETCD = Path.of("/usr/bin/etcd");
  private static Process etcd;
  private static Path dataDir;
  private static InetSocketAddress etcdAddress;
  private static KeysHttpServer cairn;
  private static InetSocketAddress cairnAddress;

  @BeforeAll
  static void startBoth() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(ETCD), "reference etcd not installed");
    dataDir = Files.createTempDirectory("cairn-http-etcd");
    int client = freePort();
    int peer = freePort();
    String c = "http://127.0.0.1:" + client;
    String p = "http://127.0.0.1:" + peer;
    etcd =
        new ProcessBuilder(
                ETCD.toString(),
                "--enable-v2",
                "--name",
                "ref",
                "--data-dir",
                dataDir.resolve("d").toString(),
                "--listen-client-urls",
                c,
                "--advertise-client-urls",
                c,
                "--listen-peer-urls",
                p,
                "--initial-advertise-peer-urls",
                p,
                "--initial-cluster",
                "ref=" + p)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("etcd.log").toFile())
            .start();
    etcdAddress = new InetSocketAddress("127.0.0.1", client);
    awaitReady(etcdAddress);
    cairn =
        new KeysHttpServer(
            KeysHttpServerConfig.of(List.of(URI.create("http://127.0.0.1:0"))),
            new LocalKeysBackend(new Store(), Clock.systemUTC(), "1"),
            Clock.systemUTC());
    cairnAddress = cairn.start().get(0);
  }

  @AfterAll
  static void stopBoth() throws Exception {
    if (cairn != null) {
      cairn.close();
    }
    if (etcd != null) {
      etcd.destroy();
      if (!etcd.waitFor(5, TimeUnit.SECONDS)) {
        etcd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (at most 15 s) until etcd answers a v2 read. */
  private static void awaitReady(InetSocketAddress a) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      assertTrue(etcd.isAlive(), "etcd exited; see its log in " + dataDir);
      try {
        if (RawHttp.call(a, "GET", "/v2/keys/").status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("etcd did not start within 15 s");
  }

  /** Masks what legitimately differs: indexes, in-order names, expiry instants. */
  static String mask(String body) {
    return body.replaceAll("\"(modifiedIndex|createdIndex|index)\":\\d+", "\"$1\":N")
        .replaceAll("/\\d{20}", "/ID")
        .replaceAll("\"expiration\":\"[^\"]*\"", "\"expiration\":\"T\"")
        .replaceAll("(\\[| )\\d+ != \\d+\\]", "$1N != N]");
  }

  private static final String[][] CASES = {
    {"GET", "/v2/keys/"},
    {"PUT", "/v2/keys/dt/a", "value=1"},
    {"PUT", "/v2/keys/dt/a", "value=2"},
    {"PUT", "/v2/keys/dt/a?value=q", "value=b"},
    {"PUT", "/v2/keys/dt/e", "value=a%26b%3Cc%3E%22%5C%08%0C%0A%E2%80%A8%C3%A9%7F"},
    {"GET", "/v2/keys/dt/e"},
    {"PUT", "/v2/keys/dt/t", "value=v&ttl=100"},
    {"PUT", "/v2/keys/dt/t", "ttl=&prevExist=true&value=w"},
    {"PUT", "/v2/keys/dt/c?prevExist=false", "value=1"},
    {"PUT", "/v2/keys/dt/c?prevExist=false", "value=1"},
    {"PUT", "/v2/keys/dt/c?prevValue=1", "value=2"},
    {"PUT", "/v2/keys/dt/c?prevValue=x", "value=3"},
    {"PUT", "/v2/keys/dt/c?prevValue=x&prevIndex=1", "value=3"},
    {"PUT", "/v2/keys/dt/c?prevIndex=1", "value=3"},
    {"PUT", "/v2/keys/dt/missing?prevExist=true", "value=3"},
    {"PUT", "/v2/keys/dt/missing?prevValue=a", "value=3"},
    {"PUT", "/v2/keys/dt/d?dir=true"},
    {"PUT", "/v2/keys/dt/d?dir=true"},
    {"PUT", "/v2/keys/dt/d", "value=x"},
    {"PUT", "/v2/keys/dt/d?prevExist=true", "value="},
    {"PUT", "/v2/keys/dt/d?prevExist=true", "value=x"},
    {"PUT", "/v2/keys/dt/d/_h", "value=h"},
    {"PUT", "/v2/keys/dt/d/k", "value=k"},
    {"GET", "/v2/keys/dt/d/_h"},
    {"GET", "/v2/keys/dt?recursive=true&sorted=true"},
    {"GET", "/v2/keys/dt/d?sorted=true"},
    {"GET", "/v2/keys/dt/a/x"},
    {"PUT", "/v2/keys/dt/a/x", "value=1"},
    {"GET", "/v2/keys/dt/nope"},
    {"HEAD", "/v2/keys/dt/a"},
    {"HEAD", "/v2/keys/dt/nope"},
    {"GET", "/v2/keys/dt/a?quorum=true&consistent=true"},
    {"POST", "/v2/keys/dt/q", "value=job"},
    {"POST", "/v2/keys/dt/q?dir=true"},
    {"POST", "/v2/keys/dt/a", "value=x"},
    {"PUT", "/v2/keys/dt/r", "value=v&ttl=100"},
    {"PUT", "/v2/keys/dt/r", "refresh=true&ttl=200&prevExist=true"},
    {"PUT", "/v2/keys/dt/r", "refresh=true&value=x&ttl=1"},
    {"PUT", "/v2/keys/dt/r", "refresh=true"},
    {"PUT", "/v2/keys/dt/nope", "refresh=true&ttl=5"},
    {"DELETE", "/v2/keys/dt/d"},
    {"DELETE", "/v2/keys/dt/d?dir=true"},
    {"DELETE", "/v2/keys/dt/c?prevValue=zz"},
    {"DELETE", "/v2/keys/dt/c?prevValue=2"},
    {"DELETE", "/v2/keys/dt/d?recursive=true"},
    {"DELETE", "/v2/keys/dt/nope"},
    {"DELETE", "/v2/keys/"},
    {"DELETE", "/v2/keys/dt/q?prevValue=x"},
    {"PUT", "/v2/keys/"},
    {"PUT", "/v2/keys/dt/v?prevIndex=x&ttl=y"},
    {"GET", "/v2/keys/dt/v?waitIndex=-1"},
    {"GET", "/v2/keys/dt/v?recursive=yes&sorted=no"},
    {"GET", "/v2/keys/dt/v?sorted=x"},
    {"GET", "/v2/keys/dt/v?quorum="},
    {"GET", "/v2/keys/dt/v?stream=2"},
    {"PUT", "/v2/keys/dt/v?dir=maybe"},
    {"PUT", "/v2/keys/dt/v?wait=true", "value=1"},
    {"PUT", "/v2/keys/dt/v?prevValue=", "value=1"},
    {"PUT", "/v2/keys/dt/v", "value=1&ttl=-1"},
    {"PUT", "/v2/keys/dt/v", "value=1&ttl=1.5"},
    {"PUT", "/v2/keys/dt/v", "value=1&prevExist=maybe"},
    {"PUT", "/v2/keys/dt/v", "value=1&refresh=x"},
    {"PUT", "/v2/keys/dt/v?value=1;2"},
    {"PUT", "/v2/keys/dt/v", "value=%zz"},
    {"PUT", "/v2/keys/dt/sp%20ace/x%2Fy/", "value=1"},
    {"GET", "/v2/keys/dt/sp ace/x/y".replace(" ", "%20")},
    {"GET", "/v2/keys//dt/./a/?x=1&y=2"},
    {"PUT", "/v2/keys/dt/a/../../c", "value=1"},
    {"GET", "/v2/keys/dt/a%2F%2Fb"},
    {"PATCH", "/v2/keys/dt/a"},
    {"GET", "/v2/keysx"},
    {"GET", "/nope"},
    {"PUT", "/version"},
    {"PUT", "/v2/stats/store"},
    {"OPTIONS", "/v2/keys/dt"},
    {"PUT", "/v2/keys/dt/z", "value=v&ttl=0"},
    {"PUT", "/v2/keys/dt/td?dir=true&ttl=100"},
    {"PUT", "/v2/keys/dt/td?prevExist=true&dir=true", "ttl="},
    {"PUT", "/v2/keys/dt/td?prevExist=true&prevValue=x", "value=y"},
    {"PUT", "/v2/keys/dt/n", "value=1&refresh=true&prevExist=false&ttl=50"},
    {"PUT", "/v2/keys/dt/n?prevIndex=0", "value=2"},
    {"PUT", "/v2/keys/dt/n?prevExist=false&prevValue=zz", "value=3"},
    {"PUT", "/v2/keys/dt/n?prevIndex=99999999999999999999", "value=3"},
    {"PUT", "/v2/keys/dt/n?prevIndex=%2B1", "value=3"},
    {"PUT", "/v2/keys/dt/n?dir=T&prevExist=True", "value=x"},
    {"DELETE", "/v2/keys/dt/n?prevIndex=1&recursive=true"},
    {"DELETE", "/v2/keys/dt/n?dir=true"},
    {"GET", "/v2/keys/dt/n?wait=1&waitIndex=x"},
    {"PUT", "/v2/keys/dt/u", "value=%F0%9F%98%80+plus%2Bsign&value=second"},
    {"GET", "/v2/keys/dt/u"},
    {"POST", "/v2/keys/dt", "dir=true&ttl=100"},
    {"DELETE", "/v2/keys/dt?recursive=true"},
  };

  private static final String[] HEADERS = {
    "Content-Type",
    "Location",
    "Allow",
    "X-Etcd-Index",
    "X-Raft-Index",
    "X-Raft-Term",
    "X-Etcd-Cluster-Id",
    "Content-Length",
    "Date",
  };

  @Test
  void sameAnswersAsEtcd() throws IOException {
    List<String> diffs = new ArrayList<>();
    for (String[] c : CASES) {
      String form = c.length > 2 ? c[2] : null;
      Response want = RawHttp.call(etcdAddress, c[0], c[1], form);
      Response got = RawHttp.call(cairnAddress, c[0], c[1], form);
      String what = c[0] + " " + c[1] + (form == null ? "" : " [" + form + "]");
      if (want.status() != got.status()) {
        diffs.add(what + ": status " + got.status() + ", etcd " + want.status());
      }
      if (!mask(want.body()).equals(mask(got.body()))) {
        diffs.add(what + ":\n  cairn " + got.body() + "  etcd  " + want.body());
      }
      for (String h : HEADERS) {
        String w = want.header(h);
        String g = got.header(h);
        boolean same =
            h.startsWith("X-") || h.equals("Content-Length") || h.equals("Date")
                ? (w == null) == (g == null)
                : String.valueOf(w).equals(String.valueOf(g));
        if (!same) {
          diffs.add(what + ": header " + h + " = " + g + ", etcd " + w);
        }
      }
    }
    assertEquals("", String.join("\n", diffs));
  }

  /** One side's watch transcript: a watch served from history, then one answered later. */
  private static List<String> watchTranscript(InetSocketAddress a, String dir) throws IOException {
    List<String> out = new ArrayList<>();
    Response first = RawHttp.call(a, "PUT", "/v2/keys/" + dir + "/a", "value=1");
    long index = Long.parseLong(first.header("X-Etcd-Index"));
    RawHttp.call(a, "PUT", "/v2/keys/" + dir + "/b", "value=2");
    Response past =
        RawHttp.call(a, "GET", "/v2/keys/" + dir + "?wait=true&recursive=true&waitIndex=" + index);
    out.add(past.status() + " " + mask(past.body()));
    out.add(
        "X-Etcd-Index is registration index: "
            + (index + 1 == Long.parseLong(past.header("X-Etcd-Index"))));
    try (RawHttp h = new RawHttp(a)) {
      h.send("GET", "/v2/keys/" + dir + "/a?wait=true", null);
      Response head = h.readHead();
      out.add(head.status() + " " + head.header("Content-Type"));
      // A delete of the parent reaches a watcher on the child.
      RawHttp.call(a, "DELETE", "/v2/keys/" + dir + "?recursive=true");
      out.add(mask(h.chunk()));
      out.add("ends: " + (h.chunk() == null));
    }
    return out;
  }

  @Test
  void sameWatchAnswersAsEtcd() throws IOException {
    assertEquals(watchTranscript(etcdAddress, "dw"), watchTranscript(cairnAddress, "dw"));
  }
}
