package cairn.node;

import cairn.node.Flag.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * etcd 2.x's flags, parsed as Go's flag package parses them ({@code -name value}, {@code --name
 * value}, {@code -name=value}; booleans {@code -flag} or {@code -flag=false}; the first non-flag
 * ends the flags), then filled from {@code ETCD_*} variables for flags not given on the command
 * line. See ../shared/docs/node-config.md §1–2.
 */
final class NodeFlags {

  static final String DEFAULT_PEER_URLS = "http://localhost:2380,http://localhost:7001";
  static final String DEFAULT_CLIENT_URLS = "http://localhost:2379,http://localhost:4001";
  static final String DEFAULT_INITIAL_CLUSTER =
      "default=http://localhost:2380,default=http://localhost:7001";

  /** Every flag, in the order the usage lists them. */
  static final List<Flag> FLAGS =
      List.of(
          Flag.of("name", Kind.STRING, "default", "human-readable name for this member"),
          Flag.of("data-dir", Kind.STRING, "", "path to the data directory (default: <name>.etcd)"),
          Flag.of("wal-dir", Kind.STRING, "", "path to the dedicated wal directory"),
          Flag.of(
              "snapshot-count",
              Kind.UINT,
              "10000",
              "number of committed transactions to trigger a snapshot"),
          Flag.of(
              "heartbeat-interval",
              Kind.UINT,
              "100",
              "time (in milliseconds) of a heartbeat interval"),
          Flag.of(
              "election-timeout",
              Kind.UINT,
              "1000",
              "time (in milliseconds) for an election to timeout"),
          Flag.of(
              "listen-peer-urls",
              Kind.URLS,
              DEFAULT_PEER_URLS,
              "list of URLs to listen on for peer traffic"),
          Flag.of(
              "listen-client-urls",
              Kind.URLS,
              DEFAULT_CLIENT_URLS,
              "list of URLs to listen on for client traffic"),
          Flag.of(
              "max-snapshots",
              Kind.UINT,
              "5",
              "maximum number of snapshot files to retain (0 is unlimited)"),
          Flag.of(
              "max-wals", Kind.UINT, "5", "maximum number of wal files to retain (0 is unlimited)"),
          Flag.of(
              "cors",
              Kind.STRING,
              "",
              "comma-separated white list of origins for CORS (cross-origin resource sharing)"),
          Flag.of(
              "initial-advertise-peer-urls",
              Kind.URLS,
              DEFAULT_PEER_URLS,
              "list of this member's peer URLs to advertise to the rest of the cluster"),
          Flag.of(
              "initial-cluster",
              Kind.STRING,
              DEFAULT_INITIAL_CLUSTER,
              "initial cluster configuration for bootstrapping"),
          Flag.choice(
              "initial-cluster-state",
              "new",
              "initial cluster state ('new' or 'existing')",
              "new",
              "existing"),
          Flag.of(
              "initial-cluster-token",
              Kind.STRING,
              "etcd-cluster",
              "initial cluster token for the etcd cluster during bootstrap"),
          Flag.of(
              "advertise-client-urls",
              Kind.URLS,
              DEFAULT_CLIENT_URLS,
              "list of this member's client URLs to advertise to the public"),
          Flag.of("discovery", Kind.STRING, "", "discovery URL used to bootstrap the cluster"),
          Flag.of("discovery-srv", Kind.STRING, "", "DNS domain used to bootstrap initial cluster"),
          Flag.choice(
              "discovery-fallback",
              "proxy",
              "expected behavior ('exit' or 'proxy') when discovery services fails",
              "exit",
              "proxy"),
          Flag.of(
              "discovery-proxy",
              Kind.STRING,
              "",
              "HTTP proxy to use for traffic to discovery service"),
          Flag.of(
              "strict-reconfig-check",
              Kind.BOOL,
              "false",
              "reject reconfiguration requests that would cause quorum loss"),
          Flag.choice(
              "proxy",
              "off",
              "valid values include 'on', 'readonly', 'off'",
              "off",
              "readonly",
              "on"),
          Flag.of(
              "proxy-failure-wait",
              Kind.UINT,
              "5000",
              "time (in milliseconds) an endpoint will be held in a failed state"),
          Flag.of(
              "proxy-refresh-interval",
              Kind.UINT,
              "30000",
              "time (in milliseconds) of the endpoints refresh interval"),
          Flag.of(
              "proxy-dial-timeout",
              Kind.UINT,
              "1000",
              "time (in milliseconds) for a dial to timeout"),
          Flag.of(
              "proxy-write-timeout",
              Kind.UINT,
              "5000",
              "time (in milliseconds) for a write to timeout"),
          Flag.of(
              "proxy-read-timeout", Kind.UINT, "0", "time (in milliseconds) for a read to timeout"),
          Flag.of("cert-file", Kind.STRING, "", "path to the client server TLS cert file"),
          Flag.of("key-file", Kind.STRING, "", "path to the client server TLS key file"),
          Flag.of("ca-file", Kind.STRING, "", "DEPRECATED: path to the client server TLS CA file"),
          Flag.of("client-cert-auth", Kind.BOOL, "false", "enable client cert authentication"),
          Flag.of(
              "trusted-ca-file",
              Kind.STRING,
              "",
              "path to the client server TLS trusted CA key file"),
          Flag.of("peer-cert-file", Kind.STRING, "", "path to the peer server TLS cert file"),
          Flag.of("peer-key-file", Kind.STRING, "", "path to the peer server TLS key file"),
          Flag.of(
              "peer-ca-file", Kind.STRING, "", "DEPRECATED: path to the peer server TLS CA file"),
          Flag.of(
              "peer-client-cert-auth",
              Kind.BOOL,
              "false",
              "enable peer client cert authentication"),
          Flag.of(
              "peer-trusted-ca-file",
              Kind.STRING,
              "",
              "path to the peer server TLS trusted CA file"),
          Flag.of("debug", Kind.BOOL, "false", "enable debug-level logging for etcd"),
          Flag.of(
              "log-package-levels",
              Kind.STRING,
              "",
              "specify a particular log level for each etcd package"),
          Flag.of(
              "force-new-cluster", Kind.BOOL, "false", "force to create a new one member cluster"),
          Flag.of(
              "enable-pprof", Kind.BOOL, "false", "enable runtime profiling data via HTTP server"),
          Flag.of("version", Kind.BOOL, "false", "print the version and exit"),
          Flag.of("addr", Kind.ADDRESS, "", "DEPRECATED: use --advertise-client-urls instead"),
          Flag.of("bind-addr", Kind.ADDRESS, "", "DEPRECATED: use --listen-client-urls instead"),
          Flag.of(
              "peer-addr",
              Kind.ADDRESS,
              "",
              "DEPRECATED: use --initial-advertise-peer-urls instead"),
          Flag.of("peer-bind-addr", Kind.ADDRESS, "", "DEPRECATED: use --listen-peer-urls instead"),
          Flag.of("peers", Kind.REFUSED, "", "DEPRECATED: use --initial-cluster instead"),
          Flag.of("peers-file", Kind.REFUSED, "", "DEPRECATED: use --initial-cluster instead"),
          Flag.of("cluster-active-size", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("cluster-remove-delay", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("cluster-sync-interval", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("config", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("force", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("max-result-buffer", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("max-retry-attempts", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("peer-heartbeat-interval", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("peer-election-timeout", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("retry-interval", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("snapshot", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("v", Kind.IGNORED, "", "DEPRECATED: ignored"),
          Flag.of("vv", Kind.IGNORED, "", "DEPRECATED: ignored"));

  private static final Map<String, Flag> BY_NAME = index();

  private static Map<String, Flag> index() {
    Map<String, Flag> byName = new LinkedHashMap<>();
    for (Flag flag : FLAGS) {
      byName.put(flag.name(), flag);
    }
    return Collections.unmodifiableMap(byName);
  }

  /** The parsed values: every flag's value, which were set, and warnings for the log. */
  record Parsed(Map<String, String> values, List<String> set, List<String> warnings, boolean help) {

    String get(String name) {
      return values.get(name);
    }

    boolean isSet(String name) {
      return set.contains(name);
    }

    boolean bool(String name) {
      return Boolean.parseBoolean(values.get(name));
    }

    long uint(String name) {
      return Long.parseLong(values.get(name));
    }
  }

  private NodeFlags() {}

  static Parsed parse(List<String> args, Map<String, String> env) throws FlagException {
    Map<String, String> values = new LinkedHashMap<>();
    for (Flag flag : FLAGS) {
      values.put(flag.name(), flag.defaultValue());
    }
    List<String> set = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int i = 0;
    while (i < args.size()) {
      String s = args.get(i);
      if (s.length() < 2 || s.charAt(0) != '-') {
        break;
      }
      int minuses = s.charAt(1) == '-' ? 2 : 1;
      if (minuses == 2 && s.length() == 2) {
        i++;
        break;
      }
      String name = s.substring(minuses);
      if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
        throw new FlagException("bad flag syntax: " + s, 2, true);
      }
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      i++;
      if (name.equals("h") || name.equals("help")) {
        return new Parsed(values, set, warnings, true);
      }
      Flag flag = BY_NAME.get(name);
      if (flag == null) {
        throw new FlagException("flag provided but not defined: -" + name, 2, true);
      }
      switch (flag.kind()) {
        case REFUSED ->
            throw new FlagException("flag \"-" + name + "\" is no longer supported.", 2, true);
        case IGNORED ->
            warnings.add("WARNING: flag \"-" + name + "\" is no longer supported - ignoring.");
        case BOOL -> {
          String bool = value == null ? "true" : goBool(value);
          if (bool == null) {
            throw new FlagException(
                "invalid boolean value \"" + value + "\" for -" + name + ": parse error", 2, true);
          }
          values.put(name, bool);
        }
        default -> {
          if (value == null) {
            if (i >= args.size()) {
              throw new FlagException("flag needs an argument: -" + name, 2, true);
            }
            value = args.get(i++);
          }
          String problem = check(flag, value);
          if (problem != null) {
            throw new FlagException(
                "invalid value \"" + value + "\" for flag -" + name + ": " + problem, 2, true);
          }
          values.put(name, value);
        }
      }
      if (!set.contains(name)) {
        set.add(name);
      }
    }
    if (i < args.size()) {
      throw new FlagException("'" + args.get(i) + "' is not a valid flag", 1, false);
    }
    if (values.get("version").equals("true")) {
      return new Parsed(values, set, warnings, false);
    }
    applyEnvironment(env, values, set, warnings);
    return new Parsed(values, set, warnings, false);
  }

  /** ETCD_* variables fill the flags the command line did not set; the command line wins. */
  private static void applyEnvironment(
      Map<String, String> env, Map<String, String> values, List<String> set, List<String> warnings)
      throws FlagException {
    Map<String, Flag> byEnv = new TreeMap<>();
    for (Flag flag : FLAGS) {
      byEnv.put(flag.envName(), flag);
    }
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String key = variable.getKey();
      if (!key.startsWith("ETCD_") || variable.getValue().isEmpty()) {
        continue;
      }
      Flag flag = byEnv.get(key);
      if (flag == null || flag.kind() == Kind.IGNORED || flag.kind() == Kind.REFUSED) {
        warnings.add("unrecognized environment variable " + key + "=" + variable.getValue());
        continue;
      }
      if (set.contains(flag.name())) {
        warnings.add(
            "recognized environment variable "
                + key
                + ", but unused: shadowed by corresponding flag");
        continue;
      }
      String value = variable.getValue();
      String problem;
      if (flag.kind() == Kind.BOOL) {
        value = goBool(value);
        problem = value == null ? "parse error" : null;
      } else {
        problem = check(flag, value);
      }
      if (problem != null) {
        throw new FlagException(
            "invalid value \"" + variable.getValue() + "\" for " + key + ": " + problem, 1, false);
      }
      values.put(flag.name(), value);
      set.add(flag.name());
      warnings.add("recognized and used environment variable " + key + "=" + variable.getValue());
    }
  }

  /** Why {@code value} is not valid for {@code flag}, or null. */
  private static String check(Flag flag, String value) {
    switch (flag.kind()) {
      case UINT -> {
        if (!value.matches("\\d{1,18}")) {
          return "parse error";
        }
      }
      case CHOICE -> {
        if (!flag.choices().contains(value)) {
          return "invalid value";
        }
      }
      case URLS -> {
        try {
          Urls.parse(value);
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      }
      case ADDRESS -> {
        try {
          IpPort.parse(value);
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      }
      default -> {}
    }
    return null;
  }

  /** Go's strconv.ParseBool, as "true" or "false"; null if it is not a boolean. */
  private static String goBool(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> "true";
      case "0", "f", "F", "FALSE", "false", "False" -> "false";
      default -> null;
    };
  }
}
