package cairn.http;

import cairn.util.BindHost;
import cairn.util.NettyIo;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The client HTTP server on Netty: binds every listen URL ({@code https} ones behind TLS) and
 * serves the etcd v2 key space through a {@link KeysBackend}. Requests are aggregated (bounded by
 * {@link KeysHttpServerConfig#maxRequestBytes()}); nothing on the event loops blocks, so thousands
 * of watches cost a connection each, not a thread.
 */
public final class KeysHttpServer implements AutoCloseable {

  /**
   * Go's server accepts a request line and headers of up to 1 MiB together; Netty's 4 KiB default
   * would refuse long keys or a {@code value} sent in the query, which clients do.
   */
  private static final HttpDecoderConfig DECODER =
      new HttpDecoderConfig().setMaxInitialLineLength(1 << 20).setMaxHeaderSize(1 << 20);

  private final KeysHttpServerConfig config;
  private final KeysBackend backend;
  private final Clock clock;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final List<Channel> channels = new ArrayList<>();
  private final ChannelGroup connections = NettyIo.newConnectionGroup();

  /**
   * @param clock the receiving member's clock, for turning {@code ttl} into an absolute expiry
   */
  public KeysHttpServer(KeysHttpServerConfig config, KeysBackend backend, Clock clock) {
    this.config = config;
    this.backend = backend;
    this.clock = clock;
    this.boss = NettyIo.newGroup(1);
    // One loop per processor, as Go runs etcd (GOMAXPROCS); Netty's default of two per processor
    // put four client loops per member on a two-core machine, which a 3-member cluster on one host
    // then shared with its Raft loops: write c=1 rounds were 218-440 req/s against 366-729 with
    // two.
    this.workers = NettyIo.newGroup(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Binds every listen URL.
   *
   * @return the bound addresses, in the order of the listen URLs (with the real port for port 0)
   * @throws InterruptedException if interrupted while binding
   */
  public List<InetSocketAddress> start() throws InterruptedException {
    KeysEndpoint keys = new KeysEndpoint(backend, clock);
    MembersEndpoint members = new MembersEndpoint(backend);
    MiscEndpoints misc =
        new MiscEndpoints(backend, config.serverVersion(), config.clusterVersion());
    Cors cors = config.corsOrigins().isEmpty() ? Cors.NONE : new Cors(config.corsOrigins());
    HttpDate dates = new HttpDate(clock);
    ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NettyIo.serverChannel());
    List<InetSocketAddress> bound = new ArrayList<>();
    try {
      for (URI u : config.listenUrls()) {
        SslContext tls = "https".equals(u.getScheme()) ? config.tls() : null;
        ChannelInitializer<SocketChannel> connection =
            new ChannelInitializer<>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                if (tls != null) {
                  ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                }
                ch.pipeline()
                    .addLast(new HttpServerCodec(DECODER))
                    .addLast(new HttpObjectAggregator(config.maxRequestBytes()))
                    .addLast(new ClientHandler(keys, misc, members, cors, dates));
              }
            };
        Channel ch =
            b.clone().childHandler(connection).bind(BindHost.of(u), u.getPort()).sync().channel();
        channels.add(ch);
        bound.add((InetSocketAddress) ch.localAddress());
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
    return List.copyOf(bound);
  }

  /** Stops listening, closes every connection (open watches end) and stops the threads. */
  @Override
  public void close() {
    NettyIo.closeServer(channels, connections, boss, workers);
  }
}
