package cairn.http;

import cairn.store.ErrorCode;
import cairn.store.Event;
import cairn.store.Paths;
import cairn.store.StoreException;
import cairn.store.Watcher;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * etcd 2.3's {@code keysHandler}: method check, request parsing, dispatch to the backend, and the
 * event, error and watch responses with their headers.
 */
final class KeysEndpoint {

  static final String PREFIX = "/v2/keys";
  private static final String ALLOW = "HEAD,GET,PUT,POST,DELETE";
  private static final Set<String> METHODS = Set.of("HEAD", "GET", "PUT", "POST", "DELETE");

  private final KeysBackend backend;
  private final Clock clock;
  private final WatchEventCache watchBodies;
  private final WatchWakeups watchWakeups = new WatchWakeups();

  KeysEndpoint(KeysBackend backend, Clock clock) {
    this.backend = backend;
    this.clock = clock;
    this.watchBodies = new WatchEventCache(backend::watchEvent);
  }

  /**
   * Answers one key-space request.
   *
   * @param path the decoded, clean request path ({@code /v2/keys...})
   * @param form the merged parameters, or {@code null} when they could not be parsed
   * @param formError Go's parse error message when {@code form} is null
   */
  void handle(
      Exchange ex, String method, String path, Map<String, List<String>> form, String formError) {
    boolean head = method.equals("HEAD");
    if (!METHODS.contains(method)) {
      ex.respond(Responses.methodNotAllowed(ALLOW, head));
      return;
    }
    KeysRequest req;
    try {
      if (form == null) {
        throw new StoreException(ErrorCode.INVALID_FORM, formError, 0);
      }
      String key = Paths.clean("/" + path.substring(PREFIX.length()));
      req = KeysRequest.parse(method, key, form);
    } catch (StoreException e) {
      ex.respond(error(e, head));
      return;
    }
    try {
      if (method.equals("GET") || head) {
        if (req.waitForChange()) {
          Watcher w = backend.watch(req.key(), req.recursive(), req.stream(), req.waitIndex());
          WatchResponder.start(ex, w, watchBodies, watchWakeups, this::successHeaders);
        } else if (req.quorum() && !head) {
          answer(ex, backend.quorumGet(req.key(), req.recursive(), req.sorted()), false);
        } else {
          ex.respond(event(backend.get(req.key(), req.recursive(), req.sorted()), false, head));
        }
      } else {
        answer(ex, backend.write(req.toWrite(clock.instant())), true);
      }
    } catch (RuntimeException e) {
      ex.respond(error(e, head));
    }
  }

  private void answer(Exchange ex, CompletableFuture<Event> result, boolean write) {
    result.whenComplete(
        (ev, err) -> ex.respond(err == null ? event(ev, write, false) : error(err, false)));
  }

  private FullHttpResponse event(Event ev, boolean write, boolean head) {
    int status = write && ev.isCreated() ? 201 : 200;
    FullHttpResponse r = Responses.full(status, Responses.JSON, Json.event(ev), head);
    successHeaders(r.headers(), ev.index());
    return r;
  }

  /** etcd's {@code writeKeyEvent} headers (also a watch's, with the registration index). */
  private void successHeaders(HttpHeaders h, long etcdIndex) {
    h.set("Content-Type", Responses.JSON);
    h.set("X-Etcd-Cluster-Id", backend.clusterId());
    h.set("X-Etcd-Index", Long.toUnsignedString(etcdIndex));
    h.set("X-Raft-Index", Long.toUnsignedString(backend.raftIndex()));
    h.set("X-Raft-Term", Long.toUnsignedString(backend.raftTerm()));
  }

  /**
   * etcd's {@code writeKeyError}: a store error as is; anything else as 300 Raft Internal Error
   * with the failure's message as cause and index 0.
   */
  private FullHttpResponse error(Throwable t, boolean head) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    ErrorCode code;
    String cause;
    long index;
    if (e instanceof StoreException se) {
      code = se.errorCode();
      cause = se.errorCause();
      index = se.index();
    } else {
      code = ErrorCode.RAFT_INTERNAL;
      cause = e.getMessage() == null ? e.toString() : e.getMessage();
      index = 0;
    }
    FullHttpResponse r =
        Responses.full(code.httpStatus(), Responses.JSON, Json.error(code, cause, index), head);
    r.headers().set("X-Etcd-Cluster-Id", backend.clusterId());
    r.headers().set("X-Etcd-Index", Long.toUnsignedString(index));
    return r;
  }
}
