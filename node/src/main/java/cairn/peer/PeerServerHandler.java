package cairn.peer;

import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.util.MemberLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One peer connection on the server side: routes each request, applies the raft guards, decodes
 * stream frames as chunks arrive (a frame may span chunks) and collects a snapshot body up to its
 * limit (shared by all connections). Runs on the connection's event loop only.
 */
final class PeerServerHandler extends ChannelInboundHandlerAdapter {

  static final String VERSION_JSON = "{\"etcdserver\":\"2.3.8\",\"etcdcluster\":\"2.3.0\"}";

  /** What the content of the current request is for. */
  private enum Mode {
    /** Between requests, or ignoring the body of a request already answered. */
    DISCARD,
    STREAM,
    SNAPSHOT
  }

  private final PeerHandler handler;
  private final MemberLog log;

  /**
   * Snapshot body bytes buffered on all of the server's connections: bounded as one snapshot, so
   * several senders at once cannot multiply the memory a snapshot takes.
   */
  private final AtomicLong snapshotBytesBuffered;

  /** This connection's share of {@link #snapshotBytesBuffered}. */
  private long snapshotBytes;

  private Mode mode = Mode.DISCARD;
  private long sender;

  /** Stream: bytes of a frame not yet complete. */
  private ByteBuf pending;

  /** Snapshot: the body so far. */
  private SnapshotBody snapshot;

  PeerServerHandler(PeerHandler handler, MemberLog log, AtomicLong snapshotBytesBuffered) {
    this.handler = handler;
    this.log = log;
    this.snapshotBytesBuffered = snapshotBytesBuffered;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof DecoderResultProvider p && p.decoderResult().isFailure()) {
        mode = Mode.DISCARD;
        reply(ctx, HttpResponseStatus.BAD_REQUEST, "400 Bad Request", true);
        return;
      }
      if (msg instanceof HttpRequest req) {
        onRequest(ctx, req);
      }
      if (msg instanceof HttpContent c && ctx.channel().isOpen()) {
        onContent(ctx, c);
      }
    } catch (PeerProtocolException e) {
      log.warning(
          "closing peer connection from " + handler.memberHex(sender) + ": " + e.getMessage());
      if (mode == Mode.STREAM) {
        ctx.close(); // the 200 of the stream is already sent
      } else {
        reply(ctx, HttpResponseStatus.BAD_REQUEST, "error decoding raft message", true);
      }
      mode = Mode.DISCARD;
      releasePending();
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
    releasePending();
    mode = Mode.DISCARD;
    String path = new QueryStringDecoder(req.uri()).path();
    switch (path) {
      case PeerHeaders.STREAM_PATH, PeerHeaders.SNAPSHOT_PATH -> onRaftRequest(ctx, req, path);
      case PeerHeaders.MEMBERS_PATH -> {
        if (allowed(ctx, req, HttpMethod.GET)) {
          FullHttpResponse r = response(HttpResponseStatus.OK, handler.membersJson());
          r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
          r.headers().set("X-Etcd-Cluster-Id", hex(handler.clusterId()));
          send(ctx, r, !HttpUtil.isKeepAlive(req));
        }
      }
      case PeerHeaders.VERSION_PATH -> {
        if (allowed(ctx, req, HttpMethod.GET)) {
          FullHttpResponse r = response(HttpResponseStatus.OK, VERSION_JSON);
          r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
          send(ctx, r, !HttpUtil.isKeepAlive(req));
        }
      }
      default ->
          reply(
              ctx, HttpResponseStatus.NOT_FOUND, "404 page not found", !HttpUtil.isKeepAlive(req));
    }
  }

  /** The guards of etcd 2.3's stream handler, in its order: method, cluster, sender, removed. */
  private void onRaftRequest(ChannelHandlerContext ctx, HttpRequest req, String path) {
    if (!req.method().equals(HttpMethod.POST)) {
      FullHttpResponse r =
          errorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
      r.headers().set(HttpHeaderNames.ALLOW, "POST");
      send(ctx, r, true);
      return;
    }
    long cid = handler.clusterId();
    String got = req.headers().get(PeerHeaders.CLUSTER_ID);
    OptionalLong theirs = PeerHeaders.parseHex(got);
    if (theirs.isEmpty() || theirs.getAsLong() != cid) {
      log.error("request cluster ID mismatch (got " + got + " want " + hex(cid) + ")");
      raftError(ctx, HttpResponseStatus.PRECONDITION_FAILED, "cluster ID mismatch");
      return;
    }
    OptionalLong from = PeerHeaders.parseHex(req.headers().get(PeerHeaders.SERVER_FROM));
    if (from.isEmpty() || from.getAsLong() <= 0) {
      log.error("failed to parse from " + req.headers().get(PeerHeaders.SERVER_FROM) + " into ID");
      raftError(ctx, HttpResponseStatus.NOT_FOUND, "invalid from");
      return;
    }
    sender = from.getAsLong();
    if (handler.isRemoved(sender)) {
      log.warning(
          "rejected the stream from peer " + handler.memberHex(sender) + " since it was removed");
      raftError(ctx, HttpResponseStatus.GONE, "removed member");
      return;
    }
    if (path.equals(PeerHeaders.STREAM_PATH)) {
      HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      r.headers().set(PeerHeaders.CLUSTER_ID, hex(cid));
      r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      ctx.writeAndFlush(r);
      mode = Mode.STREAM;
      pending = ctx.alloc().buffer();
    } else if (HttpUtil.getContentLength(req, 0L) > PeerHeaders.MAX_SNAPSHOT_BODY_BYTES) {
      raftError(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "error reading raft message");
    } else {
      mode = Mode.SNAPSHOT;
      snapshot = new SnapshotBody();
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent c) throws PeerProtocolException {
    switch (mode) {
      case DISCARD -> {}
      case STREAM -> {
        pending.writeBytes(c.content());
        deliverFrames();
        if (c instanceof LastHttpContent) {
          if (pending.isReadable()) {
            throw new PeerProtocolException("stream ended inside a frame");
          }
          ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
              .addListener(ChannelFutureListener.CLOSE);
          mode = Mode.DISCARD;
        }
      }
      case SNAPSHOT -> {
        int n = c.content().readableBytes();
        snapshotBytes += n;
        if (snapshotBytesBuffered.addAndGet(n) > PeerHeaders.MAX_SNAPSHOT_BODY_BYTES) {
          mode = Mode.DISCARD;
          releasePending();
          raftError(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "error reading raft message");
          return;
        }
        snapshot.append(c.content());
        if (c instanceof LastHttpContent) {
          mode = Mode.DISCARD;
          Message m = decodeFromSender(snapshot.asByteBuf());
          releasePending();
          if (m.type() != MessageType.SNAP) {
            throw new PeerProtocolException("a " + m.type() + " message sent as a snapshot");
          }
          handler.receive(m);
          send(
              ctx,
              new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT),
              false);
        }
      }
    }
  }

  /** Hands over every complete frame of the stream so far. */
  private void deliverFrames() throws PeerProtocolException {
    while (pending.readableBytes() >= 4) {
      int length = pending.getInt(pending.readerIndex());
      if (length < 0 || length > PeerHeaders.MAX_FRAME_BYTES) {
        throw new PeerProtocolException("bad frame length " + length);
      }
      if (pending.readableBytes() < 4 + length) {
        break;
      }
      pending.skipBytes(4);
      handler.receive(decodeFromSender(pending.readSlice(length)));
    }
    pending.discardSomeReadBytes();
  }

  private Message decodeFromSender(ByteBuf frame) throws PeerProtocolException {
    Message m = MessageCodec.decode(frame);
    if (m.from() != sender) {
      throw new PeerProtocolException(
          "message from "
              + handler.memberHex(m.from())
              + " on the connection of "
              + handler.memberHex(sender));
    }
    return m;
  }

  private boolean allowed(ChannelHandlerContext ctx, HttpRequest req, HttpMethod method) {
    if (req.method().equals(method)) {
      return true;
    }
    FullHttpResponse r = errorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed");
    r.headers().set(HttpHeaderNames.ALLOW, method.name());
    send(ctx, r, !HttpUtil.isKeepAlive(req));
    return false;
  }

  /** A refused raft request: the body that may follow is not read, the connection closes. */
  private void raftError(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
    FullHttpResponse r = errorResponse(status, text);
    r.headers().set(PeerHeaders.CLUSTER_ID, hex(handler.clusterId()));
    send(ctx, r, true);
  }

  private void reply(
      ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean close) {
    send(ctx, errorResponse(status, text), close);
  }

  /** As Go's http.Error: plain text, a newline after the message. */
  private static FullHttpResponse errorResponse(HttpResponseStatus status, String text) {
    FullHttpResponse r = response(status, text + "\n");
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().set("X-Content-Type-Options", "nosniff");
    return r;
  }

  private static FullHttpResponse response(HttpResponseStatus status, String body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    HttpUtil.setContentLength(r, r.content().readableBytes());
    return r;
  }

  private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean close) {
    if (close) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(r);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warning("peer connection from " + ctx.channel().remoteAddress() + " failed: " + cause);
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePending();
  }

  private void releasePending() {
    if (pending != null) {
      pending.release();
      pending = null;
    }
    snapshot = null;
    snapshotBytesBuffered.addAndGet(-snapshotBytes);
    snapshotBytes = 0;
  }

  private static String hex(long id) {
    return PeerHeaders.hex(id);
  }
}
