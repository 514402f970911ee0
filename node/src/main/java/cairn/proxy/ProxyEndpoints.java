package cairn.proxy;

import cairn.peer.PeerClient;
import cairn.util.MemberLog;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The client URLs a proxy forwards to (node-config.md §12): learned from the members' {@code GET
 * /members} on the known peer URLs at start and every refresh interval (every second while none is
 * known), shuffled; the peer URLs learned are kept in {@code <data-dir>/proxy/cluster} for the next
 * start. An endpoint that failed is skipped for the failure wait.
 */
public final class ProxyEndpoints implements AutoCloseable {

  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(1);

  private final Path clusterFile;
  private final SSLContext peerTls;
  private final long failureWaitNanos;
  private final MemberLog log;
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;
  private volatile List<String> peerUrls;
  private volatile List<String> endpoints = List.of();

  /**
   * @param seedPeerUrls the peer URLs of {@code --initial-cluster}, used unless the cluster file
   *     has some
   * @param proxyDir {@code <data-dir>/proxy}, created if missing
   * @param peerTls for {@code https} peer URLs (etcd 2.3 uses the peer TLS settings), or null
   */
  public ProxyEndpoints(
      List<String> seedPeerUrls,
      Path proxyDir,
      SSLContext peerTls,
      Duration failureWait,
      MemberLog log)
      throws IOException {
    Files.createDirectories(proxyDir);
    this.clusterFile = proxyDir.resolve("cluster");
    this.peerTls = peerTls;
    this.failureWaitNanos = failureWait.toNanos();
    this.log = log;
    List<String> seed = seedPeerUrls;
    if (Files.exists(clusterFile)) {
      seed = parse(Files.readString(clusterFile, StandardCharsets.UTF_8));
      log.info("proxy: using peer urls " + seed + " from cluster file " + clusterFile);
    }
    this.peerUrls = List.copyOf(seed);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "proxy-endpoints");
              t.setDaemon(true);
              return t;
            });
  }

  /** Refreshes now, then every {@code interval} (every second while no endpoint is known). */
  public void start(Duration interval) {
    refresh();
    refresher.scheduleWithFixedDelay(
        () -> {
          if (endpoints.isEmpty() || dueBy(interval)) {
            refresh();
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  private long lastRefreshNanos;

  private boolean dueBy(Duration interval) {
    return System.nanoTime() - lastRefreshNanos >= interval.toNanos();
  }

  /** Asks the known peer URLs for the members; keeps the old lists if none answers. */
  void refresh() {
    lastRefreshNanos = System.nanoTime();
    PeerClient.RemoteCluster cluster;
    try {
      cluster = PeerClient.fetchCluster(peerUrls, FETCH_TIMEOUT, peerTls);
    } catch (IOException e) {
      if (!endpoints.isEmpty()) {
        log.warning("proxy: " + e.getMessage());
      }
      endpoints = List.of();
      return;
    }
    List<String> clients = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    for (PeerClient.RemoteMember m : cluster.members()) {
      clients.addAll(m.clientUrls());
      peers.addAll(m.peerUrls());
    }
    Collections.shuffle(clients);
    peers.sort(null); // etcd's Cluster.PeerURLs: sorted
    if (!clients.stream().sorted().toList().equals(endpoints.stream().sorted().toList())) {
      log.info("proxy: endpoints found " + clients);
    }
    endpoints = List.copyOf(clients);
    saveClusterFile(peers);
    if (!peers.equals(peerUrls)) {
      log.info("proxy: updated peer urls in cluster file from " + peerUrls + " to " + peers);
      peerUrls = List.copyOf(peers);
    }
  }

  /**
   * Writes {@code {"PeerURLs":[...]}} as etcd does after every refresh: to cluster.bak, synced,
   * then renamed over the cluster file.
   */
  private void saveClusterFile(List<String> peers) {
    Path backup = clusterFile.resolveSibling("cluster.bak");
    StringBuilder json = new StringBuilder("{\"PeerURLs\":[");
    for (int i = 0; i < peers.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(peers.get(i).replace("\"", "\\\"")).append('"');
    }
    json.append("]}");
    try (FileChannel out =
        FileChannel.open(
            backup,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(json.toString().getBytes(StandardCharsets.UTF_8)));
      out.force(true);
      Files.move(backup, clusterFile, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.warning("proxy: could not write " + clusterFile + ": " + e.getMessage());
    }
  }

  /** The endpoints to try, in order: all known ones but those that failed lately. */
  List<String> available() {
    long now = System.nanoTime();
    List<String> usable = new ArrayList<>();
    for (String e : endpoints) {
      Long failed = failedAt.get(e);
      if (failed == null || now - failed >= failureWaitNanos) {
        usable.add(e);
      }
    }
    return usable;
  }

  /** All known endpoints, for {@code /v2/config/local/proxy}. */
  List<String> all() {
    return endpoints;
  }

  /** Skips {@code endpoint} for the failure wait. */
  void failed(String endpoint) {
    failedAt.put(endpoint, System.nanoTime());
  }

  /** The cluster file's {@code {"PeerURLs":[...]}}. */
  private List<String> parse(String json) throws IOException {
    List<String> urls = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(clusterFile + ": not a cluster file");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("PeerURLs") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            urls.add(URI.create(p.getText()).toString());
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(clusterFile + ": " + e.getMessage(), e);
    }
    return urls;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
