package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cairn.util.MemberLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --discovery-srv} (node-config.md §11) against a small DNS server on loopback that answers
 * the SRV questions it was given and NXDOMAIN to everything else.
 */
@Timeout(30)
class SrvDiscoveryTest {

  private final Map<String, List<SrvDiscovery.Srv>> records = new ConcurrentHashMap<>();
  private DatagramSocket dns;
  private Thread server;
  private final List<String> logged = new ArrayList<>();

  @BeforeEach
  void startDns() throws IOException {
    dns = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    server = new Thread(this::serve, "fake-dns");
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void stopDns() throws InterruptedException {
    dns.close();
    server.join(5000);
  }

  /** Each line with its level's letter, as etcd prints it. */
  private MemberLog log() {
    return (level, line) -> logged.add(level.letter() + " " + line);
  }

  private SrvDiscovery.Lookup lookup() {
    return SrvDiscovery.dns("dns://127.0.0.1:" + dns.getLocalPort());
  }

  @Test
  void theRecordThatIsThisMemberTakesItsNameTheOthersNumbers() throws FlagException {
    records.put(
        "_etcd-server._tcp.example.test",
        List.of(new SrvDiscovery.Srv("127.0.0.2", 2380), new SrvDiscovery.Srv("127.0.0.1", 2380)));
    assertEquals(
        "0=http://127.0.0.2:2380,infra0=http://127.0.0.1:2380",
        SrvDiscovery.initialCluster(
            "infra0", "example.test", List.of("http://127.0.0.1:2380"), lookup(), log()));
    // etcd 2.3's notices, one per record, under the service's name.
    assertEquals(
        List.of(
            "N got bootstrap from DNS for etcd-server at http://127.0.0.2:2380",
            "N got bootstrap from DNS for etcd-server at http://127.0.0.1:2380"),
        logged);
    // Through the flags, as bin/etcd takes them.
    NodeConfig c =
        NodeConfig.from(
            NodeFlags.parse(
                List.of(
                    "--name",
                    "infra0",
                    "--initial-advertise-peer-urls",
                    "http://127.0.0.1:2380",
                    "--discovery-srv",
                    "example.test"),
                Map.of()),
            lookup(),
            MemberLog.NONE);
    assertEquals(
        List.of("0", "infra0"), c.initialCluster().members().keySet().stream().sorted().toList());
  }

  @Test
  void etcdsErrorsWhenNoRecordOrNoneIsThisMember() {
    assertEquals(
        "discovery: SRV discovery failed: too many errors querying DNS SRV records", refusal());
    records.put("_etcd-server._tcp.example.test", List.of(new SrvDiscovery.Srv("127.0.0.2", 2380)));
    assertEquals("cannot find local etcd member \"infra0\" in SRV records", refusal());
  }

  /** Why member infra0, advertising http://127.0.0.1:2380, finds no cluster in the records. */
  private String refusal() {
    return assertThrows(
            FlagException.class,
            () ->
                SrvDiscovery.initialCluster(
                    "infra0", "example.test", List.of("http://127.0.0.1:2380"), lookup(), log()))
        .getMessage();
  }

  private void serve() {
    byte[] buf = new byte[512];
    while (!dns.isClosed()) {
      DatagramPacket query = new DatagramPacket(buf, buf.length);
      try {
        dns.receive(query);
        byte[] answer = answer(query.getData());
        dns.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // the next question
      }
    }
  }

  /** RFC 1035: the question echoed, then the SRV records (RFC 2782) of its name, or NXDOMAIN. */
  private byte[] answer(byte[] q) {
    int at = 12;
    List<String> labels = new ArrayList<>();
    while (q[at] != 0) {
      int n = q[at];
      labels.add(new String(q, at + 1, n, StandardCharsets.US_ASCII));
      at += n + 1;
    }
    int questionEnd = at + 5; // the zero label, type and class
    List<SrvDiscovery.Srv> found =
        records.getOrDefault(String.join(".", labels).toLowerCase(), List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(q[0]);
    out.write(q[1]);
    out.write(0x81); // a response, recursion desired
    out.write(found.isEmpty() ? 0x83 : 0x80); // recursion available; NXDOMAIN when none
    short16(out, 1);
    short16(out, found.size());
    short16(out, 0);
    short16(out, 0);
    out.write(q, 12, questionEnd - 12);
    for (SrvDiscovery.Srv r : found) {
      short16(out, 0xc00c); // the question's name
      short16(out, 33); // SRV
      short16(out, 1); // IN
      short16(out, 0);
      short16(out, 60); // TTL
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      short16(data, 0); // priority
      short16(data, 0); // weight
      short16(data, r.port());
      for (String label : r.target().split("\\.")) {
        data.write(label.length());
        data.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
      }
      data.write(0);
      short16(out, data.size());
      out.writeBytes(data.toByteArray());
    }
    return out.toByteArray();
  }

  private static void short16(ByteArrayOutputStream out, int v) {
    out.write((v >> 8) & 0xff);
    out.write(v & 0xff);
  }
}
