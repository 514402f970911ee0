package cairn.cli;

import cairn.cli.ctl.CtlMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Build-time training run for the JDK 25 AOT cache that the launchers use to start {@code ctl}
 * faster: runs typical etcdctl commands against a tiny scripted v2 server on loopback, so that the
 * classes they need are recorded. Not part of any command.
 *
 * <p>The server is a bare {@link ServerSocket} loop, not the JDK's HTTP server: every class the
 * training loads goes into the cache, and the JVM loads every class in the cache when it starts, so
 * a server with its executor, logging and date formatting would slow every etcdctl call down.
 */
public final class AotTraining {

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    // The entry point, so that its class, too, comes linked from the cache.
    Class.forName("cairn.cli.Main");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String endpoint = "http://127.0.0.1:" + server.getLocalPort();
      Thread serving = new Thread(() -> serve(server, endpoint), "aot-training-server");
      serving.setDaemon(true);
      serving.start();
      PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      PrintStream out = System.out;
      PrintStream err = System.err;
      System.setOut(sink);
      System.setErr(sink);
      try {
        for (List<String> command :
            List.of(
                List.of("get", "/k"),
                List.of("-o", "json", "get", "/k"),
                List.of("-o", "extended", "set", "/k", "v", "--ttl", "5"),
                List.of("set", "/k", "v"),
                List.of("mk", "/k", "v"),
                List.of("rm", "/k"),
                List.of("ls", "-r", "/k"),
                List.of("member", "list"),
                List.of("cluster-health"),
                List.of("get", "/missing"),
                List.of("--bogus"))) {
          List<String> full = new ArrayList<>(List.of("--endpoints", endpoint));
          full.addAll(command);
          System.setIn(new ByteArrayInputStream(new byte[0]));
          CtlMain.run(full);
        }
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }

  /** Answers each connection's one request (the socket transport closes after one) until closed. */
  private static void serve(ServerSocket server, String endpoint) {
    String members =
        "{\"members\":[{\"id\":\"8e9e05c52164694d\",\"name\":\"default\",\"peerURLs\":"
            + "[\"http://localhost:2380\"],\"clientURLs\":[\""
            + endpoint
            + "\"]}]}";
    String node =
        "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"nodes\":[{\"key\":"
            + "\"/k/a\",\"value\":\"1\",\"modifiedIndex\":3,\"createdIndex\":3}],"
            + "\"modifiedIndex\":3,\"createdIndex\":3},\"prevNode\":{\"key\":\"/k\","
            + "\"value\":\"u\",\"modifiedIndex\":2,\"createdIndex\":2}}\n";
    String missing =
        "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/missing\",\"index\":3}\n";
    while (true) {
      try (Socket socket = server.accept()) {
        String target = requestTarget(socket.getInputStream());
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (path.equals("/v2/members/leader")) {
          reply(socket, 200, members.substring(13, members.length() - 2));
        } else if (path.equals("/v2/members")) {
          reply(socket, 200, members);
        } else if (path.equals("/health")) {
          reply(socket, 200, "{\"health\":\"true\"}");
        } else if (path.startsWith("/v2/keys/missing")) {
          reply(socket, 404, missing);
        } else {
          reply(socket, 200, node);
        }
      } catch (IOException e) {
        return; // closed: training is over
      }
    }
  }

  /** Reads a request's head and body (by Content-Length); returns its target. */
  private static String requestTarget(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    String[] requestLine = text.split(" ", 3);
    return requestLine.length > 1 ? requestLine[1] : "/";
  }

  private static void reply(Socket socket, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("HTTP/1.1 "
                + status
                + (status == 200 ? " OK" : " Not Found")
                + "\r\nContent-Type: application/json\r\nX-Etcd-Index: 3\r\nContent-Length: "
                + bytes.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }
}
