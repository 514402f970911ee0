package cairn.peer;

import static cairn.peer.PeerTestKit.CLUSTER_ID;
import static cairn.peer.PeerTestKit.await;
import static cairn.peer.PeerTestKit.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.peer.PeerTestKit.Answer;
import cairn.peer.PeerTestKit.RecordingHandler;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.util.MemberLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer server's HTTP surface, seen on the wire: routes, etcd's guards, garbage. */
class PeerServerTest {

  private static final Map<String, String> FROM_2 =
      Map.of("X-Etcd-Cluster-ID", "c0ffee15deadbeef", "X-Server-From", "2");

  private final RecordingHandler handler = new RecordingHandler(CLUSTER_ID);
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private PeerServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() throws InterruptedException {
    server =
        new PeerServer(
            List.of(URI.create("http://localhost:0")), handler, MemberLog.messagesTo(log::add));
    address = server.start().get(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aBoundServerLetsPeersConnectAndAnswersThemOnceItServes() throws Exception {
    PeerServer loading =
        new PeerServer(
            List.of(URI.create("http://127.0.0.1:0")), handler, MemberLog.messagesTo(log::add));
    try {
      InetSocketAddress bound = loading.bind().get(0);
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        // The connection is taken (the listen backlog) while the member loads...
        Future<Answer> answer = caller.submit(() -> call(bound, "GET", "/version", Map.of()));
        assertThrows(TimeoutException.class, () -> answer.get(300, TimeUnit.MILLISECONDS));
        // ...and answered once it serves, not refused.
        loading.serve();
        assertEquals(200, answer.get(5, TimeUnit.SECONDS).status());
      } finally {
        caller.shutdownNow();
      }
    } finally {
      loading.close();
    }
  }

  @Test
  void localhostBindsTheIpv4Loopback() {
    assertEquals("127.0.0.1", address.getAddress().getHostAddress());
  }

  @Test
  void versionAnswersEtcd238() throws IOException {
    Answer a = call(address, "GET", "/version", Map.of());
    assertEquals(200, a.status());
    assertEquals("{\"etcdserver\":\"2.3.8\",\"etcdcluster\":\"2.3.0\"}", a.body());
    assertEquals("application/json", a.header("Content-Type"));
  }

  @Test
  void membersAnswersTheMembersJsonWithTheClusterId() throws IOException {
    handler.membersJson =
        "[{\"id\":\"2\",\"name\":\"m2\",\"peerURLs\":[\"http://127.0.0.1:2380\"],"
            + "\"clientURLs\":[\"http://127.0.0.1:2379\"]}]";
    Answer a = call(address, "GET", "/members", Map.of());
    assertEquals(200, a.status());
    assertEquals(handler.membersJson, a.body());
    assertEquals("c0ffee15deadbeef", a.header("X-Etcd-Cluster-Id"));
  }

  @Test
  void otherPathsAndMethodsAnswerAsGosMux() throws IOException {
    Answer notFound = call(address, "GET", "/raft/other", Map.of());
    assertEquals(404, notFound.status());
    assertEquals("404 page not found\n", notFound.body());
    Answer postMembers = call(address, "POST", "/members", Map.of());
    assertEquals(405, postMembers.status());
    assertEquals("GET", postMembers.header("Allow"));
    assertEquals("Method Not Allowed\n", postMembers.body());
    Answer getStream = call(address, "GET", "/raft/stream", FROM_2);
    assertEquals(405, getStream.status());
    assertEquals("POST", getStream.header("Allow"));
  }

  @Test
  void aRaftRequestFromAnotherClusterIsRefused412AndLogged() throws IOException {
    Answer a =
        call(
            address,
            "POST",
            "/raft/stream",
            Map.of("X-Etcd-Cluster-ID", "1234", "X-Server-From", "2"));
    assertEquals(412, a.status());
    assertEquals("cluster ID mismatch\n", a.body());
    assertEquals("c0ffee15deadbeef", a.header("X-Etcd-Cluster-ID"));
    assertTrue(
        log.contains("request cluster ID mismatch (got 1234 want c0ffee15deadbeef)"),
        log.toString());
    Answer missing = call(address, "POST", "/raft/snapshot", Map.of("X-Server-From", "2"));
    assertEquals(412, missing.status());
  }

  @Test
  void aRaftRequestFromARemovedMemberIsRefused410() throws IOException {
    handler.removed.add(2L);
    Answer a = call(address, "POST", "/raft/stream", FROM_2);
    assertEquals(410, a.status());
    assertEquals("removed member\n", a.body());
    Answer snap = call(address, "POST", "/raft/snapshot", FROM_2);
    assertEquals(410, snap.status());
  }

  @Test
  void aRaftRequestWithoutAValidSenderIs404() throws IOException {
    Answer a =
        call(
            address,
            "POST",
            "/raft/stream",
            Map.of("X-Etcd-Cluster-ID", "c0ffee15deadbeef", "X-Server-From", "zz"));
    assertEquals(404, a.status());
    assertEquals("invalid from\n", a.body());
  }

  @Test
  void aSnapshotRequestClaimingMoreThanTheLimitIs413() throws IOException {
    String head =
        "POST /raft/snapshot HTTP/1.1\r\nHost: p\r\nX-Etcd-Cluster-ID: c0ffee15deadbeef\r\n"
            + "X-Server-From: 2\r\nContent-Length: "
            + (PeerHeaders.MAX_SNAPSHOT_BODY_BYTES + 1)
            + "\r\n\r\n";
    Answer a = PeerTestKit.raw(address, head.getBytes(StandardCharsets.US_ASCII));
    assertEquals(413, a.status());
  }

  @Test
  void aSnapshotBodyThatIsNotASnapMessageIs400() throws IOException {
    byte[] body = MessageCodec.encode(Message.builder(MessageType.APP).from(2).to(1).build());
    Answer a = PeerTestKit.raw(address, post("/raft/snapshot", body));
    assertEquals(400, a.status());
    assertTrue(handler.received.isEmpty());
  }

  private static byte[] post(String path, byte[] body) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: p\r\nX-Etcd-Cluster-ID: c0ffee15deadbeef\r\n"
                + "X-Server-From: 2\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    b.write(body);
    return b.toByteArray();
  }

  /** Frames may span chunks: a message cut in two chunks is delivered whole. */
  @Test
  void aStreamDeliversFramesSplitAcrossChunks() throws IOException {
    byte[] m = MessageCodec.encode(PeerTestKit.app(2, 1, 7));
    byte[] frame = ByteBuffer.allocate(4 + m.length).putInt(m.length).put(m).array();
    try (Socket s = openStream()) {
      OutputStream out = s.getOutputStream();
      int cut = 9;
      out.write(chunk(frame, 0, cut));
      out.flush();
      out.write(chunk(frame, cut, frame.length - cut));
      out.flush();
      await("the message arrives", () -> handler.received.size() == 1);
      assertEquals(7, handler.received.peek().index());
    }
  }

  @Test
  void garbageOnAStreamClosesThatConnectionAndTheServerGoesOn() throws IOException {
    try (Socket s = openStream()) {
      byte[] garbage = ByteBuffer.allocate(12).putInt(8).putLong(-1L).array();
      s.getOutputStream().write(chunk(garbage, 0, garbage.length));
      s.getOutputStream().flush();
      assertEquals(-1, readToEnd(s.getInputStream()), "the server closes the stream");
    }
    try (Socket s = openStream()) {
      byte[] tooLong = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
      s.getOutputStream().write(chunk(tooLong, 0, 4));
      s.getOutputStream().flush();
      assertEquals(-1, readToEnd(s.getInputStream()), "the server closes the stream");
    }
    Answer notHttp =
        PeerTestKit.raw(address, "\u0001\u0002 nonsense\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, notHttp.status());
    assertTrue(handler.received.isEmpty());
    assertEquals(200, call(address, "GET", "/version", Map.of()).status());
  }

  /** Opens a stream as member 2 and reads the 200 head. */
  private Socket openStream() throws IOException {
    Socket s = new Socket();
    s.connect(address, 5000);
    s.setSoTimeout(5000);
    s.getOutputStream()
        .write(
            ("POST /raft/stream HTTP/1.1\r\nHost: p\r\nX-Etcd-Cluster-ID: c0ffee15deadbeef\r\n"
                    + "X-Server-From: 2\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    String head = PeerTestKit.readHead(s.getInputStream());
    assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
    return s;
  }

  private static byte[] chunk(byte[] b, int from, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b, from, length);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Reads until the server closes; returns -1 then (a read timeout fails the test). */
  private static int readToEnd(InputStream in) throws IOException {
    while (in.read() >= 0) {
      // discard
    }
    return -1;
  }
}
