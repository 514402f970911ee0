package cairn.peer;

import cairn.util.BindHost;
import cairn.util.Check;
import cairn.util.MemberLog;
import cairn.util.NettyIo;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the peer URLs over HTTP/1.1 on Netty ({@code https} ones behind TLS):
 *
 * <ul>
 *   <li>{@code POST /raft/stream}: a long-lived chunked request from one sender carrying
 *       length-prefixed {@link MessageCodec} frames (4-byte length, at most 64 MiB); answered 200
 *       at once, the response stays open while the sender streams;
 *   <li>{@code POST /raft/snapshot}: one SNAP message as the body (up to 1 GiB of snapshot data),
 *       answered 204 once handed to the member. The body is collected as it arrives and never
 *       beyond its size limit, so a large claimed length costs nothing until the bytes come; the
 *       limit holds for all connections together, so concurrent senders cannot multiply it;
 *   <li>{@code GET /members}: {@link PeerHandler#membersJson()} with {@code X-Etcd-Cluster-Id};
 *   <li>{@code GET /version}: {@code {"etcdserver":"2.3.8","etcdcluster":"2.3.0"}}.
 * </ul>
 *
 * Both raft requests carry {@code X-Etcd-Cluster-ID} and {@code X-Server-From} (the sender's Raft
 * ID, hex) and are guarded as etcd 2.3 guards its stream: a different cluster ID is 412 {@code
 * cluster ID mismatch} (logged as {@code request cluster ID mismatch (got X want Y)}), a missing or
 * malformed sender 404 {@code invalid from}, a removed sender 410 {@code removed member}. Other
 * paths are Go's 404 {@code 404 page not found}, a wrong method Go's 405. Malformed HTTP or frames
 * close the connection they came on, nothing more.
 *
 * <p>By default the server runs on one event loop thread of its own (accepting and serving); a
 * constructor takes a group the caller owns instead.
 */
public final class PeerServer implements AutoCloseable {

  private final List<URI> listenUrls;
  private final SslContext tls;
  private final PeerHandler handler;
  private final MemberLog log;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final List<Channel> channels = new ArrayList<>();
  private final ChannelGroup connections = NettyIo.newConnectionGroup();
  private final AtomicLong snapshotBytesBuffered = new AtomicLong();

  public PeerServer(List<URI> listenUrls, PeerHandler handler, MemberLog log) {
    this(listenUrls, null, handler, log);
  }

  /**
   * Serves {@code https} listen URLs with {@code tls} (etcd's {@code --peer-cert-file} and the
   * rest); null when there are none.
   */
  public PeerServer(List<URI> listenUrls, SslContext tls, PeerHandler handler, MemberLog log) {
    this(listenUrls, tls, handler, log, NettyIo.newGroup(1), true);
  }

  /** Serves on {@code group}, which the caller owns: {@link #close()} leaves it running. */
  public PeerServer(
      List<URI> listenUrls, PeerHandler handler, MemberLog log, EventLoopGroup group) {
    this(listenUrls, null, handler, log, group, false);
  }

  private PeerServer(
      List<URI> listenUrls,
      SslContext tls,
      PeerHandler handler,
      MemberLog log,
      EventLoopGroup group,
      boolean ownsGroup) {
    this.listenUrls = List.copyOf(listenUrls);
    this.tls = tls;
    this.handler = handler;
    this.log = log;
    this.group = group;
    this.ownsGroup = ownsGroup;
    for (URI u : this.listenUrls) {
      Check.argument(
          ("http".equals(u.getScheme()) || ("https".equals(u.getScheme()) && tls != null))
              && u.getHost() != null
              && u.getPort() >= 0,
          "peer listen URL %s is not http://host:port (or https with a certificate)",
          u);
    }
  }

  /**
   * Binds every listen URL ({@code localhost} as 127.0.0.1; port 0 picks a free port) and serves.
   *
   * @return the bound addresses, in the order of the listen URLs
   * @throws InterruptedException if interrupted while binding
   */
  public List<InetSocketAddress> start() throws InterruptedException {
    List<InetSocketAddress> bound = bind();
    serve();
    return bound;
  }

  /**
   * Binds every listen URL but accepts no connection before {@link #serve}, as etcd binds its
   * listeners before it reads its data dir: a peer that dials this member while it loads waits in
   * the listen backlog and is answered as soon as it serves, instead of being refused and backing
   * off.
   *
   * @return the bound addresses, in the order of the listen URLs
   * @throws InterruptedException if interrupted while binding
   */
  public List<InetSocketAddress> bind() throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NettyIo.serverChannel())
            .option(ChannelOption.AUTO_READ, false); // no accept until serve()
    List<InetSocketAddress> bound = new ArrayList<>();
    try {
      for (URI u : listenUrls) {
        SslContext urlTls = "https".equals(u.getScheme()) ? tls : null;
        ChannelInitializer<SocketChannel> connection =
            new ChannelInitializer<>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                if (urlTls != null) {
                  ch.pipeline().addLast(urlTls.newHandler(ch.alloc()));
                }
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new PeerServerHandler(handler, log, snapshotBytesBuffered));
              }
            };
        Channel ch =
            b.clone().childHandler(connection).bind(BindHost.of(u), u.getPort()).sync().channel();
        synchronized (channels) {
          channels.add(ch);
        }
        bound.add((InetSocketAddress) ch.localAddress());
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return List.copyOf(bound);
  }

  /** Starts accepting on every bound URL (the connections that waited come first). */
  public void serve() {
    synchronized (channels) {
      for (Channel ch : channels) {
        ch.config().setAutoRead(true);
      }
    }
  }

  /** Stops listening, closes every connection and, if it owns them, stops the threads. */
  @Override
  public void close() {
    List<Channel> listening;
    synchronized (channels) {
      listening = List.copyOf(channels);
      channels.clear();
    }
    EventLoopGroup[] owned = ownsGroup ? new EventLoopGroup[] {group} : new EventLoopGroup[0];
    NettyIo.closeServer(listening, connections, owned);
  }
}
