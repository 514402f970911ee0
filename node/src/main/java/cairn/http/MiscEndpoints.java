package cairn.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The small client endpoints beside the key space: {@code /version}, {@code /health}, {@code
 * /v2/stats/store}, and the read side of {@code /v2/members} ({@code /v2/members/leader}, {@code
 * /v2/machines}); every other path is Go's 404. Member changes answer 500 until the peer transport
 * exists.
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
      case "/v2/members":
        if (method.equals("GET")) {
          StringBuilder b = new StringBuilder("{\"members\":[");
          java.util.List<MemberInfo> members = backend.members();
          for (int i = 0; i < members.size(); i++) {
            b.append(i > 0 ? "," : "").append(members.get(i).toJson());
          }
          return Responses.full(200, Responses.JSON, b.append("]}").toString(), false);
        }
        if (method.equals("POST")) {
          // Membership changes need the peer transport, which is not built yet.
          return Responses.full(
              500,
              Responses.JSON,
              "{\"message\":\"member changes are not supported by Cairn yet\"}",
              false);
        }
        return Responses.methodNotAllowed("GET,POST,DELETE,PUT", head);
      case "/v2/members/leader":
        if (!method.equals("GET")) {
          return Responses.methodNotAllowed("GET", head);
        }
        MemberInfo leader = backend.leader();
        return leader == null
            ? Responses.full(503, Responses.JSON, "{\"message\":\"no leader\"}", false)
            : Responses.full(200, Responses.JSON, leader.toJson(), false);
      case "/v2/machines":
        if (!method.equals("GET") && !head) {
          return Responses.methodNotAllowed("GET,HEAD", head);
        }
        java.util.List<String> urls = new java.util.ArrayList<>();
        backend.members().forEach(m -> urls.addAll(m.clientURLs()));
        return Responses.full(200, Responses.TEXT, String.join(", ", urls), head);
      default:
        return Responses.notFound(head);
    }
  }
}
