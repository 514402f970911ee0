package cairn.proxy;

import cairn.http.HttpDate;
import cairn.http.Responses;
import cairn.util.BindHost;
import cairn.util.NettyIo;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * etcd's proxy mode (node-config.md §12, v2-http-api.md §15): a reverse proxy on the client URLs
 * that forwards each request to one of the cluster's client URLs, trying the next one on a
 * transport error, and streams the answer back as it comes (watches included). {@code readonly}
 * forwards only GET.
 */
public final class ProxyServer implements AutoCloseable {

  /** Hop-by-hop headers, dropped both ways (RFC 2616 §13.5.1, as Go's ReverseProxy). */
  private static final List<String> HOP_BY_HOP =
      List.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailers",
          "transfer-encoding",
          "upgrade");

  private static final int MAX_REQUEST_BYTES = 10 << 20;

  /**
   * @param listenUrls the proxy's client URLs ({@code https} ones with {@code tls})
   * @param readonly {@code --proxy readonly}
   * @param upstreamTls for {@code https} member client URLs
   * @param dialTimeoutMs {@code --proxy-dial-timeout} (0: the system's)
   */
  public record Settings(
      List<URI> listenUrls,
      SslContext tls,
      boolean readonly,
      SslContext upstreamTls,
      int dialTimeoutMs) {}

  private final Settings settings;
  private final ProxyEndpoints endpoints;
  private final EventLoopGroup boss = NettyIo.newGroup(1);
  private final EventLoopGroup workers =
      NettyIo.newGroup(Runtime.getRuntime().availableProcessors());
  private final List<Channel> channels = new ArrayList<>();
  private final ChannelGroup connections = NettyIo.newConnectionGroup();
  private final HttpDate dates = new HttpDate(Clock.systemUTC());

  public ProxyServer(Settings settings, ProxyEndpoints endpoints) {
    this.settings = settings;
    this.endpoints = endpoints;
  }

  /** Binds every listen URL; returns the bound addresses in their order. */
  public List<InetSocketAddress> start() throws InterruptedException {
    List<InetSocketAddress> bound = new ArrayList<>();
    ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NettyIo.serverChannel());
    for (URI u : settings.listenUrls()) {
      SslContext tls = "https".equals(u.getScheme()) ? settings.tls() : null;
      Channel ch =
          b.clone()
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      connections.add(c);
                      if (tls != null) {
                        c.pipeline().addLast(tls.newHandler(c.alloc()));
                      }
                      c.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(new Forwarder());
                    }
                  })
              .bind(BindHost.of(u), u.getPort())
              .sync()
              .channel();
      channels.add(ch);
      bound.add((InetSocketAddress) ch.localAddress());
    }
    return bound;
  }

  @Override
  public void close() {
    NettyIo.closeServer(channels, connections, boss, workers);
  }

  /**
   * One client connection: its requests one at a time and in order (pipelined ones wait), each to
   * the first endpoint that answers. Everything here runs on the connection's event loop, the
   * upstream connections included.
   */
  private final class Forwarder extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      waiting.add(req.retain());
      ctx.channel().config().setAutoRead(false); // the next request waits for this answer
      if (!busy) {
        serveNext(ctx);
      }
    }

    private void serveNext(ChannelHandlerContext ctx) {
      FullHttpRequest req = waiting.poll();
      if (req == null) {
        busy = false;
        ctx.channel().config().setAutoRead(true);
        ctx.read();
        return;
      }
      busy = true;
      if (settings.readonly() && !req.method().equals(HttpMethod.GET)) {
        answer(ctx, req, Responses.full(501, null, "", false));
        return;
      }
      if (req.method().equals(HttpMethod.GET) && req.uri().equals("/v2/config/local/proxy")) {
        // Go's json.Encoder (a newline after) and no type set, so Go sniffs text.
        answer(ctx, req, Responses.full(200, Responses.TEXT, endpointsJson() + "\n", false));
        return;
      }
      List<String> available = endpoints.available();
      if (available.isEmpty()) {
        answer(
            ctx,
            req,
            Responses.full(
                503,
                Responses.JSON,
                "{\"message\":\"proxy: zero endpoints currently available\"}",
                false));
        return;
      }
      new Attempt(this, ctx, req, HttpUtil.isKeepAlive(req), available).next();
    }

    /** Sends an answer of the proxy's own to {@code req}, dated as Go dates every answer. */
    void answer(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      req.release();
      HttpUtil.setKeepAlive(r, keepAlive);
      r.headers().set(HttpHeaderNames.DATE, dates.now());
      ctx.writeAndFlush(r).addListener(f -> completed(ctx, keepAlive));
    }

    /** An answer went out whole: the next request, or the end of the connection. */
    void completed(ChannelHandlerContext ctx, boolean keepAlive) {
      if (keepAlive && ctx.channel().isActive()) {
        serveNext(ctx);
      } else {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      for (FullHttpRequest r = waiting.poll(); r != null; r = waiting.poll()) {
        r.release();
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private String endpointsJson() {
    List<String> quoted = new ArrayList<>();
    for (String e : endpoints.all()) {
      quoted.add("\"" + e.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return "{\"endpoints\":[" + String.join(",", quoted) + "]}";
  }

  /** One request's way through the endpoints until one answers. */
  private final class Attempt {
    private final Forwarder forwarder;
    private final ChannelHandlerContext client;
    private final FullHttpRequest req;
    private final boolean keepAlive;
    private final List<String> candidates;
    private int tried;
    // Closes the upstream when the client goes away (a cancelled watch); removed when the answer
    // is complete, so that a keep-alive connection does not collect one listener per request.
    private ChannelFutureListener closeUpstream;

    Attempt(
        Forwarder forwarder,
        ChannelHandlerContext client,
        FullHttpRequest req,
        boolean keepAlive,
        List<String> candidates) {
      this.forwarder = forwarder;
      this.client = client;
      this.req = req;
      this.keepAlive = keepAlive;
      this.candidates = candidates;
    }

    /** Tries the next endpoint; answers 502 when every one failed. */
    void next() {
      if (!client.channel().isActive()) {
        req.release(); // the client went away meanwhile
        return;
      }
      if (tried == candidates.size()) {
        forwarder.answer(
            client,
            req,
            Responses.full(
                502,
                Responses.JSON,
                "{\"message\":\"proxy: unable to get response from " + tried + " endpoint(s)\"}",
                false));
        return;
      }
      String endpoint = candidates.get(tried++);
      URI u = URI.create(endpoint);
      boolean https = "https".equals(u.getScheme());
      int port = u.getPort() >= 0 ? u.getPort() : https ? 443 : 80;
      Upstream upstream = new Upstream(this, endpoint);
      Bootstrap b =
          new Bootstrap()
              .group(client.channel().eventLoop())
              .channel(NettyIo.socketChannel())
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      if (https) {
                        c.pipeline()
                            .addLast(
                                settings.upstreamTls().newHandler(c.alloc(), u.getHost(), port));
                      }
                      c.pipeline().addLast(new HttpClientCodec()).addLast(upstream);
                    }
                  });
      if (settings.dialTimeoutMs() > 0) {
        b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.dialTimeoutMs());
      }
      b.connect(u.getHost(), port)
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) {
                      endpoints.failed(endpoint);
                      next();
                      return;
                    }
                    Channel up = f.channel();
                    closeUpstream = c -> up.close();
                    client.channel().closeFuture().addListener(closeUpstream);
                    up.writeAndFlush(upstreamRequest(u));
                  });
    }

    private FullHttpRequest upstreamRequest(URI u) {
      FullHttpRequest r =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, req.method(), req.uri(), req.content().retainedDuplicate());
      copyEndToEnd(req.headers(), r.headers());
      r.headers().set(HttpHeaderNames.HOST, u.getRawAuthority());
      r.headers().set(HttpHeaderNames.CONNECTION, "close");
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, req.content().readableBytes());
      String from =
          ((InetSocketAddress) client.channel().remoteAddress()).getAddress().getHostAddress();
      String prior = req.headers().get("X-Forwarded-For");
      r.headers().set("X-Forwarded-For", prior == null ? from : prior + ", " + from);
      return r;
    }

    /** The answer is complete: the client's next request may come. */
    void done() {
      client.channel().closeFuture().removeListener(closeUpstream);
      req.release();
      forwarder.completed(client, keepAlive);
    }

    /** The upstream went away in the middle of a streamed answer. */
    void broken() {
      req.release();
      client.close();
    }
  }

  /** One upstream connection of an attempt: streams its answer to the client. */
  private final class Upstream extends ChannelInboundHandlerAdapter {
    private final Attempt attempt;
    private final String endpoint;
    private boolean active;
    private boolean answered; // the response head went to the client
    private boolean complete;

    Upstream(Attempt attempt, String endpoint) {
      this.attempt = attempt;
      this.endpoint = endpoint;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      active = true;
      super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext upstream, Object msg) {
      ChannelHandlerContext client = attempt.client;
      if (msg instanceof HttpResponse head) {
        answered = true;
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status());
        copyEndToEnd(head.headers(), out.headers());
        if (!out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
          HttpUtil.setTransferEncodingChunked(out, true);
        }
        HttpUtil.setKeepAlive(out, attempt.keepAlive);
        client.write(out);
      }
      if (msg instanceof HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        HttpContent forward =
            last
                ? new DefaultLastHttpContent(content.content().retain())
                : new DefaultHttpContent(content.content().retain());
        content.release();
        ChannelFuture written = client.writeAndFlush(forward);
        if (last) {
          complete = true;
          written.addListener(f -> attempt.done());
          upstream.close();
        }
      } else {
        client.flush();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext upstream) {
      if (!active || complete) {
        return;
      }
      if (!answered) {
        endpoints.failed(endpoint);
        attempt.next(); // closed before answering: the next endpoint
      } else {
        attempt.broken();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext upstream, Throwable cause) {
      upstream.close();
    }
  }

  private static void copyEndToEnd(HttpHeaders from, HttpHeaders to) {
    for (Map.Entry<String, String> h : from) {
      if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        to.add(h.getKey(), h.getValue());
      }
    }
  }
}
