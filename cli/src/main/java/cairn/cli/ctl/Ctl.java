package cairn.cli.ctl;

import cairn.client.ClusterUnavailableException;
import cairn.client.EtcdClient;
import cairn.client.EtcdClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every etcdctl command shares: the global options, the terminal, the client (synchronised
 * with the cluster unless {@code --no-sync}), and etcdctl's error reporting and exit codes.
 */
final class Ctl {

  static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:2379,http://127.0.0.1:4001";

  private final CtlArgs globals;
  private final Terminal terminal;
  private EtcdClient client;

  Ctl(CtlArgs globals, Terminal terminal) {
    this.globals = globals;
    this.terminal = terminal;
  }

  String format() {
    return globals.string("output");
  }

  Terminal terminal() {
    return terminal;
  }

  /** The endpoints, by etcdctl 2.3's precedence of flags and environment variables. */
  List<String> endpointList() {
    String chosen =
        firstNonEmpty(
            globals.string("endpoints"),
            terminal.env().get("ETCDCTL_ENDPOINTS"),
            globals.string("endpoint"),
            terminal.env().get("ETCDCTL_ENDPOINT"),
            globals.string("peers"),
            terminal.env().get("ETCDCTL_PEERS"),
            DEFAULT_ENDPOINTS);
    List<String> list = new ArrayList<>();
    for (String url : chosen.split(",", -1)) {
      list.add(url.contains("://") ? url : "http://" + url);
    }
    return list;
  }

  // A loop, not a stream: the first stream of a process initialises the JDK's stream flags
  // reflectively, 4 ms of every etcdctl call.
  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    throw new IllegalArgumentException("no value");
  }

  private String fileOption(String flag, String env) {
    String value = globals.string(flag);
    return value != null && !value.isEmpty() ? value : terminal.env().get(env);
  }

  /** The global options in canonical form, for commands the shell runs on their behalf. */
  List<String> globalArgs() {
    List<String> args = new ArrayList<>();
    args.add("--endpoints=" + String.join(",", endpointList()));
    for (String name :
        List.of(
            "output", "timeout", "total-timeout", "ca-file", "cert-file", "key-file", "username")) {
      String value = globals.string(name);
      if (value != null && !value.isEmpty()) {
        args.add("--" + name + "=" + value);
      }
    }
    for (String name : List.of("no-sync", "debug")) {
      if (globals.bool(name)) {
        args.add("--" + name);
      }
    }
    return args;
  }

  /**
   * The client, synchronised with the cluster's member list unless {@code --no-sync} (as etcdctl's
   * key and member commands do before they look at their arguments). On the socket transport: a
   * command sends one or two requests and exits, and okhttp's start-up would cost more than they do
   * (the client still uses okhttp for TLS settings and https endpoints).
   */
  EtcdClient client(boolean sync) {
    if (client != null) {
      return client;
    }
    try {
      EtcdClientBuilder builder =
          EtcdClient.builder()
              .transport(EtcdClientBuilder.Transport.SOCKET)
              .endpoints(endpointList())
              .requestTimeout(duration("timeout"))
              .totalTimeout(duration("total-timeout"));
      if (globals.bool("debug")) {
        builder.requestListener(
            (method, url, body) ->
                terminal
                    .err()
                    .println(
                        "cURL Command: curl -X "
                            + method
                            + " "
                            + url
                            + (body == null ? "" : " -d " + goQuote(body))));
      }
      String ca = fileOption("ca-file", "ETCDCTL_CA_FILE");
      String cert = fileOption("cert-file", "ETCDCTL_CERT_FILE");
      String key = fileOption("key-file", "ETCDCTL_KEY_FILE");
      if (ca != null || cert != null || key != null) {
        builder.tls(
            ca == null ? null : Path.of(ca),
            cert == null ? null : Path.of(cert),
            key == null ? null : Path.of(key));
      }
      String username = globals.string("username");
      if (username != null && !username.isEmpty()) {
        int colon = username.indexOf(':');
        String password = colon >= 0 ? username.substring(colon + 1) : readPassword();
        builder.basicAuth(colon >= 0 ? username.substring(0, colon) : username, password);
      }
      client = builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw fail(CtlExit.BAD_ARGS, e);
    }
    if (sync && !globals.bool("no-sync")) {
      sync();
    }
    if (globals.bool("debug")) {
      terminal.err().println("Cluster-Endpoints: " + String.join(", ", client.endpoints()));
    }
    return client;
  }

  private void sync() {
    boolean debug = globals.bool("debug");
    if (debug) {
      terminal
          .err()
          .println(
              "start to sync cluster using endpoints("
                  + String.join(",", client.endpoints())
                  + ")");
    }
    List<String> before = client.endpoints();
    try {
      client.sync();
    } catch (ClusterUnavailableException e) {
      throw fail(e.connectionFailure() ? CtlExit.BAD_CONNECTION : CtlExit.SERVER_ERROR, e);
    } catch (IOException e) {
      if ("client: no endpoints available".equals(e.getMessage())) {
        terminal.err().println("etcd cluster has no published client endpoints.");
        terminal
            .err()
            .println(
                "Try '--no-sync' if you want to access non-published client endpoints("
                    + String.join(",", before)
                    + ").");
      }
      throw fail(CtlExit.SERVER_ERROR, e);
    }
    if (debug) {
      terminal
          .err()
          .println("got endpoints(" + String.join(",", client.endpoints()) + ") after sync");
    }
  }

  private Duration duration(String flag) {
    String text = globals.string(flag);
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value \"" + text + "\" for flag -" + flag);
    }
  }

  private String readPassword() {
    java.io.Console console = System.console();
    if (console == null) {
      return "";
    }
    char[] password = console.readPassword("Password: ");
    return password == null ? "" : new String(password);
  }

  /**
   * etcdctl's handleError: {@code Error: <message>} on standard error, the detail lines of a
   * cluster error, then the exit code.
   */
  CtlExit fail(int code, Exception error) {
    terminal.err().println("Error:  " + error.getMessage());
    if (error instanceof ClusterUnavailableException cluster) {
      StringBuilder detail = new StringBuilder();
      for (String line : cluster.details()) {
        detail.append(line).append('\n');
      }
      terminal.err().println(detail);
    }
    terminal.err().flush();
    return new CtlExit(code);
  }

  /** A bad-arguments error with a plain message (e.g. {@code key required}). */
  CtlExit failArgs(String message) {
    return fail(CtlExit.BAD_ARGS, new IllegalArgumentException(message));
  }

  /** A member-command failure: the plain message, no {@code Error:} prefix, exit 1. */
  CtlExit failPlain(String message) {
    terminal.err().println(message);
    terminal.err().flush();
    return new CtlExit(CtlExit.BAD_ARGS);
  }

  /** Go's %q. */
  static String goQuote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
