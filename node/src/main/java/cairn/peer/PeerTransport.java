package cairn.peer;

import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.util.Check;
import cairn.util.MemberLog;
import cairn.util.NettyIo;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * The outbound side of the peer transport. {@link #send} never blocks: each message goes to its
 * peer's bounded queue (4096 messages or 64 MiB of payload), drained in batches over one long-lived
 * {@code POST /raft/stream} per peer. When a queue is full the message is dropped and {@link
 * Listener#unreachable} called: that is the back-pressure, and Raft tolerates the loss. Messages
 * wait in the queue while the stream reconnects (jittered backoff from 50 ms to 1 s, rotating
 * through the peer's URLs). SNAP messages go on a separate {@code POST /raft/snapshot} connection
 * each and are reported through {@link Listener#snapshotStatus}. A 410 answer means this member was
 * removed: {@link Listener#removed()} is called (once). A 412 is logged at most once every {@value
 * #REFUSAL_LOG_INTERVAL_MS} ms per peer as {@code request sent was ignored (cluster ID mismatch:
 * remote[<id>]=<cid>, local=<cid>)}.
 *
 * <p>A stream whose written bytes stay unsent for 10 s (the peer stopped reading, or the path
 * vanished without a reset), or that is not answered within 10 s, is closed and reopened.
 *
 * <p>Messages to one peer arrive in the order sent, except those lost when a connection breaks. By
 * default the transport runs on one event loop thread of its own; a constructor takes a group the
 * caller owns instead.
 */
public final class PeerTransport implements AutoCloseable {

  /**
   * Reports to the member, called on Netty threads or synchronously inside {@link #send} (a drop
   * when the queue is full, a snapshot to an unknown peer); must not block or call back into the
   * transport's {@link #close()}.
   */
  public interface Listener {
    /** A message to this peer was dropped (queue full, snapshot failed). */
    void unreachable(long raftId);

    void snapshotStatus(long raftId, boolean delivered);

    /** A peer answered that this member was removed from the cluster. Called at most once. */
    void removed();

    /** How log lines name the peer with this Raft ID: its member ID in hex, as etcd logs it. */
    default String memberHex(long raftId) {
      return PeerHeaders.hex(raftId);
    }
  }

  static final long REFUSAL_LOG_INTERVAL_MS = 5000;

  private final long localRaftId;
  private final long clusterId;
  private final Listener listener;
  private final MemberLog log;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final TransportLimits limits;
  private final SslContext tls;
  private volatile SslContext defaultTls; // made at the first https dial without tls
  private final Map<Long, PeerStream> peers = new ConcurrentHashMap<>();
  private final Set<Channel> snapshotChannels = ConcurrentHashMap.newKeySet();

  /** When each (peer, status) refusal was last logged. */
  private final Map<String, Long> lastRefusalLogNanos = new ConcurrentHashMap<>();

  private final AtomicBoolean removedReported = new AtomicBoolean();
  private volatile boolean closed;

  public PeerTransport(long localRaftId, long clusterId, Listener listener, MemberLog log) {
    this(localRaftId, clusterId, listener, log, (SslContext) null);
  }

  /**
   * Dials {@code https} peer URLs with {@code tls} (etcd's {@code --peer-cert-file} and the rest:
   * this member's certificate as the client certificate, the peer CA to verify the others); with
   * null, with the JDK's defaults and no client certificate.
   */
  public PeerTransport(
      long localRaftId, long clusterId, Listener listener, MemberLog log, SslContext tls) {
    this(
        localRaftId,
        clusterId,
        listener,
        log,
        NettyIo.newGroup(1),
        true,
        TransportLimits.DEFAULT,
        tls);
  }

  /** Runs on {@code group}, which the caller owns: {@link #close()} leaves it running. */
  public PeerTransport(
      long localRaftId, long clusterId, Listener listener, MemberLog log, EventLoopGroup group) {
    this(localRaftId, clusterId, listener, log, group, false, TransportLimits.DEFAULT, null);
  }

  PeerTransport(
      long localRaftId,
      long clusterId,
      Listener listener,
      MemberLog log,
      EventLoopGroup group,
      boolean ownsGroup,
      TransportLimits limits,
      SslContext tls) {
    Check.argument(localRaftId > 0, "local raft id %d <= 0", localRaftId);
    this.tls = tls;
    this.localRaftId = localRaftId;
    this.clusterId = clusterId;
    this.listener = listener;
    this.log = log;
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.limits = limits;
  }

  /**
   * Sets the full set of OTHER members and their peer URLs: new peers get a stream, peers whose
   * URLs changed are reconnected to the new ones, peers no longer listed are closed (their queued
   * messages dropped). The local ID, if present, is ignored.
   *
   * @throws IllegalArgumentException for a peer without URLs or with a URL not http://host:port
   */
  public synchronized void updatePeers(Map<Long, List<String>> peerUrlsByRaftId) {
    Check.state(!closed, "transport closed");
    Map<Long, List<URI>> wanted = new HashMap<>();
    peerUrlsByRaftId.forEach(
        (id, urls) -> {
          if (id != localRaftId) {
            Check.argument(id > 0, "raft id %d <= 0", id);
            wanted.put(id, parseUrls(id, urls));
          }
        });
    for (Map.Entry<Long, PeerStream> e : Map.copyOf(peers).entrySet()) {
      if (!wanted.containsKey(e.getKey())) {
        peers.remove(e.getKey()).close();
      }
    }
    wanted.forEach(
        (id, urls) -> {
          PeerStream p = peers.get(id);
          if (p == null) {
            PeerStream stream = new PeerStream(this, id, urls, group.next(), limits);
            peers.put(id, stream);
            stream.start();
          } else {
            p.retarget(urls);
          }
        });
  }

  private static List<URI> parseUrls(long id, List<String> urls) {
    Check.argument(!urls.isEmpty(), "peer %s has no URLs", PeerHeaders.hex(id));
    return urls.stream()
        .map(
            s -> {
              URI u = URI.create(s);
              Check.argument(
                  ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                      && u.getHost() != null,
                  "peer URL %s is not http(s)://host:port",
                  s);
              return u;
            })
        .toList();
  }

  /**
   * Routes each message by {@link Message#to()}; never blocks. Messages to unknown peers are
   * dropped (a snapshot among them is reported not delivered).
   */
  public void send(List<Message> messages) {
    if (closed) {
      return;
    }
    for (Message m : messages) {
      PeerStream p = peers.get(m.to());
      if (m.type() == MessageType.SNAP) {
        if (p == null) {
          listener.snapshotStatus(m.to(), false);
        } else {
          SnapshotSender.send(this, group.next(), m.to(), p.currentUrl(), m);
        }
      } else if (p != null && !p.offer(m)) {
        listener.unreachable(m.to());
      }
    }
  }

  /** True while a stream to this peer is connected and accepted. */
  public boolean isActive(long raftId) {
    PeerStream p = peers.get(raftId);
    return p != null && p.isActive();
  }

  /** How many peers have a stream connected and accepted right now. */
  public int activePeers() {
    int active = 0;
    for (PeerStream p : peers.values()) {
      if (p.isActive()) {
        active++;
      }
    }
    return active;
  }

  /** Closes every connection and, if it owns them, stops the threads. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    peers.values().forEach(PeerStream::close);
    peers.clear();
    for (Channel ch : snapshotChannels) {
      ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** The peer's name in log lines (see {@link Listener#memberHex}). */
  String memberHex(long raftId) {
    return listener.memberHex(raftId);
  }

  /**
   * Puts TLS first in a new connection's pipeline when {@code url} is {@code https}, checking the
   * peer's certificate against the URL's host.
   */
  void secure(Channel ch, URI url) {
    if ("https".equals(url.getScheme())) {
      ch.pipeline()
          .addFirst(dialingTls().newHandler(ch.alloc(), url.getHost(), PeerStream.port(url)));
    }
  }

  private SslContext dialingTls() {
    if (tls != null) {
      return tls;
    }
    SslContext d = defaultTls;
    if (d == null) {
      try {
        d = NettyIo.tlsClient().build();
      } catch (SSLException e) {
        throw new IllegalStateException("the JDK's default TLS client could not be set up", e);
      }
      defaultTls = d;
    }
    return d;
  }

  /** Where the streams and snapshot senders of this transport log. */
  MemberLog log() {
    return log;
  }

  void setRaftHeaders(HttpRequest req, URI url) {
    req.headers().set(HttpHeaderNames.HOST, url.getRawAuthority());
    req.headers().set(PeerHeaders.CLUSTER_ID, PeerHeaders.hex(clusterId));
    req.headers().set(PeerHeaders.SERVER_FROM, PeerHeaders.hex(localRaftId));
  }

  void track(Channel snapshotChannel) {
    snapshotChannels.add(snapshotChannel);
    snapshotChannel.closeFuture().addListener(f -> snapshotChannels.remove(snapshotChannel));
  }

  void reportUnreachable(long raftId) {
    if (!closed) {
      listener.unreachable(raftId);
    }
  }

  void reportSnapshot(long raftId, boolean delivered) {
    if (!closed) {
      if (!delivered) {
        listener.unreachable(raftId);
      }
      listener.snapshotStatus(raftId, delivered);
    }
  }

  /** A peer refused a request: 410 (we were removed), 412 (another cluster) or anything else. */
  void refused(long raftId, URI url, HttpResponse r) {
    int code = r.status().code();
    if (code == 410) {
      if (removedReported.compareAndSet(false, true) && !closed) {
        log.error("the member has been permanently removed from the cluster");
        listener.removed();
      }
    } else if (code == 412) {
      logRateLimited(
          raftId,
          code,
          "request sent was ignored (cluster ID mismatch: remote["
              + memberHex(raftId)
              + "]="
              + r.headers().get(PeerHeaders.CLUSTER_ID)
              + ", local="
              + PeerHeaders.hex(clusterId)
              + ")");
    } else {
      logRateLimited(
          raftId, code, "peer " + memberHex(raftId) + " at " + url + " answered " + r.status());
    }
  }

  /** A stream retries every second at most: the same refusal is logged once per interval. */
  private void logRateLimited(long raftId, int code, String line) {
    long now = System.nanoTime();
    String key = raftId + "/" + code;
    Long last = lastRefusalLogNanos.get(key);
    if (last == null || now - last >= TimeUnit.MILLISECONDS.toNanos(REFUSAL_LOG_INTERVAL_MS)) {
      lastRefusalLogNanos.put(key, now);
      log.error(line);
    }
  }
}
