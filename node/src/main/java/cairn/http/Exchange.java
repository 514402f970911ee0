package cairn.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One request's answer on a connection: either one complete response or, for watches, a chunked
 * stream. Any thread may answer; the writes happen on the channel's event loop. When the answer is
 * finished the connection moves to its next pipelined request (or closes, for a request that did
 * not ask to keep the connection alive).
 */
final class Exchange {

  private static final short CRLF = ('\r' << 8) | '\n';

  private final Channel channel;
  // The HTTP codec's context: a stream's body bytes, framed here, are written from it, past the
  // codec's encoder (see chunk).
  private final ChannelHandlerContext codec;
  private boolean keepAlive; // event loop only after construction
  private final boolean chunked;
  private final Runnable onFinished;
  private HttpHeaders cors; // event loop only after construction
  private final HttpDate dates;
  private boolean finished; // event loop only
  private Runnable onWritable; // event loop only

  /**
   * @param codec the context of the connection's HTTP codec
   * @param http11 the request was HTTP/1.1, so a stream may be chunked; an HTTP/1.0 client gets the
   *     stream unframed and the end of the connection marks its end, as Go's server does
   */
  Exchange(
      ChannelHandlerContext codec,
      boolean keepAlive,
      boolean http11,
      HttpHeaders cors,
      HttpDate dates,
      Runnable onFinished) {
    this.codec = codec;
    this.channel = codec.channel();
    this.chunked = http11;
    this.keepAlive = keepAlive && http11;
    this.cors = cors;
    this.dates = dates;
    this.onFinished = onFinished;
  }

  Channel channel() {
    return channel;
  }

  /** Sends a complete response and finishes the exchange. */
  void respond(FullHttpResponse response) {
    onLoop(
        () -> {
          if (finished) {
            response.release();
            return;
          }
          HttpUtil.setKeepAlive(response, keepAlive);
          withCors(response);
          dated(response);
          channel.writeAndFlush(response);
          finish();
        });
  }

  /**
   * Sends a complete response, then closes the connection (Go does so for unparsable requests). As
   * Go's server refuses those before any handler runs, the response has no CORS headers.
   */
  void respondAndClose(FullHttpResponse response) {
    onLoop(
        () -> {
          keepAlive = false;
          cors = EmptyHttpHeaders.INSTANCE;
          respond(response);
        });
  }

  /**
   * Sends and flushes the head of a chunked response (a watch). Watches answer GETs only (a HEAD
   * with {@code wait=true} gets etcd's 400 before), so a stream's body always goes out.
   */
  void startStream(HttpResponse head) {
    onLoop(
        () -> {
          if (chunked) {
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
          }
          HttpUtil.setKeepAlive(head, keepAlive);
          withCors(head);
          dated(head);
          channel.writeAndFlush(head);
        });
  }

  /**
   * Sends and flushes one chunk of a started stream. Event loop only.
   *
   * <p>The chunk is framed here into one buffer and written from the codec's context, past its
   * encoder, which stays in the middle of the stream (so the stream's end still resets it). Handed
   * to the encoder, a chunk went out as four buffers (size line, body, CRLF, the terminating chunk)
   * through code only watches reach, which a member's first fan-outs ran cold while the JIT
   * compiled it: with 1,000 watchers on 3 members, a first fan-out took 71-94 ms that way and 46-63
   * ms this way (with the AOT training's fan-outs, see NodeTraining).
   */
  void chunk(byte[] body) {
    if (!finished) {
      writeBody(body);
      channel.flush();
    }
  }

  /**
   * Sends one last chunk and ends the stream, with a single flush: the framed chunk, then the end
   * of the stream through the encoder. Event loop only.
   */
  void lastChunk(byte[] body) {
    if (!finished) {
      writeBody(body);
      channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      finish();
    }
  }

  /** Writes a stream's body bytes, framed as the stream is (a chunk, or raw for HTTP/1.0). */
  private void writeBody(byte[] body) {
    if (body.length == 0) {
      return; // an empty chunk would end the stream
    }
    String size = chunked ? Integer.toHexString(body.length) : "";
    ByteBuf buf = channel.alloc().buffer(size.length() + body.length + 4);
    if (chunked) {
      ByteBufUtil.writeAscii(buf, size);
      buf.writeShort(CRLF);
    }
    buf.writeBytes(body);
    if (chunked) {
      buf.writeShort(CRLF);
    }
    codec.write(buf);
  }

  /** Ends a started stream and finishes the exchange. Event loop only. */
  void endStream() {
    if (!finished) {
      channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      finish();
    }
  }

  /** Runs {@code r} whenever the channel becomes writable again (a stream waiting to drain). */
  void onWritable(Runnable r) {
    onWritable = r;
  }

  /** Called by the connection when its outbound buffer has drained below the low-water mark. */
  void writable() {
    if (onWritable != null && !finished) {
      onWritable.run();
    }
  }

  boolean isFinished() {
    return finished;
  }

  /** The CORS headers go first, where Go's sorted header order puts them. */
  private void withCors(HttpResponse r) {
    if (!cors.isEmpty()) {
      HttpHeaders rest = r.headers().copy();
      r.headers().set(cors).add(rest);
    }
  }

  /** Go's server dates every response. */
  private void dated(HttpResponse r) {
    r.headers().set(HttpHeaderNames.DATE, dates.now());
  }

  void onLoop(Runnable r) {
    if (channel.eventLoop().inEventLoop()) {
      r.run();
    } else {
      channel.eventLoop().execute(r);
    }
  }

  private void finish() {
    finished = true;
    if (!keepAlive) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    onFinished.run();
  }
}
