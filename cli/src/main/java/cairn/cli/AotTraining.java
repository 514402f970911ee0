package cairn.cli;

import cairn.cli.ctl.CtlMain;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Build-time training run for the JDK 25 AOT cache that the launchers use to start {@code ctl}
 * faster: runs typical etcdctl commands against a tiny scripted v2 server on loopback, so that the
 * classes they need are recorded. Not part of any command.
 */
public final class AotTraining {

  private AotTraining() {}

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    String members =
        "{\"members\":[{\"id\":\"8e9e05c52164694d\",\"name\":\"default\",\"peerURLs\":"
            + "[\"http://localhost:2380\"],\"clientURLs\":[\""
            + endpoint
            + "\"]}]}";
    server.createContext(
        "/v2/members/leader", ex -> reply(ex, 200, members.substring(13, members.length() - 2)));
    server.createContext("/v2/members", ex -> reply(ex, 200, members));
    server.createContext("/health", ex -> reply(ex, 200, "{\"health\":\"true\"}"));
    server.createContext(
        "/v2/keys",
        ex ->
            reply(
                ex,
                200,
                "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"nodes\":[{\"key\":"
                    + "\"/k/a\",\"value\":\"1\",\"modifiedIndex\":3,\"createdIndex\":3}],"
                    + "\"modifiedIndex\":3,\"createdIndex\":3},\"prevNode\":{\"key\":\"/k\","
                    + "\"value\":\"u\",\"modifiedIndex\":2,\"createdIndex\":2}}\n"));
    server.start();
    try {
      PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      PrintStream out = System.out;
      PrintStream err = System.err;
      System.setOut(sink);
      System.setErr(sink);
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
              List.of("--bogus"))) {
        List<String> full = new java.util.ArrayList<>(List.of("--endpoints", endpoint));
        full.addAll(command);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        CtlMain.run(full);
      }
      System.setOut(out);
      System.setErr(err);
    } finally {
      server.stop(0);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("X-Etcd-Index", "3");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
