package cairn.node;

import cairn.util.MemberLog;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
      for (int run = 0; run < 2; run++) {
        try (CommandLineMember member = CommandLineMember.start(dir)) {
          int port = member.clientPort();
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
      System.out.println("node training: single member, new and restarted, done");
      // Best effort: the free ports it picks can be taken meanwhile, and a loaded build machine
      // can be slow to elect. A cache trained on the single member is still a good cache; a
      // failed build is not.
      try {
        trainCluster(dir.resolve("cluster"));
        System.out.println("node training: 3-member cluster done");
      } catch (Exception e) {
        System.out.println(
            "node training: the 3-member phase failed, the cache holds the rest: " + e);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * A single member run as {@code cairn node} runs it (flags parsed from a command line, its log
   * lines formatted, then discarded), on a thread of the training: a member started otherwise left
   * the command line's path out of the cache, and every start generated the classes of its lambdas,
   * string concatenations and method handles at run time, whose generator (the JDK's class-file
   * API) the JIT then compiled with C2 (~0.3 s of compile time per start).
   */
  private static final class CommandLineMember implements AutoCloseable {
    private static final int ATTEMPTS = 3;
    private final Thread thread;
    private final CompletableFuture<Void> stop;
    private final AtomicInteger exitStatus;
    private final int clientPort;

    private CommandLineMember(
        Thread thread, CompletableFuture<Void> stop, AtomicInteger exitStatus, int clientPort) {
      this.thread = thread;
      this.stop = stop;
      this.exitStatus = exitStatus;
      this.clientPort = clientPort;
    }

    /**
     * Starts the member on {@code dir} (new, or restarted from what is there) and waits until it
     * serves clients. Its ports are picked free just before, so a start that loses one of them to
     * another process is tried again on others.
     */
    static CommandLineMember start(Path dir) throws IOException, InterruptedException {
      for (int attempt = 1; ; attempt++) {
        List<Integer> ports = freePorts(2);
        String client = "http://127.0.0.1:" + ports.get(0);
        String peer = "http://127.0.0.1:" + ports.get(1);
        List<String> flags =
            List.of(
                "--name=training",
                "--data-dir=" + dir,
                "--listen-client-urls=" + client,
                "--advertise-client-urls=http://127.0.0.1:2379",
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=http://127.0.0.1:2380",
                "--initial-cluster=training=http://127.0.0.1:2380",
                "--snapshot-count=20");
        CompletableFuture<Void> stop = new CompletableFuture<>();
        AtomicInteger exitStatus = new AtomicInteger(-1);
        PrintStream discarded = new PrintStream(OutputStream.nullOutputStream());
        Thread thread =
            new Thread(
                () -> exitStatus.set(NodeMain.run(flags, Map.of(), discarded, discarded, stop)),
                "training-node");
        thread.start();
        CommandLineMember member = new CommandLineMember(thread, stop, exitStatus, ports.get(0));
        if (member.awaitServing()) {
          return member;
        }
        member.close();
        if (attempt == ATTEMPTS) {
          throw new IOException(
              "the training member did not serve clients, exit status " + exitStatus.get());
        }
      }
    }

    int clientPort() {
      return clientPort;
    }

    /** Whether it answers /health within 30 s; false at once if its command ended. */
    private boolean awaitServing() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (thread.isAlive() && System.nanoTime() < deadline) {
        try {
          request(clientPort, "GET", "/health", null);
          return true;
        } catch (IOException notYet) {
          Thread.sleep(10);
        }
      }
      return false;
    }

    @Override
    public void close() throws InterruptedException {
      stop.complete(null);
      thread.join(TimeUnit.SECONDS.toMillis(30));
      if (thread.isAlive()) {
        throw new IllegalStateException("the training member did not stop in 30 s");
      }
    }
  }

  /**
   * Three members on loopback with the peer transport between them, and rounds of client load until
   * the JIT has compiled what the load made hot: the paths a cluster runs hot (HTTP, proposals,
   * peer streams, WAL appends on leader and followers, apply, watches), so that the method profiles
   * the cache keeps (JEP 515) let the JIT compile them early. A member's first seconds under load
   * otherwise ran mostly interpreted code and C2 compilations, with three members sharing the
   * cores: writes at concurrency 1 took 20 s to reach their speed.
   */
  private static void trainCluster(Path dir) throws Exception {
    List<Integer> ports = freePorts(6);
    StringBuilder initial = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      initial.append(i == 0 ? "" : ",").append("t").append(i).append("=http://127.0.0.1:");
      initial.append(ports.get(3 + i));
    }
    List<EtcdMember> members = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        NodeConfig config =
            NodeConfig.from(
                NodeFlags.parse(
                    List.of(
                        "--name=t" + i,
                        "--data-dir=" + dir.resolve("t" + i),
                        "--listen-client-urls=http://127.0.0.1:" + ports.get(i),
                        "--advertise-client-urls=http://127.0.0.1:" + ports.get(i),
                        "--listen-peer-urls=http://127.0.0.1:" + ports.get(3 + i),
                        "--initial-advertise-peer-urls=http://127.0.0.1:" + ports.get(3 + i),
                        "--initial-cluster=" + initial,
                        "--heartbeat-interval=50",
                        "--election-timeout=500"),
                    Map.of()));
        members.add(
            EtcdMember.start(
                config.serverConfig(),
                config.listenClientUrls(),
                config.listenPeerUrls(),
                MemberLog.NONE));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int leaderPort = 0;
      while (leaderPort == 0 && System.nanoTime() < deadline) {
        for (int i = 0; i < 3 && leaderPort == 0; i++) {
          if (members.get(i).server().isLeader()) {
            leaderPort = ports.get(i);
          }
        }
        Thread.sleep(20);
      }
      if (leaderPort == 0) {
        throw new IOException("the training cluster elected no leader in 30 s");
      }
      int port = leaderPort;
      List<Integer> clientPorts = ports.subList(0, 3);
      JitProgress jit = new JitProgress();
      long start = System.nanoTime();
      boolean settled = false;
      int rounds = 0;
      while (!settled && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(MAX_SETTLE_SECONDS)) {
        trainingRound(port, clientPorts, rounds++);
        settled = jit.settled();
      }
      System.out.printf(
          "node training: %d cluster rounds in %.1f s, %s%n",
          rounds,
          (System.nanoTime() - start) / 1e9,
          settled ? "the JIT settled" : "stopped before the JIT settled");
    } finally {
      for (EtcdMember m : members) {
        m.close();
      }
    }
  }

  /**
   * One round of the load a cluster typically serves: concurrent writes and reads, writes one at a
   * time (each its own Raft round, so the per-round paths run as often as the per-request ones),
   * and watch fan-outs.
   */
  private static void trainingRound(int leaderPort, List<Integer> clientPorts, int round)
      throws Exception {
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLUSTER_CLIENTS; c++) {
      int client = c;
      Thread t = new Thread(() -> clusterLoad(leaderPort, client), "training-client-" + c);
      t.start();
      clients.add(t);
    }
    for (Thread t : clients) {
      t.join(TimeUnit.SECONDS.toMillis(120));
    }
    try (KeptAlive http = new KeptAlive(leaderPort)) {
      for (int i = 0; i < SEQUENTIAL_WRITES; i++) {
        http.request("PUT", "/v2/keys/training/seq/k" + (i % 500), "value=" + "s".repeat(256));
      }
    }
    for (int i = 0; i < FAN_OUTS_PER_ROUND; i++) {
      watchFanOut(leaderPort, clientPorts, round * FAN_OUTS_PER_ROUND + i);
    }
  }

  /**
   * Whether the JIT has caught up with the load: its compilers were busy less than a tenth of the
   * time since the previous question. JDK 25 keeps the training's profiles with the level each
   * method reached, and a production JVM treats a method the training left at C1's profiling level
   * as lukewarm: it runs it in C1 code until it has been called 250 times the usual count
   * (Tier2ProfileDelayFactor). A training that stopped while C2 was still busy left most of the
   * write path so (KeysEndpoint.handle, RawNode.ready, the WAL's writeBatch), and a member ran it
   * in C1 code for the first 10-25 s of writes one at a time.
   */
  private static final class JitProgress {
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private long lastNanos = System.nanoTime();
    private long lastCompileMs = compiler.getTotalCompilationTime();

    boolean settled() {
      long now = System.nanoTime();
      long compileMs = compiler.getTotalCompilationTime();
      double busy = (compileMs - lastCompileMs) / Math.max(1.0, (now - lastNanos) / 1e6);
      lastNanos = now;
      lastCompileMs = compileMs;
      return busy < 0.1;
    }
  }

  private static final int MAX_SETTLE_SECONDS = 60;
  private static final int CLUSTER_CLIENTS = 8;
  private static final int CLUSTER_ROUNDS = 500;
  private static final int SEQUENTIAL_WRITES = 1_000;
  private static final int FAN_OUTS_PER_ROUND = 10;

  /** One client's share: writes, default and quorum reads, on one kept-alive connection. */
  private static void clusterLoad(int port, int client) {
    try (KeptAlive http = new KeptAlive(port)) {
      for (int i = 0; i < CLUSTER_ROUNDS; i++) {
        String key = "/v2/keys/training/c" + client + "/k" + (i % 500);
        http.request("PUT", key, "value=" + "v".repeat(256));
        if (i % 4 == 0) {
          http.request("GET", key, null);
        }
        if (i % 16 == 0) {
          http.request("GET", key + "?quorum=true", null);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final int FAN_OUT_WATCHERS = 300;

  /**
   * One watch fan-out as clients make it: watchers on new connections spread over the members, each
   * waiting for the next index of one key, then a write that wakes them all, each answer read to
   * its terminating chunk. Its paths (a watch's head, the wake-up, the chunk, the connection's
   * close) run only when many watchers fire at once; untrained, a member's first fan-outs ran them
   * in the interpreter and C1 code while the JIT compiled them.
   */
  private static void watchFanOut(int leaderPort, List<Integer> ports, int round)
      throws IOException {
    String key = "/v2/keys/training/watched";
    long next;
    try (KeptAlive http = new KeptAlive(leaderPort)) {
      next = http.request("PUT", key, "value=before" + round) + 1;
    }
    List<Socket> watchers = new ArrayList<>();
    try {
      for (int i = 0; i < FAN_OUT_WATCHERS; i++) {
        Socket s = new Socket();
        watchers.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", ports.get(i % ports.size())), 5000);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        out.write(requestBytes("HTTP/1.1", "GET", key + "?wait=true&waitIndex=" + next, null));
        out.flush();
      }
      try (KeptAlive http = new KeptAlive(leaderPort)) {
        http.request("PUT", key, "value=fired" + round);
      }
      for (Socket s : watchers) {
        readThroughLastChunk(new BufferedInputStream(s.getInputStream()));
      }
    } finally {
      for (Socket s : watchers) {
        s.close();
      }
    }
  }

  /** Reads a chunked answer up to its terminating chunk ("0" CRLF CRLF). */
  private static void readThroughLastChunk(InputStream in) throws IOException {
    byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    int matched = 0;
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("a watch answer ended before its last chunk");
      }
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  /** Ports free on loopback now (bound, then released; a training run tolerates the race). */
  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      List<Integer> ports = new ArrayList<>();
      for (ServerSocket s : sockets) {
        ports.add(s.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** HTTP/1.1 on one connection: each answer's headers, then its Content-Length bytes. */
  private static final class KeptAlive implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeptAlive(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      out = new BufferedOutputStream(socket.getOutputStream());
      in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends a request and reads its answer; returns its X-Etcd-Index, or -1 if it has none. */
    long request(String method, String target, String form) throws IOException {
      out.write(requestBytes("HTTP/1.1", method, target, form));
      out.flush();
      long length = -1;
      long etcdIndex = -1;
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon) : "";
        if (name.equalsIgnoreCase("content-length")) {
          length = Long.parseLong(line.substring(colon + 1).trim());
        } else if (name.equalsIgnoreCase("x-etcd-index")) {
          etcdIndex = Long.parseLong(line.substring(colon + 1).trim());
        }
      }
      if (length < 0) {
        throw new IOException("an answer without Content-Length to " + method + " " + target);
      }
      in.skipNBytes(length);
      return etcdIndex;
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the connection closed mid-answer");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** One HTTP/1.0 request on its own connection, the answer read to the end and discarded. */
  private static void request(int port, String method, String target, String form)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(requestBytes("HTTP/1.0", method, target, form));
      out.flush();
      InputStream in = s.getInputStream();
      in.readAllBytes();
    }
  }

  /**
   * A request to 127.0.0.1 as clients send it: a form with its type and length; without a body, no
   * length either (curl, Go's client, Python's and the bench tools send a GET so). A training whose
   * GETs all said "Content-Length: 0" left the decoder's no-length branch out of its profile, and a
   * follower's first real GET threw Netty's HttpObjectDecoder.decode, every request's entry, back
   * to the interpreter until C2 had compiled it again.
   */
  private static byte[] requestBytes(String version, String method, String target, String form) {
    String head = method + " " + target + " " + version + "\r\nHost: 127.0.0.1\r\n";
    if (form == null) {
      return (head + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
    return (head
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + form.length()
            + "\r\n\r\n"
            + form)
        .getBytes(StandardCharsets.US_ASCII);
  }
}
