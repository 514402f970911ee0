package cairn.peer;

import cairn.raft.Message;
import cairn.util.MemberLog;
import cairn.util.NettyIo;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Sends one SNAP message as the body of {@code POST /raft/snapshot} on a connection of its own, so
 * a large snapshot never holds up the stream's heartbeats and appends. The snapshot's data is
 * written from the message's own array, not copied. Reports the outcome exactly once: delivered on
 * a 2xx answer; failed on any other answer, a failed connection, or no progress either way for
 * {@link #IDLE_TIMEOUT_SECONDS}.
 */
final class SnapshotSender extends ChannelInboundHandlerAdapter {

  static final int IDLE_TIMEOUT_SECONDS = 30;

  private final PeerTransport transport;
  private final MemberLog log;
  private final long raftId;
  private final URI url;
  private final Message message;
  private boolean reported;

  private SnapshotSender(PeerTransport transport, long raftId, URI url, Message message) {
    this.transport = transport;
    this.log = transport.log();
    this.raftId = raftId;
    this.url = url;
    this.message = message;
  }

  /** Starts sending; the connection is registered with the transport until it closes. */
  static void send(PeerTransport transport, EventLoop loop, long raftId, URI url, Message m) {
    SnapshotSender sender = new SnapshotSender(transport, raftId, url, m);
    Channel ch =
        new Bootstrap()
            .group(loop)
            .channel(NettyIo.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(
                            new IdleStateHandler(
                                true, 0, 0, IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                        .addLast(sender);
                    transport.secure(ch, url);
                  }
                })
            .connect(url.getHost(), PeerStream.port(url))
            .channel();
    transport.track(ch);
    ch.closeFuture().addListener(f -> sender.report(false));
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ByteBuf head = ctx.alloc().buffer();
    MessageCodec.writeWithoutSnapshotData(message, head);
    byte[] data = message.snapshot().data();
    HttpRequest req =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, PeerHeaders.SNAPSHOT_PATH);
    transport.setRaftHeaders(req, url);
    req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    HttpUtil.setContentLength(req, (long) head.readableBytes() + data.length);
    ctx.write(req);
    ctx.write(new DefaultHttpContent(head));
    ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(data)));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse r) {
        boolean ok = r.status().code() / 100 == 2;
        if (!ok) {
          transport.refused(raftId, url, r);
        }
        report(ok);
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.warning("sending a snapshot to " + transport.memberHex(raftId) + " stalled; giving up");
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warning("sending a snapshot to " + transport.memberHex(raftId) + " failed: " + cause);
    ctx.close();
  }

  /** Runs on the connection's event loop, so no lock is needed for the once-only report. */
  private void report(boolean delivered) {
    if (!reported) {
      reported = true;
      transport.reportSnapshot(raftId, delivered);
    }
  }
}
