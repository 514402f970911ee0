package cairn.http;

import cairn.http.GoUrl.BadEscapeException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection: routes each request as etcd 2.3's client mux does and answers pipelined
 * requests strictly in order (the next one is taken only when the previous answer is finished,
 * which for a write or a watch may be much later). Everything here runs on the channel's event loop
 * and never blocks.
 */
final class ClientHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** Pipelined requests are few in practice; more than this closes the connection. */
  private static final int MAX_QUEUED_REQUESTS = 64;

  private final KeysEndpoint keys;
  private final MiscEndpoints misc;
  private final MembersEndpoint members;
  private final Cors cors;
  private final HttpDate dates;
  private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>();
  private boolean busy;
  private Exchange current;
  private ChannelHandlerContext codec; // the connection's HTTP codec, found when added

  ClientHandler(
      KeysEndpoint keys, MiscEndpoints misc, MembersEndpoint members, Cors cors, HttpDate dates) {
    super(false);
    this.keys = keys;
    this.misc = misc;
    this.members = members;
    this.cors = cors;
    this.dates = dates;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    codec = ctx.pipeline().context(HttpServerCodec.class);
    if (codec == null) {
      throw new IllegalStateException("a client connection without an HttpServerCodec");
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (queue.size() >= MAX_QUEUED_REQUESTS) {
      req.release();
      ctx.close();
      return;
    }
    queue.add(req);
    pump(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (FullHttpRequest r = queue.poll(); r != null; r = queue.poll()) {
      r.release();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable() && current != null) {
      current.writable();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A broken connection or a request Netty could not decode: nothing sensible can follow on it.
    ctx.close();
  }

  private void pump(ChannelHandlerContext ctx) {
    while (!busy && !queue.isEmpty()) {
      FullHttpRequest req = queue.poll();
      busy = true;
      Exchange ex =
          current =
              new Exchange(
                  codec,
                  HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess(),
                  req.protocolVersion().equals(HttpVersion.HTTP_1_1),
                  cors.headersFor(req.headers().get(HttpHeaderNames.ORIGIN)),
                  dates,
                  () -> {
                    busy = false;
                    pump(ctx);
                  });
      try {
        route(ex, req);
      } finally {
        req.release();
      }
    }
  }

  private void route(Exchange ex, FullHttpRequest req) {
    String method = req.method().name();
    boolean head = method.equals("HEAD");
    if (req.decoderResult().isFailure()) {
      ex.respondAndClose(Responses.full(400, Responses.TEXT, "400 Bad Request", false));
      return;
    }
    if (method.equals("OPTIONS")) {
      // etcd's CORS wrapper answers OPTIONS on any path before routing (no --cors: no headers).
      ex.respond(Responses.full(200, null, "", false));
      return;
    }
    String uri = req.uri();
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    String rawQuery = q < 0 ? null : uri.substring(q + 1);
    String path;
    try {
      path = GoUrl.unescape(rawPath, false);
    } catch (BadEscapeException e) {
      ex.respondAndClose(Responses.full(400, Responses.TEXT, "400 Bad Request", false));
      return;
    }
    String clean = GoUrl.cleanMuxPath(path);
    if (!clean.equals(path)) {
      String location = GoUrl.escapePath(clean) + (rawQuery == null ? "" : "?" + rawQuery);
      ex.respond(Responses.movedPermanently(location, method));
      return;
    }
    if (path.equals(KeysEndpoint.PREFIX) || path.startsWith(KeysEndpoint.PREFIX + "/")) {
      Map<String, List<String>> form = new LinkedHashMap<>();
      String formError = parseForm(req, method, rawQuery, form);
      keys.handle(ex, method, path, formError == null ? form : null, formError);
      return;
    }
    if (MembersEndpoint.owns(path)) {
      members.handle(
          ex,
          method,
          path,
          req.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE),
          req.content().toString(StandardCharsets.UTF_8));
      return;
    }
    FullHttpResponse r = misc.handle(ex, method, path, head);
    if (r != null) {
      ex.respond(r);
    }
  }

  /**
   * Go's {@code Request.ParseForm}: for PUT and POST with a urlencoded body, the body's values come
   * first, then the query's (so the body wins for {@code FormValue}); other methods read the query
   * only. Returns the first parse error (the body's before the query's), or null.
   */
  private static String parseForm(
      FullHttpRequest req, String method, String rawQuery, Map<String, List<String>> form) {
    String error = null;
    if (method.equals("PUT") || method.equals("POST")) {
      String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
      int semi = ct.indexOf(';');
      String mediaType = (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
      if (mediaType.equals("application/x-www-form-urlencoded")) {
        try {
          GoUrl.parseQuery(req.content().toString(StandardCharsets.UTF_8), form);
        } catch (BadEscapeException e) {
          error = e.getMessage();
        }
      }
    }
    if (rawQuery != null) {
      try {
        GoUrl.parseQuery(rawQuery, form);
      } catch (BadEscapeException e) {
        error = error == null ? e.getMessage() : error;
      }
    }
    return error;
  }
}
