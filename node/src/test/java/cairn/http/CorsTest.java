package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.http.RawHttp.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * etcd 2.3's {@code --cors} wrapper (checked against etcd 3.4's, which shares its code when {@code
 * --cors} is given): the three headers on every response to an allowed origin, {@code *} allowing
 * any request, OPTIONS answered 200 with no body before routing, nothing without {@code --cors}.
 */
class CorsTest {

  private static final String METHODS = "POST, GET, OPTIONS, PUT, DELETE";
  private static final String HEADERS = "accept, content-type, authorization";
  private static final String ALLOWED = "http://a.example:8080";

  private TestServer s;

  @AfterEach
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  private Response call(String method, String target, String origin) throws IOException {
    List<String> headers = origin == null ? List.of() : List.of("Origin: " + origin);
    return RawHttp.callWith(s.address, method, target, headers);
  }

  /** OPTIONS: always 200 with an empty body, before routing. */
  private Response preflight(String path, String origin) throws IOException {
    Response r = call("OPTIONS", path, origin);
    assertEquals(200, r.status(), path);
    assertEquals("", r.body(), path);
    assertEquals("0", r.header("Content-Length"), path);
    return r;
  }

  private static void assertCors(Response r, String allowOrigin) {
    assertEquals(METHODS, r.header("Access-Control-Allow-Methods"));
    assertEquals(allowOrigin, r.header("Access-Control-Allow-Origin"));
    assertEquals(HEADERS, r.header("Access-Control-Allow-Headers"));
  }

  private static void assertNoCors(Response r) {
    assertNull(r.header("Access-Control-Allow-Methods"));
    assertNull(r.header("Access-Control-Allow-Origin"));
    assertNull(r.header("Access-Control-Allow-Headers"));
  }

  @Test
  void anAllowedOriginGetsTheHeadersNamingIt() throws Exception {
    s = new TestServer(List.of(ALLOWED, "http://c.example:9"));
    s.call("PUT", "/v2/keys/k", "value=v");
    Response get = call("GET", "/v2/keys/k", ALLOWED);
    assertEquals(200, get.status());
    assertCors(get, ALLOWED);
    assertEquals(TestServer.CLUSTER_ID, get.header("X-Etcd-Cluster-Id"));
    Response notFound = call("GET", "/v2/keys/nope", ALLOWED);
    assertEquals(404, notFound.status());
    assertCors(notFound, ALLOWED);
    assertCors(call("GET", "/version", ALLOWED), ALLOWED);
    assertCors(call("GET", "/v2/members", ALLOWED), ALLOWED);
  }

  @Test
  void aStarAllowsEveryRequestEvenWithoutOrigin() throws Exception {
    s = new TestServer(List.of("*"));
    assertCors(call("GET", "/v2/keys/", "http://b.example:80"), "*");
    assertCors(call("GET", "/v2/keys/", null), "*");
    assertCors(preflight("/v2/keys/foo", null), "*");
  }

  @Test
  void anOriginNotListedGetsNoHeaders() throws Exception {
    s = new TestServer(List.of(ALLOWED));
    assertNoCors(call("GET", "/v2/keys/", "http://b.example:80"));
    assertNoCors(call("GET", "/v2/keys/", null));
    assertNoCors(call("GET", "/v2/keys/", "http://a.example"));
    assertNoCors(preflight("/v2/keys/foo", "http://b.example:80"));
  }

  @Test
  void aPreflightIsAnswered200WithTheHeadersAndNoBodyOnAnyPath() throws Exception {
    s = new TestServer(List.of(ALLOWED));
    for (String path : List.of("/v2/keys/foo", "/v2/members", "/anything")) {
      assertCors(preflight(path, ALLOWED), ALLOWED);
    }
  }

  @Test
  void withoutCorsNothingChanges() throws Exception {
    s = new TestServer();
    assertNoCors(call("GET", "/v2/keys/", ALLOWED));
    assertNoCors(preflight("/v2/keys/foo", ALLOWED));
  }

  @Test
  void theHeadersComeFirstInGosCaseAndOrderAsEtcdSendsThem() throws Exception {
    s = new TestServer(List.of(ALLOWED));
    try (RawHttp h = new RawHttp(s.address)) {
      h.sendRaw(
          ("OPTIONS /v2/keys/foo HTTP/1.1\r\nHost: x\r\nOrigin: "
                  + ALLOWED
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      String raw = h.readToEnd();
      // etcd 3.4.23 --cors http://a.example:8080, byte for byte up to its Date header.
      String etcd =
          "HTTP/1.1 200 OK\r\n"
              + "Access-Control-Allow-Headers: accept, content-type, authorization\r\n"
              + "Access-Control-Allow-Methods: POST, GET, OPTIONS, PUT, DELETE\r\n"
              + "Access-Control-Allow-Origin: http://a.example:8080\r\n";
      assertTrue(raw.startsWith(etcd), raw);
    }
  }

  @Test
  void aWatchStreamCarriesTheHeadersToo() throws Exception {
    s = new TestServer(List.of("*"));
    try (RawHttp h = new RawHttp(s.address)) {
      h.send("GET", "/v2/keys/w?wait=true&stream=true", null, List.of("Origin: " + ALLOWED));
      Response head = h.readHead();
      assertEquals(200, head.status());
      assertCors(head, "*");
    }
  }
}
