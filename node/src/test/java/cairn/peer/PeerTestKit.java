package cairn.peer;

import static org.junit.jupiter.api.Assertions.fail;

import cairn.raft.Entry;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.util.MemberLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Members on loopback, recording what reaches them, and bounded waits for the tests. */
final class PeerTestKit {
  private PeerTestKit() {}

  static final long CLUSTER_ID = 0xc0ffee15deadbeefL;
  static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * Polls {@code condition} until it holds or {@link #WAIT} passes (then fails with {@code what}).
   */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + WAIT + ": " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  /** A heartbeat-sized APP message carrying its sequence number as the index. */
  static Message app(long from, long to, long seq) {
    return Message.builder(MessageType.APP)
        .from(from)
        .to(to)
        .term(1)
        .index(seq)
        .entries(List.of(Entry.normal(1, seq + 1, ("v" + seq).getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** A port nothing listens on (bound, then released). */
  static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The member side of the peer server: records every message, refuses the IDs in removed. */
  static final class RecordingHandler implements PeerHandler {
    final long clusterId;
    final Set<Long> removed = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Message> received = new ConcurrentLinkedQueue<>();
    volatile String membersJson = "[]";

    RecordingHandler(long clusterId) {
      this.clusterId = clusterId;
    }

    @Override
    public long clusterId() {
      return clusterId;
    }

    @Override
    public boolean isRemoved(long raftId) {
      return removed.contains(raftId);
    }

    @Override
    public void receive(Message m) {
      received.add(m);
    }

    @Override
    public String membersJson() {
      return membersJson;
    }
  }

  /** The member ID the test kit gives the peer with this Raft ID: the top bit set. */
  static String memberHexOf(long raftId) {
    return Long.toHexString(raftId | Long.MIN_VALUE);
  }

  static final class RecordingListener implements PeerTransport.Listener {
    final Map<Long, AtomicInteger> unreachable = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> snapshots = new ConcurrentLinkedQueue<>();
    final AtomicInteger removed = new AtomicInteger();

    @Override
    public void unreachable(long raftId) {
      unreachable.computeIfAbsent(raftId, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void snapshotStatus(long raftId, boolean delivered) {
      snapshots.add(raftId + (delivered ? " delivered" : " failed"));
    }

    @Override
    public void removed() {
      removed.incrementAndGet();
    }

    /** Peers are named as member IDs with the top bit set, the bit a Raft ID clears. */
    @Override
    public String memberHex(long raftId) {
      return memberHexOf(raftId);
    }

    int unreachableCount(long raftId) {
      AtomicInteger n = unreachable.get(raftId);
      return n == null ? 0 : n.get();
    }
  }

  /** One member: a peer server on 127.0.0.1 (port 0 unless given) and a transport. */
  static final class Member implements AutoCloseable {
    final long id;
    final RecordingHandler handler;
    final RecordingListener listener = new RecordingListener();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    final PeerServer server;
    final PeerTransport transport;
    final InetSocketAddress address;

    Member(long id, long clusterId) throws InterruptedException {
      this(id, clusterId, 0);
    }

    Member(long id, long clusterId, int port) throws InterruptedException {
      this.id = id;
      this.handler = new RecordingHandler(clusterId);
      this.server =
          new PeerServer(
              List.of(URI.create("http://127.0.0.1:" + port)),
              handler,
              MemberLog.messagesTo(log::add));
      this.address = server.start().get(0);
      this.transport = new PeerTransport(id, clusterId, listener, MemberLog.messagesTo(log::add));
    }

    String url() {
      return "http://127.0.0.1:" + address.getPort();
    }

    /** Messages received from {@code from}, in arrival order. */
    List<Message> receivedFrom(long from) {
      return handler.received.stream().filter(m -> m.from() == from).toList();
    }

    boolean logged(String line) {
      return log.stream().anyMatch(l -> l.contains(line));
    }

    @Override
    public void close() {
      transport.close();
      server.close();
    }
  }

  /** An HTTP answer as read off the socket. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One request on a fresh connection with a raw socket; the answer must carry Content-Length. */
  static Answer call(InetSocketAddress a, String method, String path, Map<String, String> headers)
      throws IOException {
    StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: peer\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    b.append("Content-Length: 0\r\n\r\n");
    return raw(a, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Sends bytes as they are and reads one answer (Content-Length framed). */
  static Answer raw(InetSocketAddress a, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(a, 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      String status = line(in);
      Map<String, String> headers = new TreeMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      int n = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
      return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body);
    }
  }

  /** Reads an HTTP head up to and including its blank line. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed before the end of the head: " + head);
      }
      head.append((char) c);
    }
    return head.toString();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-line");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  static List<Long> indexes(List<Message> messages) {
    List<Long> out = new ArrayList<>();
    for (Message m : messages) {
      out.add(m.index());
    }
    return out;
  }
}
