package cairn.client;

import cairn.client.Cluster.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A client of the etcd v2 API: the key space, watches, members, stats, version and health, over
 * several endpoints with failover. Thread-safe; by default on okhttp (one OkHttpClient per client,
 * connections reused), or on a lighter transport for one-shot processes ({@link
 * EtcdClientBuilder#transport}). Build one with {@link #builder()}.
 */
public final class EtcdClient implements AutoCloseable {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  private final HttpTransport transport;
  private final String authorization;
  private final Cluster cluster;
  private final long requestTimeoutMillis;
  private final Json json;

  EtcdClient(
      HttpTransport transport,
      String authorization,
      Cluster cluster,
      long requestTimeoutMillis,
      Json json) {
    this.transport = transport;
    this.authorization = authorization;
    this.cluster = cluster;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.json = json;
  }

  public static EtcdClientBuilder builder() {
    return new EtcdClientBuilder();
  }

  /** The endpoints requests go to, in failover order. */
  public List<String> endpoints() {
    return cluster.endpoints();
  }

  /**
   * Replaces the endpoints with the client URLs that the cluster's members publish (sorted).
   * Returns the new list; an empty one is an error (the cluster publishes no client URL).
   */
  public List<String> sync() throws IOException {
    TreeSet<String> urls = new TreeSet<>();
    for (Member member : members()) {
      urls.addAll(member.clientURLs());
    }
    if (urls.isEmpty()) {
      throw new IOException("client: no endpoints available");
    }
    cluster.setEndpoints(new ArrayList<>(urls));
    return cluster.endpoints();
  }

  // ---- key space ----

  public KeysResponse get(String key, boolean recursive, boolean sorted, boolean quorum)
      throws IOException {
    SortedMap<String, String> query = new TreeMap<>();
    query.put("quorum", Boolean.toString(quorum));
    query.put("recursive", Boolean.toString(recursive));
    query.put("sorted", Boolean.toString(sorted));
    return keys("GET", key, query, null, requestTimeoutMillis);
  }

  public KeysResponse set(String key, String value, Long ttl) throws IOException {
    return put(key, value, PutOptions.NONE.withTtl(ttl));
  }

  /** Creates a key that must not exist (error 105 otherwise). */
  public KeysResponse create(String key, String value, Long ttl) throws IOException {
    return put(key, value, PutOptions.NONE.withTtl(ttl).withPrevExist(false));
  }

  /** Updates a key that must exist (error 100 otherwise). */
  public KeysResponse update(String key, String value, Long ttl) throws IOException {
    return put(key, value, PutOptions.NONE.withTtl(ttl).withPrevExist(true));
  }

  /** Sets the key only if its value and/or modified index match (error 101 otherwise). */
  public KeysResponse compareAndSwap(
      String key, String value, Long ttl, String prevValue, long prevIndex) throws IOException {
    return put(
        key, value, PutOptions.NONE.withTtl(ttl).withPrevValue(prevValue).withPrevIndex(prevIndex));
  }

  /** Renews a key's TTL without changing its value or waking watchers (etcd 2.3). */
  public KeysResponse refresh(String key, long ttl) throws IOException {
    return put(key, null, PutOptions.NONE.withTtl(ttl).withPrevExist(true).asRefresh());
  }

  public KeysResponse mkdir(String key, Long ttl) throws IOException {
    return put(key, null, PutOptions.NONE.withTtl(ttl).withPrevExist(false).asDir());
  }

  public KeysResponse setDir(String key, Long ttl) throws IOException {
    return put(key, null, PutOptions.NONE.withTtl(ttl).asDir());
  }

  public KeysResponse updateDir(String key, Long ttl) throws IOException {
    return put(key, null, PutOptions.NONE.withTtl(ttl).withPrevExist(true).asDir());
  }

  /** Any PUT on the key space. A null value sends none. */
  public KeysResponse put(String key, String value, PutOptions options) throws IOException {
    SortedMap<String, String> query = new TreeMap<>();
    if (!options.dir() && options.prevValue() != null && !options.prevValue().isEmpty()) {
      query.put("prevValue", options.prevValue());
    }
    if (options.prevIndex() != 0) {
      query.put("prevIndex", Long.toString(options.prevIndex()));
    }
    if (options.prevExist() != null) {
      query.put("prevExist", options.prevExist().toString());
    }
    if (options.dir()) {
      query.put("dir", "true");
    }
    SortedMap<String, String> form = new TreeMap<>();
    if (!options.dir()) {
      form.put("value", value == null ? "" : value);
    }
    if (options.ttl() != null && options.ttl() > 0) {
      form.put("ttl", Long.toString(options.ttl()));
    }
    if (options.refresh()) {
      form.put("refresh", "true");
    }
    return keys("PUT", key, query, form, requestTimeoutMillis);
  }

  /** Creates a key under directory {@code dir} named by the new index (in-order keys). */
  public KeysResponse createInOrder(String dir, String value, Long ttl) throws IOException {
    SortedMap<String, String> form = new TreeMap<>();
    form.put("value", value);
    if (ttl != null && ttl > 0) {
      form.put("ttl", Long.toString(ttl));
    }
    return keys("POST", dir, new TreeMap<>(), form, requestTimeoutMillis);
  }

  public KeysResponse delete(String key, DeleteOptions options) throws IOException {
    SortedMap<String, String> query = new TreeMap<>();
    if (options.prevValue() != null && !options.prevValue().isEmpty()) {
      query.put("prevValue", options.prevValue());
    }
    if (options.prevIndex() != 0) {
      query.put("prevIndex", Long.toString(options.prevIndex()));
    }
    if (options.dir()) {
      query.put("dir", "true");
    }
    if (options.recursive()) {
      query.put("recursive", "true");
    }
    return keys("DELETE", key, query, null, requestTimeoutMillis);
  }

  /** Deletes the key only if its value and/or modified index match (error 101 otherwise). */
  public KeysResponse compareAndDelete(String key, String prevValue, long prevIndex)
      throws IOException {
    return delete(key, new DeleteOptions(false, false, prevValue, prevIndex));
  }

  /**
   * Waits for the next change of {@code key} at or after {@code waitIndex} (0: the next change from
   * now). Blocks without a timeout, as a watch must.
   */
  public KeysResponse watchOnce(String key, long waitIndex, boolean recursive) throws IOException {
    SortedMap<String, String> query = new TreeMap<>();
    query.put("recursive", Boolean.toString(recursive));
    query.put("wait", "true");
    query.put("waitIndex", Long.toString(waitIndex));
    return keys("GET", key, query, null, 0);
  }

  /** A watcher that follows every change after {@code afterIndex}; see {@link Watcher}. */
  public Watcher watcher(String key, long afterIndex, boolean recursive) {
    return new Watcher(this, key, afterIndex, recursive);
  }

  private KeysResponse keys(
      String method,
      String key,
      SortedMap<String, String> query,
      SortedMap<String, String> form,
      long timeoutMillis)
      throws IOException {
    String path = "/v2/keys" + UrlEncoding.path(cleanKey(key));
    String pathAndQuery = query.isEmpty() ? path : path + "?" + UrlEncoding.form(query);
    String body = form == null ? null : UrlEncoding.form(form);
    Answer answer = cluster.send(method, pathAndQuery, FORM, body, timeoutMillis);
    if (answer.status() >= 200 && answer.status() < 300) {
      return json.keysResponse(
          answer.body(), answer.etcdIndex(), answer.raftIndex(), answer.raftTerm());
    }
    EtcdException error = json.error(answer.body());
    if (error != null) {
      throw error;
    }
    throw new ServerException(
        answer.status(),
        "unexpected response " + answer.status() + " from etcd: " + text(answer.body()));
  }

  /** {@code path.Join("/", key)}: one leading slash, no empty segments, no trailing slash. */
  static String cleanKey(String key) {
    StringBuilder out = new StringBuilder();
    for (String segment : key.split("/")) {
      if (!segment.isEmpty() && !segment.equals(".")) {
        out.append('/').append(segment);
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  // ---- members ----

  /** The members in the order the API lists them (ascending ID). */
  public List<Member> members() throws IOException {
    return json.members(
        expect(200, cluster.send("GET", "/v2/members", JSON, null, requestTimeoutMillis)));
  }

  public Member leader() throws IOException {
    return json.member(
        expect(200, cluster.send("GET", "/v2/members/leader", JSON, null, requestTimeoutMillis)));
  }

  public Member addMember(List<String> peerURLs) throws IOException {
    String body = "{\"peerURLs\":" + jsonStrings(peerURLs) + "}";
    return json.member(
        expect(201, cluster.send("POST", "/v2/members", JSON, body, requestTimeoutMillis)));
  }

  public void removeMember(String id) throws IOException {
    Answer answer = cluster.send("DELETE", "/v2/members/" + id, JSON, null, requestTimeoutMillis);
    if (answer.status() != 204 && answer.status() != 410) {
      throw serverError(answer);
    }
  }

  public void updateMember(String id, List<String> peerURLs) throws IOException {
    String body = "{\"peerURLs\":" + jsonStrings(peerURLs) + "}";
    expect(204, cluster.send("PUT", "/v2/members/" + id, JSON, body, requestTimeoutMillis));
  }

  // ---- stats, version, health ----

  /** The body of {@code /v2/stats/self}, {@code /v2/stats/leader} or {@code /v2/stats/store}. */
  public String stats(String which) throws IOException {
    return text(
        expect(200, cluster.send("GET", "/v2/stats/" + which, JSON, null, requestTimeoutMillis)));
  }

  /** {@code /version}: e.g. {@code etcdserver} and {@code etcdcluster}. */
  public Map<String, String> version() throws IOException {
    Map<String, String> fields =
        json.strings(
            expect(200, cluster.send("GET", "/version", JSON, null, requestTimeoutMillis)));
    if (fields == null) {
      throw new IOException("malformed answer from etcd to /version");
    }
    return fields;
  }

  /**
   * Asks one endpoint (no failover) whether it is healthy: {@code /health} answering {@code
   * {"health":"true"}} or {@code {"health":true}}.
   */
  public boolean health(String endpoint) throws IOException {
    Cluster single =
        new Cluster(transport, authorization, List.of(endpoint), RequestListener.NONE, 0);
    Answer answer = single.send("GET", "/health", JSON, null, requestTimeoutMillis);
    Map<String, String> fields = json.strings(answer.body());
    if (fields == null || !fields.containsKey("health")) {
      throw new IOException(
          "malformed answer from " + endpoint + "/health: " + text(answer.body()));
    }
    return "true".equals(fields.get("health"));
  }

  private byte[] expect(int status, Answer answer) throws IOException {
    if (answer.status() != status) {
      throw serverError(answer);
    }
    return answer.body();
  }

  private ServerException serverError(Answer answer) {
    String message = json.message(answer.body());
    return new ServerException(
        answer.status(), message != null ? message : "unexpected status code " + answer.status());
  }

  private static String jsonStrings(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (String value : values) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return out.append(']').toString();
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).trim();
  }

  /** Releases the transport's connections and threads. */
  @Override
  public void close() {
    transport.close();
  }

  static Duration positive(Duration duration, String what) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + duration);
    }
    return duration;
  }
}
