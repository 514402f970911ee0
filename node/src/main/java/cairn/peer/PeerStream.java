package cairn.peer;

import cairn.raft.Entry;
import cairn.raft.Message;
import cairn.util.MemberLog;
import cairn.util.NettyIo;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbound stream to one peer: a bounded queue that any thread may fill, drained in batches
 * (one write and one flush) onto one long-lived {@code POST /raft/stream} connection, reconnected
 * with jittered exponential backoff through the peer's URLs. Everything but {@link #offer} and
 * {@link #isActive} runs on the stream's own event loop, so the connection state needs no locks.
 */
final class PeerStream {

  static final long MIN_BACKOFF_MS = 50;
  // etcd's rafthttp retries a peer every 100 ms; a cap well under an election timeout means a
  // member that comes up (a cluster starting, a restart) is reached before anyone times out.
  static final long MAX_BACKOFF_MS = 200;

  /** The batch of frames written at once; a batch ends after the frame that crosses it. */
  private static final int BATCH_BYTES = 256 << 10;

  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

  private final PeerTransport transport;
  private final MemberLog log;
  private final long raftId;
  private final EventLoop loop;
  private final TransportLimits limits;

  private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean active;
  private volatile List<URI> urls;

  /** Written on the event loop only; read by snapshot senders. */
  private volatile int urlIndex;

  // Event loop only.
  private Channel channel;
  private long backoffMs = MIN_BACKOFF_MS;
  private ScheduledFuture<?> reconnect;
  private boolean closed;

  PeerStream(
      PeerTransport transport,
      long raftId,
      List<URI> urls,
      EventLoop loop,
      TransportLimits limits) {
    this.transport = transport;
    this.log = transport.log();
    this.raftId = raftId;
    this.urls = urls;
    this.loop = loop;
    this.limits = limits;
  }

  /** Starts connecting. */
  void start() {
    loop.execute(this::connect);
  }

  long raftId() {
    return raftId;
  }

  boolean isActive() {
    return active;
  }

  /** The URL in use now (or next), for one-off requests such as snapshots. */
  URI currentUrl() {
    List<URI> u = urls;
    return u.get(Math.floorMod(urlIndex, u.size()));
  }

  /**
   * Queues a message for the stream.
   *
   * @return false when the queue is full (by count or bytes) and the message was dropped
   */
  boolean offer(Message m) {
    long size = sizeBytes(m);
    if (queued.incrementAndGet() > limits.queueCapacity()) {
      queued.decrementAndGet();
      return false;
    }
    if (queuedBytes.addAndGet(size) > limits.queueCapacityBytes() && queued.get() > 1) {
      queuedBytes.addAndGet(-size);
      queued.decrementAndGet();
      return false;
    }
    queue.add(m);
    if (active && drainScheduled.compareAndSet(false, true)) {
      loop.execute(this::drain);
    }
    return true;
  }

  /** A message's weight against the byte bound: its payloads plus a fixed allowance. */
  static long sizeBytes(Message m) {
    long size = 128 + m.context().length;
    for (Entry e : m.entries()) {
      size += e.sizeBytes();
    }
    return size;
  }

  /**
   * Points the stream at new URLs: the current connection closes and a new one starts at once with
   * the first new URL. The same URLs again change nothing.
   */
  void retarget(List<URI> newUrls) {
    loop.execute(
        () -> {
          if (closed || newUrls.equals(urls)) {
            return;
          }
          urls = newUrls;
          urlIndex = 0;
          backoffMs = MIN_BACKOFF_MS;
          Channel old = channel;
          channel = null; // so that its closing schedules nothing
          active = false;
          if (reconnect != null) {
            reconnect.cancel(false);
          }
          if (old != null) {
            old.close();
          }
          connect();
        });
  }

  /** Closes the connection for good and forgets the queue. */
  void close() {
    loop.execute(
        () -> {
          closed = true;
          active = false;
          if (reconnect != null) {
            reconnect.cancel(false);
          }
          if (channel != null) {
            channel.close();
          }
          queue.clear();
          queued.set(0);
          queuedBytes.set(0);
        });
  }

  private void connect() {
    reconnect = null;
    if (closed) {
      return;
    }
    URI u = currentUrl();
    ChannelFuture f =
        new Bootstrap()
            .group(loop)
            .channel(NettyIo.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(
                            new IdleStateHandler(
                                true, 0, limits.stallTimeoutMs(), 0, TimeUnit.MILLISECONDS))
                        .addLast(new StreamHandler(u));
                    transport.secure(ch, u);
                  }
                })
            .connect(u.getHost(), port(u));
    Channel ch = f.channel();
    channel = ch;
    ch.closeFuture().addListener(done -> onClosed(ch));
  }

  static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
  }

  private void onClosed(Channel ch) {
    if (ch != channel) {
      return;
    }
    channel = null;
    if (active) {
      log.warning("lost the stream connection with peer " + transport.memberHex(raftId));
    }
    active = false;
    if (closed || transport.isClosed()) {
      return;
    }
    urlIndex++;
    long delay = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    reconnect = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private void onConnected(Channel ch) {
    if (ch != channel) {
      return;
    }
    active = true;
    backoffMs = MIN_BACKOFF_MS;
    log.info("established a stream connection with peer " + transport.memberHex(raftId));
    drain();
  }

  /** Writes what is queued in batches while the connection takes more, then flushes once. */
  private void drain() {
    drainScheduled.set(false);
    Channel ch = channel;
    if (!active || ch == null) {
      return;
    }
    boolean wrote = false;
    while (ch.isWritable() && !queue.isEmpty()) {
      ByteBuf batch = ch.alloc().buffer();
      Message m;
      while (batch.readableBytes() < BATCH_BYTES && (m = queue.poll()) != null) {
        queued.decrementAndGet();
        queuedBytes.addAndGet(-sizeBytes(m));
        appendFrame(batch, m);
      }
      if (batch.isReadable()) {
        ch.write(new DefaultHttpContent(batch));
        wrote = true;
      } else {
        batch.release();
      }
    }
    if (wrote) {
      ch.flush();
    }
  }

  private void appendFrame(ByteBuf batch, Message m) {
    long size = MessageCodec.encodedSize(m);
    if (size > PeerHeaders.MAX_FRAME_BYTES) {
      log.warning(
          "dropped a "
              + m.type()
              + " message of "
              + size
              + " bytes to "
              + transport.memberHex(raftId)
              + ": over the frame limit");
      transport.reportUnreachable(raftId);
      return;
    }
    batch.writeInt((int) size);
    MessageCodec.writeWithoutSnapshotData(m, batch);
    batch.writeBytes(m.snapshot().data());
  }

  /** The client side of one stream connection. */
  private final class StreamHandler extends ChannelInboundHandlerAdapter {
    private final URI url;

    StreamHandler(URI url) {
      this.url = url;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      HttpRequest req =
          new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PeerHeaders.STREAM_PATH);
      transport.setRaftHeaders(req, url);
      req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
      ctx.writeAndFlush(req);
      Channel ch = ctx.channel();
      loop.schedule(
          () -> {
            if (ch == channel && !active) {
              log.warning("peer " + transport.memberHex(raftId) + " at " + url + " did not answer");
              ch.close();
            }
          },
          limits.stallTimeoutMs(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse r) {
          if (r.status().code() == 200) {
            onConnected(ctx.channel());
          } else {
            transport.refused(raftId, url, r);
            ctx.close();
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        drain();
      }
    }

    /** Idle writing is fine (nothing to say); bytes waiting unsent that long are a stall. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
      if (evt instanceof IdleStateEvent && out != null && out.totalPendingWriteBytes() > 0) {
        log.warning(
            "the stream to peer "
                + transport.memberHex(raftId)
                + " made no progress for "
                + limits.stallTimeoutMs()
                + " ms; reconnecting");
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
