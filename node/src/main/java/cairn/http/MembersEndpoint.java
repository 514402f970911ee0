package cairn.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * etcd's members API: {@code /v2/members} (list, add), {@code /v2/members/leader}, {@code
 * /v2/members/<id>} (remove, update peer URLs) and the legacy {@code /v2/machines}. Answers carry
 * {@code X-Etcd-Cluster-Id} except the method check's 405; errors are {@code {"message":…}}.
 */
final class MembersEndpoint {

  static final String PREFIX = "/v2/members";

  private static final JsonFactory JSON = new JsonFactory();

  private final KeysBackend backend;

  MembersEndpoint(KeysBackend backend) {
    this.backend = backend;
  }

  /** Whether {@code path} is this endpoint's. */
  static boolean owns(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + "/") || path.equals("/v2/machines");
  }

  void handle(Exchange ex, String method, String path, String contentType, String body) {
    boolean head = method.equals("HEAD");
    if (path.equals("/v2/machines")) {
      if (!method.equals("GET") && !head) {
        ex.respond(Responses.methodNotAllowed("GET,HEAD", head));
        return;
      }
      List<String> urls = new ArrayList<>();
      backend.members().forEach(m -> urls.addAll(m.clientURLs()));
      urls.sort(null);
      ex.respond(Responses.full(200, Responses.TEXT, String.join(", ", urls), head));
      return;
    }
    if (!List.of("GET", "POST", "DELETE", "PUT").contains(method)) {
      ex.respond(Responses.methodNotAllowed("GET,POST,DELETE,PUT", head));
      return;
    }
    String sub = path.equals(PREFIX) ? "" : path.substring(PREFIX.length() + 1);
    switch (method) {
      case "GET" -> get(ex, sub);
      case "POST" -> add(ex, contentType, body);
      default -> change(ex, method, sub, contentType, body);
    }
  }

  private void get(Exchange ex, String sub) {
    if (sub.isEmpty()) {
      StringBuilder b = new StringBuilder("{\"members\":[");
      List<MemberInfo> members = backend.members();
      for (int i = 0; i < members.size(); i++) {
        b.append(i > 0 ? "," : "").append(members.get(i).toJson());
      }
      ex.respond(
          withCluster(Responses.full(200, Responses.JSON, b.append("]}").toString(), false)));
    } else if (sub.equals("leader")) {
      MemberInfo leader = backend.leader();
      ex.respond(
          leader == null
              ? message(503, "During election")
              : withCluster(Responses.full(200, Responses.JSON, leader.toJson(), false)));
    } else {
      ex.respond(message(404, "Not found"));
    }
  }

  private void add(Exchange ex, String contentType, String body) {
    List<String> urls = peerUrls(ex, contentType, body);
    if (urls == null) {
      return;
    }
    answer(
        ex,
        backend.addMember(urls),
        m -> withCluster(Responses.full(201, Responses.JSON, m.toJson(), false)));
  }

  private void change(Exchange ex, String method, String id, String contentType, String body) {
    if (id.isEmpty()) {
      ex.respond(Responses.methodNotAllowed("GET,POST,DELETE,PUT", false));
      return;
    }
    long memberId;
    try {
      memberId = Long.parseUnsignedLong(id, 16);
    } catch (NumberFormatException e) {
      ex.respond(message(404, "No such member: " + id));
      return;
    }
    if (method.equals("DELETE")) {
      answer(ex, backend.removeMember(memberId), x -> noContent());
      return;
    }
    List<String> urls = peerUrls(ex, contentType, body);
    if (urls != null) {
      answer(ex, backend.updateMember(memberId, urls), x -> noContent());
    }
  }

  private interface Answer<T> {
    FullHttpResponse of(T result);
  }

  private <T> void answer(Exchange ex, CompletableFuture<T> future, Answer<T> ok) {
    future.whenComplete(
        (result, err) -> {
          if (err == null) {
            ex.respond(ok.of(result));
            return;
          }
          Throwable cause =
              err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof MemberException me && me.status() != 500) {
            ex.respond(message(me.status(), me.getMessage()));
          } else {
            // etcd answers every error it does not map (timeouts, ID removed) this way.
            ex.respond(message(500, "Internal Server Error"));
          }
        });
  }

  /** The request's peer URLs, checked as etcd's {@code types.NewURLs}; null when refused. */
  private List<String> peerUrls(Exchange ex, String contentType, String body) {
    if (!"application/json".equals(contentType)) {
      ex.respond(
          message(
              415,
              "Bad Content-Type "
                  + (contentType == null ? "" : contentType)
                  + ", accept application/json"));
      return null;
    }
    List<String> urls;
    try {
      urls = parsePeerUrls(body);
    } catch (IllegalArgumentException e) {
      ex.respond(message(400, e.getMessage()));
      return null;
    }
    if (urls.isEmpty()) {
      ex.respond(message(400, "no valid URLs given"));
      return null;
    }
    for (String u : urls) {
      String problem = urlProblem(u);
      if (problem != null) {
        ex.respond(message(400, problem));
        return null;
      }
    }
    return urls;
  }

  /** {@code {"peerURLs":[…]}}; field names match case-insensitively, as Go's decoder does. */
  static List<String> parsePeerUrls(String body) {
    List<String> urls = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("unexpected end of JSON input");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(
            "json: cannot unmarshal "
                + goType(t)
                + " into Go value of type"
                + " httptypes.MemberCreateRequest");
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if (!name.equalsIgnoreCase("peerURLs")) {
          p.skipChildren();
          continue;
        }
        urls.clear();
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        if (t != JsonToken.START_ARRAY) {
          throw new IllegalArgumentException(
              "json: cannot unmarshal " + goType(t) + " into Go value of type []string");
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(
                "json: cannot unmarshal " + goType(t) + " into Go value of type string");
          }
          urls.add(p.getText());
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("invalid character after top-level value");
      }
    } catch (JsonEOFException e) {
      throw new IllegalArgumentException("unexpected end of JSON input");
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid character in JSON input");
    }
    return urls;
  }

  private static String goType(JsonToken t) {
    return switch (t) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "bool";
      default -> "object";
    };
  }

  /** etcd's {@code types.NewURLs} checks, with its messages; null when the URL is acceptable. */
  static String urlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "parse " + url + ": " + e.getReason();
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      return "URL scheme must be http or https: " + url;
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.lastIndexOf(':') < 0 || authority.endsWith("]")) {
      return "URL address does not have the form \"host:port\": " + url;
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      return "URL must not contain a path: " + url;
    }
    return null;
  }

  private FullHttpResponse withCluster(FullHttpResponse r) {
    r.headers().set("X-Etcd-Cluster-Id", backend.clusterId());
    return r;
  }

  private FullHttpResponse message(int status, String text) {
    StringBuilder b = new StringBuilder("{\"message\":");
    Json.string(b, text);
    return withCluster(Responses.full(status, Responses.JSON, b.append('}').toString(), false));
  }

  private FullHttpResponse noContent() {
    return withCluster(Responses.full(204, null, "", false));
  }
}
