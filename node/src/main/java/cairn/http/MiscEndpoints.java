package cairn.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The small client endpoints beside the key space: {@code /version}, {@code /health}, {@code
 * /v2/stats/store}; every other path (outside the keys and members endpoints) is Go's 404.
 */
final class MiscEndpoints {

  private final KeysBackend backend;
  private final String versionJson;

  /**
   * @param serverVersion {@code etcdserver} of {@code /version}
   * @param clusterVersion {@code etcdcluster} of {@code /version}
   */
  MiscEndpoints(KeysBackend backend, String serverVersion, String clusterVersion) {
    this.backend = backend;
    StringBuilder b = new StringBuilder("{\"etcdserver\":");
    Json.string(b, serverVersion);
    b.append(",\"etcdcluster\":");
    Json.string(b, clusterVersion);
    this.versionJson = b.append('}').toString();
  }

  /** The response, or null when {@code ex} will be answered later. */
  FullHttpResponse handle(Exchange ex, String method, String path, boolean head) {
    switch (path) {
      case "/version":
        if (!method.equals("GET")) {
          return Responses.methodNotAllowed("GET", head);
        }
        return Responses.full(200, Responses.JSON, versionJson, false);
      case "/v2/stats/store":
        if (!method.equals("GET")) {
          return Responses.methodNotAllowed("GET", head);
        }
        return Responses.full(200, Responses.JSON, backend.storeStats().toJson(), false);
      case "/v2/stats/self", "/v2/stats/leader", "/metrics":
        return StatsEndpoints.handle(backend, method, path, head);
      case "/health":
        if (!method.equals("GET")) {
          return Responses.methodNotAllowed("GET", head);
        }
        backend
            .health()
            .whenComplete(
                (ok, err) ->
                    ex.respond(
                        err == null && Boolean.TRUE.equals(ok)
                            ? Responses.full(200, Responses.TEXT, "{\"health\": \"true\"}", false)
                            : Responses.plainError(503, "{\"health\": \"false\"}", false)));
        return null;
      default:
        return Responses.notFound(head);
    }
  }
}
