package cairn.node;

import cairn.server.Member;
import cairn.server.MemberIds;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * etcd's discovery protocol (node-config.md §10): a new member registers under the discovery URL, a
 * directory in an etcd v2 key space (discovery.etcd.io or a self-hosted cluster), and waits until
 * the directory's size is reached; the first registrations, in creation order, are the initial
 * cluster. Blocking; for start-up.
 */
final class Discovery {

  /** A discovery failure, worded as etcd's {@code discovery.Err*}. */
  static final class DiscoveryException extends Exception {
    static final String SIZE_NOT_FOUND = "discovery: size key not found";
    static final String BAD_SIZE = "discovery: size key is bad";
    static final String FULL = "discovery: cluster is full";
    static final String DUPLICATE_ID = "discovery: found duplicate id";
    static final String DUPLICATE_NAME = "discovery: found duplicate name";
    static final String BAD_ENDPOINT = "discovery: bad discovery endpoint";
    static final String INVALID_URL = "discovery: invalid URL";

    DiscoveryException(String message) {
      super(message);
    }
  }

  /** Pauses between retries; a test's does not sleep. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  // etcd 2.3: 5 s for each request but the watches; retries wait 2^n s, n up to 8.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_BACKOFF_EXPONENT = 8;
  private static final JsonFactory JSON = new JsonFactory();

  private final String base; // the discovery URL without a trailing slash
  private final String selfId;
  private final String registration;
  private final HttpClient http;
  private final Consumer<String> log;
  private final Sleeper sleeper;
  private int retries;

  /**
   * @param discoveryUrl the {@code --discovery} URL: its path is the directory's key
   * @param memberHex this member's ID (from its name and peer URLs, with the URL as the token)
   * @param registration {@code name=url,name=url}, sorted
   * @param proxy {@code --discovery-proxy}, or null
   * @param log where progress lines go (etcd logs them under "discovery")
   */
  Discovery(
      String discoveryUrl,
      String memberHex,
      String registration,
      ProxySelector proxy,
      Consumer<String> log,
      Sleeper sleeper) {
    this.base =
        discoveryUrl.endsWith("/")
            ? discoveryUrl.substring(0, discoveryUrl.length() - 1)
            : discoveryUrl;
    this.selfId = memberHex;
    this.registration = registration;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT);
    if (proxy != null) {
      b.proxy(proxy);
    }
    this.http = b.build();
    this.log = log;
    this.sleeper = sleeper;
  }

  /** What discovery found: this member's ID, the cluster's, and the initial members. */
  record Found(long memberId, long clusterId, List<Member> members) {}

  /**
   * Runs discovery for a new member configured with {@code --discovery}: registers {@code
   * name=url,...} under its ID (computed with the discovery URL as the token, as the whole
   * cluster's IDs are) and returns the cluster the registrations make.
   */
  static Found bootstrap(NodeConfig config, Consumer<String> log, Sleeper sleeper)
      throws DiscoveryException, InterruptedException {
    NodeConfig.Discovered d = config.discovery();
    List<String> ownUrls = config.initialAdvertisePeerUrls();
    long self = MemberIds.memberId(ownUrls, d.url(), null);
    List<String> registration = new ArrayList<>();
    ownUrls.forEach(u -> registration.add(config.name() + "=" + u));
    String text =
        new Discovery(
                d.url(),
                MemberIds.hex(self),
                String.join(",", registration),
                d.proxy().isEmpty() ? null : proxy(d.proxy()),
                log,
                sleeper)
            .join();
    InitialCluster cluster;
    Map<String, Long> ids;
    try {
      cluster = InitialCluster.parse(text);
      ids = cluster.memberIds(d.url());
    } catch (IllegalArgumentException e) {
      throw new DiscoveryException(DiscoveryException.INVALID_URL);
    }
    if (cluster.hasDuplicateUrl()) {
      throw new DiscoveryException("discovery cluster " + cluster + " has duplicate url");
    }
    return new Found(
        self, MemberIds.clusterId(new ArrayList<>(ids.values())), NodeConfig.members(cluster, ids));
  }

  /** {@code --discovery-proxy}: {@code http://host:port}. */
  private static ProxySelector proxy(String url) throws DiscoveryException {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new DiscoveryException(DiscoveryException.INVALID_URL);
    }
    if (u.getHost() == null || u.getPort() < 0) {
      throw new DiscoveryException(DiscoveryException.INVALID_URL);
    }
    return ProxySelector.of(new InetSocketAddress(u.getHost(), u.getPort()));
  }

  /** One node of a key-space answer. */
  record KeyNode(String key, String value, long createdIndex, long modifiedIndex) {
    /** The last element of the key: a member's ID in hex, or {@code _config}. */
    String name() {
      return key.substring(key.lastIndexOf('/') + 1);
    }
  }

  /** A key-space answer: an error code (0 for none), the node, its children, the etcd index. */
  private record Answer(int errorCode, KeyNode node, List<KeyNode> children, long etcdIndex) {}

  /** The registrations in creation order and the directory's size. */
  private record Registered(List<KeyNode> nodes, int size, long index) {}

  /**
   * Registers this member and waits for the others.
   *
   * @return the initial cluster: the values of the first {@code size} registrations joined by ","
   */
  String join() throws DiscoveryException, InterruptedException {
    checkCluster();
    register();
    Registered r = checkCluster();
    return clusterOf(waitForAll(r), r.size());
  }

  /**
   * What a proxy takes from the directory (etcd's {@code GetCluster}): the first {@code size}
   * registrations, waiting for them if there are fewer; it registers nothing.
   */
  String cluster() throws DiscoveryException, InterruptedException {
    Registered r = listRegistrations();
    if (r.nodes().size() >= r.size()) {
      return clusterOf(r.nodes().subList(0, r.size()), r.size());
    }
    return clusterOf(waitForAll(r), r.size());
  }

  /**
   * The members a proxy started with {@code --discovery} forwards to: the peer URLs of the
   * directory's first registrations (node-config.md §10.5).
   */
  static List<String> proxyPeerUrls(NodeConfig config, Consumer<String> log, Sleeper sleeper)
      throws DiscoveryException, InterruptedException {
    NodeConfig.Discovered d = config.discovery();
    String text =
        new Discovery(d.url(), "", "", d.proxy().isEmpty() ? null : proxy(d.proxy()), log, sleeper)
            .cluster();
    List<String> urls = new ArrayList<>();
    try {
      InitialCluster.parse(text).members().values().forEach(urls::addAll);
    } catch (IllegalArgumentException e) {
      throw new DiscoveryException(DiscoveryException.INVALID_URL);
    }
    return urls;
  }

  /** The values of {@code all} joined by ","; each name once. */
  private static String clusterOf(List<KeyNode> all, int size) throws DiscoveryException {
    Set<String> names = new HashSet<>();
    List<String> values = new ArrayList<>();
    for (KeyNode n : all) {
      values.add(n.value());
      for (String entry : n.value().split(",")) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
          throw new DiscoveryException(DiscoveryException.INVALID_URL);
        }
        names.add(entry.substring(0, equals));
      }
    }
    if (names.size() != size) {
      throw new DiscoveryException(DiscoveryException.DUPLICATE_NAME);
    }
    return String.join(",", values);
  }

  private Registered checkCluster() throws DiscoveryException, InterruptedException {
    Registered r = listRegistrations();
    if (r.nodes().size() >= r.size()) {
      boolean inFirst = false;
      for (KeyNode c : r.nodes().subList(0, r.size())) {
        inFirst |= c.name().equals(selfId);
      }
      if (!inFirst) {
        throw new DiscoveryException(DiscoveryException.FULL);
      }
    }
    return r;
  }

  /** The directory's size and its registrations in creation order. */
  private Registered listRegistrations() throws DiscoveryException, InterruptedException {
    Answer size = get(base + "/_config/size", false, 0, "checking cluster size");
    if (size.errorCode() == 100) {
      throw new DiscoveryException(DiscoveryException.SIZE_NOT_FOUND);
    }
    int n;
    try {
      n = Integer.parseInt(size.node().value());
    } catch (NumberFormatException | NullPointerException e) {
      throw new DiscoveryException(DiscoveryException.BAD_SIZE);
    }
    Answer dir = get(base, false, 0, "checking registrations");
    List<KeyNode> nodes = new ArrayList<>();
    for (KeyNode c : dir.children()) {
      if (!c.name().equals("_config")) {
        nodes.add(c);
      }
    }
    nodes.sort(Comparator.comparingLong(KeyNode::createdIndex));
    return new Registered(nodes, n, dir.etcdIndex());
  }

  private void register() throws DiscoveryException, InterruptedException {
    Answer put =
        send(
            HttpRequest.newBuilder(URI.create(base + "/" + selfId + "?prevExist=false"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "value=" + URLEncoder.encode(registration, StandardCharsets.UTF_8))),
            "registering");
    if (put.errorCode() == 105) {
      throw new DiscoveryException(DiscoveryException.DUPLICATE_ID);
    }
    if (put.errorCode() != 0 || put.node() == null) {
      throw new DiscoveryException(DiscoveryException.BAD_ENDPOINT);
    }
  }

  private List<KeyNode> waitForAll(Registered r) throws DiscoveryException, InterruptedException {
    List<KeyNode> all = new ArrayList<>(r.nodes().subList(0, Math.min(r.size(), r.nodes().size())));
    for (KeyNode n : all) {
      foundLog(n);
    }
    long index = r.index() + 1;
    Set<String> seen = new HashSet<>();
    all.forEach(n -> seen.add(n.key()));
    while (all.size() < r.size()) {
      log.accept(
          "found " + all.size() + " peer(s), waiting for " + (r.size() - all.size()) + " more");
      Answer change = get(base, true, index, "waiting for other nodes");
      KeyNode n = change.node();
      if (n == null) {
        throw new DiscoveryException(DiscoveryException.BAD_ENDPOINT);
      }
      index = n.modifiedIndex() + 1;
      if (!n.name().equals("_config") && n.value() != null && seen.add(n.key())) {
        all.add(n);
        foundLog(n);
      }
    }
    log.accept("found " + all.size() + " needed peer(s)");
    return all;
  }

  private void foundLog(KeyNode n) {
    log.accept(
        (n.name().equals(selfId) ? "found self " : "found peer ") + n.name() + " in the cluster");
  }

  private Answer get(String url, boolean watch, long waitIndex, String step)
      throws DiscoveryException, InterruptedException {
    String query = watch ? "?wait=true&recursive=true&waitIndex=" + waitIndex : "";
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + query)).GET();
    if (!watch) {
      b.timeout(REQUEST_TIMEOUT);
    }
    return send(b, step);
  }

  /** Sends until an answer comes, backing off after failures to connect. */
  private Answer send(HttpRequest.Builder request, String step)
      throws DiscoveryException, InterruptedException {
    HttpRequest r = request.build();
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(r, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        Duration wait = Duration.ofSeconds(1L << Math.min(++retries, MAX_BACKOFF_EXPONENT));
        log.accept(
            step + ": error connecting to " + base + ", retrying in " + wait.toSeconds() + "s");
        sleeper.sleep(wait);
        continue;
      }
      retries = 0;
      long etcdIndex =
          response.headers().firstValue("X-Etcd-Index").map(Discovery::index).orElse(0L);
      try {
        return parse(response.body(), etcdIndex);
      } catch (IOException e) {
        throw new DiscoveryException(DiscoveryException.BAD_ENDPOINT);
      }
    }
  }

  private static long index(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Answer parse(String json, long etcdIndex) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      int errorCode = 0;
      KeyNode node = null;
      List<KeyNode> children = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("errorCode") && value == JsonToken.VALUE_NUMBER_INT) {
          errorCode = p.getIntValue();
        } else if (field.equals("node") && value == JsonToken.START_OBJECT) {
          node = node(p, children);
        } else {
          p.skipChildren();
        }
      }
      return new Answer(errorCode, node, List.copyOf(children), etcdIndex);
    }
  }

  /** Reads one node object (the parser on its START_OBJECT); its children go to {@code into}. */
  private static KeyNode node(JsonParser p, List<KeyNode> into) throws IOException {
    String key = "";
    String value = null;
    long created = 0;
    long modified = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "key" -> key = p.getText();
        case "value" -> value = t == JsonToken.VALUE_NULL ? null : p.getText();
        case "createdIndex" -> created = p.getLongValue();
        case "modifiedIndex" -> modified = p.getLongValue();
        case "nodes" -> {
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              into.add(node(p, new ArrayList<>()));
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return new KeyNode(key, value, created, modified);
  }
}
