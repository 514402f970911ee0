package cairn.http;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * etcd 2.3's {@code /v2/stats/self}, {@code /v2/stats/leader} and {@code /metrics}, answered from
 * the strings the {@link KeysBackend} keeps ready (the server builds them with {@code
 * cairn.stats}).
 *
 * <p>As etcd: the stats accept GET only (405 {@code Allow: GET}) and answer {@code
 * application/json} without a trailing newline; a member that is not the leader answers {@code
 * /v2/stats/leader} with 403 {@code {"message":"not current leader"}}. {@code /metrics} is
 * Prometheus' handler, which answers any method with {@code text/plain; version=0.0.4} (etcd 3.4's
 * newer client library adds {@code ; charset=utf-8}). A backend without member statistics ({@code
 * selfStatsJson} null) answers 404 on both stats paths, as if they were not registered.
 */
final class StatsEndpoints {

  private StatsEndpoints() {}

  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4";
  static final String NOT_LEADER = "{\"message\":\"not current leader\"}";

  /** The response for one of the three paths. */
  static FullHttpResponse handle(KeysBackend backend, String method, String path, boolean head) {
    if (path.equals("/metrics")) {
      String text = backend.metricsText();
      return text == null
          ? Responses.notFound(head)
          : Responses.full(200, METRICS_CONTENT_TYPE, text, head);
    }
    String self = backend.selfStatsJson();
    if (self == null) {
      return Responses.notFound(head);
    }
    if (!method.equals("GET")) {
      return Responses.methodNotAllowed("GET", head);
    }
    String json = path.equals("/v2/stats/self") ? self : backend.leaderStatsJson();
    return json == null
        ? Responses.full(403, Responses.JSON, NOT_LEADER, false)
        : Responses.full(200, Responses.JSON, json, false);
  }
}
