package cairn.cli.ctl;

import cairn.client.ClusterUnavailableException;
import cairn.client.EtcdClient;
import cairn.client.EtcdClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn ctl} (and {@code bin/etcdctl}): the etcdctl 2.3-compatible client. Holds the global
 * options and what every command shares: the client, error reporting and exit codes.
 */
@Command(
    name = "ctl",
    versionProvider = CtlCommand.Version.class,
    description = "A simple command line client for etcd (etcdctl 2.3 compatible).")
public final class CtlCommand implements Callable<Integer> {

  /**
   * The commands, by name, in the order help lists them. Built on demand: a command line needs only
   * its own command's model, and building all of them is most of the start-up time.
   */
  static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("get", GetCommand::new);
    commands.put("set", SetCommand::new);
    commands.put("mk", MkCommand::new);
    commands.put("mkdir", MkdirCommand::new);
    commands.put("setdir", SetdirCommand::new);
    commands.put("update", UpdateCommand::new);
    commands.put("updatedir", UpdatedirCommand::new);
    commands.put("rm", RmCommand::new);
    commands.put("rmdir", RmdirCommand::new);
    commands.put("ls", LsCommand::new);
    commands.put("watch", WatchCommand::new);
    commands.put("exec-watch", ExecWatchCommand::new);
    commands.put("member", MemberCommand::new);
    commands.put("cluster-health", ClusterHealthCommand::new);
    commands.put("shell", ShellCommand::new);
    return Collections.unmodifiableMap(commands);
  }

  /** Adds every command to {@code ctl} (for help, completion and man pages). */
  public static void addAllCommands(CommandLine ctl) {
    COMMANDS.forEach((name, command) -> ctl.addSubcommand(name, command.get()));
  }

  static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:2379,http://127.0.0.1:4001";

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      description = "output cURL commands which can be used to reproduce the request")
  boolean debug;

  @Option(
      names = "--no-sync",
      description = "don't synchronize cluster information before sending request")
  boolean noSync;

  @Option(
      names = {"--output", "-o"},
      defaultValue = "simple",
      description = "output response in the given format (`simple`, `extended` or `json`)")
  String output;

  @Option(
      names = {"--peers", "-C"},
      description = "DEPRECATED - \"--endpoints\" should be used instead")
  String peers;

  @Option(names = "--endpoint", description = "DEPRECATED - \"--endpoints\" should be used instead")
  String endpoint;

  @Option(
      names = "--endpoints",
      description =
          "a comma-delimited list of machine addresses in the cluster (default: \""
              + DEFAULT_ENDPOINTS
              + "\")")
  String endpoints;

  @Option(
      names = "--cert-file",
      description = "identify HTTPS client using this SSL certificate file")
  String certFile;

  @Option(names = "--key-file", description = "identify HTTPS client using this SSL key file")
  String keyFile;

  @Option(
      names = "--ca-file",
      description = "verify certificates of HTTPS-enabled servers using this CA bundle")
  String caFile;

  @Option(
      names = {"--username", "-u"},
      description = "provide username[:password] and prompt if password is not supplied.")
  String username;

  @Option(names = "--timeout", defaultValue = "1s", description = "connection timeout per request")
  String timeout;

  @Option(
      names = "--total-timeout",
      defaultValue = "5s",
      description = "timeout for the command execution (except watch)")
  String totalTimeout;

  @Option(
      names = {"--help", "-h"},
      usageHelp = true,
      description = "show help")
  boolean help;

  @Option(
      names = {"--version", "-v"},
      versionHelp = true,
      description = "print the version")
  boolean version;

  Terminal terminal = Terminal.system();

  /** The etcdctl version whose behaviour this client reproduces. */
  static final String ETCDCTL_VERSION = "2.3.8";

  /**
   * {@code etcdctl version 2.3.8 (cairn <version>)}: scripts that read the third word see the
   * etcdctl version they are compatible with.
   */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      java.util.Properties build = new java.util.Properties();
      try (java.io.InputStream in =
          CtlCommand.class.getResourceAsStream("/cairn/cli/build.properties")) {
        if (in != null) {
          build.load(in);
        }
      }
      return new String[] {
        "etcdctl version "
            + ETCDCTL_VERSION
            + " (cairn "
            + build.getProperty("version", "unknown")
            + ")"
      };
    }
  }

  private EtcdClient client;

  /** {@code etcdctl} with no command shows the help, as etcdctl does. */
  @Override
  public Integer call() {
    spec.commandLine().usage(terminal.out());
    return 0;
  }

  /** The global options in canonical form, for commands the shell runs on their behalf. */
  List<String> globalArgs() {
    List<String> args = new ArrayList<>();
    args.add("--endpoints=" + String.join(",", endpointList()));
    args.add("--output=" + output);
    args.add("--timeout=" + timeout);
    args.add("--total-timeout=" + totalTimeout);
    if (noSync) {
      args.add("--no-sync");
    }
    if (debug) {
      args.add("--debug");
    }
    for (String[] file :
        new String[][] {
          {"--ca-file", caFile}, {"--cert-file", certFile}, {"--key-file", keyFile}
        }) {
      if (file[1] != null) {
        args.add(file[0] + "=" + file[1]);
      }
    }
    if (username != null) {
      args.add("--username=" + username);
    }
    return args;
  }

  String format() {
    return output;
  }

  Terminal terminal() {
    return terminal;
  }

  /** The endpoints, by etcdctl 2.3's precedence of flags and environment variables. */
  List<String> endpointList() {
    String chosen =
        firstNonEmpty(
            endpoints,
            terminal.env().get("ETCDCTL_ENDPOINTS"),
            endpoint,
            terminal.env().get("ETCDCTL_ENDPOINT"),
            peers,
            terminal.env().get("ETCDCTL_PEERS"),
            DEFAULT_ENDPOINTS);
    List<String> list = new ArrayList<>();
    for (String url : chosen.split(",", -1)) {
      list.add(url.contains("://") ? url : "http://" + url);
    }
    return list;
  }

  private static String firstNonEmpty(String... values) {
    return Arrays.stream(values).filter(v -> v != null && !v.isEmpty()).findFirst().orElseThrow();
  }

  private String fileOption(String flag, String env) {
    return flag != null && !flag.isEmpty() ? flag : terminal.env().get(env);
  }

  /**
   * The client, synchronised with the cluster's member list unless {@code --no-sync} (as etcdctl's
   * key and member commands do before they look at their arguments).
   */
  EtcdClient client(boolean sync) {
    if (client != null) {
      return client;
    }
    try {
      EtcdClientBuilder builder =
          EtcdClient.builder()
              .endpoints(endpointList())
              .requestTimeout(duration(timeout, "timeout"))
              .totalTimeout(duration(totalTimeout, "total-timeout"));
      if (debug) {
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
      String ca = fileOption(caFile, "ETCDCTL_CA_FILE");
      String cert = fileOption(certFile, "ETCDCTL_CERT_FILE");
      String key = fileOption(keyFile, "ETCDCTL_KEY_FILE");
      if (ca != null || cert != null || key != null) {
        builder.tls(
            ca == null ? null : Path.of(ca),
            cert == null ? null : Path.of(cert),
            key == null ? null : Path.of(key));
      }
      if (username != null && !username.isEmpty()) {
        int colon = username.indexOf(':');
        String password = colon >= 0 ? username.substring(colon + 1) : readPassword();
        builder.basicAuth(colon >= 0 ? username.substring(0, colon) : username, password);
      }
      client = builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw fail(CtlExit.BAD_ARGS, e);
    }
    if (sync && !noSync) {
      sync();
    }
    if (debug) {
      terminal.err().println("Cluster-Endpoints: " + String.join(", ", client.endpoints()));
    }
    return client;
  }

  private void sync() {
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

  private Duration duration(String text, String flag) {
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
   * etcdctl's handleError: {@code Error: <message>} on standard error (JSON for etcd errors with
   * {@code -o json}), the detail lines of a cluster error, then the exit code.
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

  /** Go's %q for a request body in --debug output. */
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

  /** Builds the ctl command, without its subcommands, writing to {@code terminal}. */
  static CommandLine commandLine(Terminal terminal) {
    CtlCommand ctl = new CtlCommand();
    ctl.terminal = terminal;
    CommandLine commandLine = new CommandLine(ctl);
    commandLine.setCommandName("etcdctl");
    commandLine.setOut(new java.io.PrintWriter(terminal.out(), true));
    commandLine.setErr(new java.io.PrintWriter(terminal.err(), true));
    return commandLine;
  }
}
