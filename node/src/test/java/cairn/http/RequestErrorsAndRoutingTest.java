package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cairn.http.RawHttp.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request validation errors in etcd's order, Go's path cleaning with 301, 404 and 405, OPTIONS,
 * pipelining, and the small endpoints.
 */
class RequestErrorsAndRoutingTest {

  private TestServer s;

  @BeforeEach
  void start() throws InterruptedException {
    s = new TestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private void assertError(String method, String target, String form, int status, String body)
      throws IOException {
    Response r = s.call(method, target, form);
    assertEquals(body, r.body(), method + " " + target);
    assertEquals(status, r.status());
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("0", r.header("X-Etcd-Index"));
    assertEquals(TestServer.CLUSTER_ID, r.header("X-Etcd-Cluster-Id"));
  }

  private static String err(int code, String message, String cause) {
    return "{\"errorCode\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"cause\":\""
        + cause
        + "\",\"index\":0}\n";
  }

  @Test
  void validationErrorsFirstFailureWins() throws IOException {
    String nan = "The given index in POST form is not a number";
    assertError(
        "PUT",
        "/v2/keys/a?prevIndex=x&ttl=y",
        null,
        400,
        err(203, nan, "invalid value for \\\"prevIndex\\\""));
    assertError(
        "GET",
        "/v2/keys/a?waitIndex=-1",
        null,
        400,
        err(203, nan, "invalid value for \\\"waitIndex\\\""));
    assertError(
        "GET",
        "/v2/keys/a?recursive=yes&sorted=no",
        null,
        400,
        err(209, "Invalid field", "invalid value for \\\"recursive\\\""));
    assertError(
        "GET",
        "/v2/keys/a?stream=",
        null,
        400,
        err(209, "Invalid field", "invalid value for \\\"stream\\\""));
    assertError(
        "PUT",
        "/v2/keys/a?wait=true",
        "value=1",
        400,
        err(209, "Invalid field", "\\\"wait\\\" can only be used with GET requests"));
    assertError(
        "PUT",
        "/v2/keys/a?prevValue=",
        "value=1",
        400,
        err(201, "PrevValue is Required in POST form", "\\\"prevValue\\\" cannot be empty"));
    assertError(
        "PUT",
        "/v2/keys/a",
        "value=1&ttl=-1",
        400,
        err(202, "The given TTL in POST form is not a number", "invalid value for \\\"ttl\\\""));
    assertError(
        "PUT",
        "/v2/keys/a",
        "value=1&prevExist=maybe",
        400,
        err(209, "Invalid field", "invalid value for prevExist"));
    assertError(
        "PUT",
        "/v2/keys/a",
        "value=1&refresh=x",
        400,
        err(209, "Invalid field", "invalid value for refresh"));
    assertError(
        "PUT",
        "/v2/keys/a?value=1;2",
        null,
        400,
        err(210, "Invalid POST form", "invalid semicolon separator in query"));
    assertError(
        "PUT",
        "/v2/keys/a",
        "value=%zz",
        400,
        err(210, "Invalid POST form", "invalid URL escape \\\"%zz\\\""));
    assertEquals(0, s.store.index(), "no failed request wrote");
  }

  @Test
  void deleteIgnoresItsBody() throws IOException {
    s.call("PUT", "/v2/keys/a", "value=1");
    assertEquals(200, s.call("DELETE", "/v2/keys/a", "prevValue=nope").status());
  }

  @Test
  void uncleanPathsRedirectWithTheQueryKept() throws IOException {
    Response get = s.call("GET", "/v2/keys//a/./b/?x=1&y=2");
    assertEquals(301, get.status());
    assertEquals("/v2/keys/a/b/?x=1&y=2", get.header("Location"));
    assertEquals("text/html; charset=utf-8", get.header("Content-Type"));
    assertEquals("<a href=\"/v2/keys/a/b/?x=1&amp;y=2\">Moved Permanently</a>.\n\n", get.body());
    Response put = s.call("PUT", "/v2/keys/a/../../c", "value=1");
    assertEquals(301, put.status());
    assertEquals("/v2/c", put.header("Location"));
    assertEquals("", put.body());
    assertEquals(301, s.call("GET", "/v2/keys/a%2F%2Fb").status());
    assertEquals(0, s.store.index());
  }

  @Test
  void escapedSlashesAndSpacesAddressKeysAndTrailingSlashIsIgnored() throws IOException {
    assertEquals(201, s.call("PUT", "/v2/keys/sp%20ace/x%2Fy/", "value=1").status());
    assertEquals("1", s.store.get("/sp ace/x/y", false, false, TestServer.NOW).node().value());
  }

  @Test
  void methodNotAllowedAndNotFound() throws IOException {
    Response r = s.call("PATCH", "/v2/keys/a");
    assertEquals(405, r.status());
    assertEquals("HEAD,GET,PUT,POST,DELETE", r.header("Allow"));
    assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
    assertEquals("Method Not Allowed\n", r.body());
    assertNull(r.header("X-Etcd-Cluster-Id"));
    Response v = s.call("PUT", "/version");
    assertEquals(405, v.status());
    assertEquals("GET", v.header("Allow"));
    Response nf = s.call("GET", "/v2/keysx");
    assertEquals(404, nf.status());
    assertEquals("404 page not found\n", nf.body());
    assertEquals("text/plain; charset=utf-8", nf.header("Content-Type"));
  }

  @Test
  void optionsIsAnsweredEmptyOnAnyPath() throws IOException {
    Response r = s.call("OPTIONS", "/anything");
    assertEquals(200, r.status());
    assertEquals("", r.body());
  }

  @Test
  void versionHealthAndStoreStats() throws IOException {
    Response v = s.call("GET", "/version");
    assertEquals("{\"etcdserver\":\"2.3.8\",\"etcdcluster\":\"2.3.0\"}", v.body());
    assertEquals("application/json", v.header("Content-Type"));
    assertNull(v.header("X-Etcd-Cluster-Id"));
    Response h = s.call("GET", "/health");
    assertEquals(200, h.status());
    assertEquals("{\"health\": \"true\"}", h.body());
    s.call("PUT", "/v2/keys/a", "value=1");
    s.call("GET", "/v2/keys/nope");
    Response st = s.call("GET", "/v2/stats/store");
    assertEquals(200, st.status());
    assertEquals(s.store.stats().toJson(), st.body());
    assertEquals(
        true, st.body().startsWith("{\"getsSuccess\":0,\"getsFail\":1,\"setsSuccess\":1,"));
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    InetSocketAddress a = s.address;
    try (RawHttp h = new RawHttp(a)) {
      h.send("PUT", "/v2/keys/p", "value=1");
      h.send("GET", "/v2/keys/p", null);
      h.send("DELETE", "/v2/keys/p", null);
      assertEquals(201, h.read(false).status());
      assertEquals(200, h.read(false).status());
      Response del = h.read(false);
      assertEquals(200, del.status());
      assertEquals(true, del.body().startsWith("{\"action\":\"delete\""));
    }
  }

  @Test
  void internalFailuresAreError300() throws Exception {
    try (TestServer failing = new TestServer()) {
      KeysHttpServer server =
          new KeysHttpServer(
              KeysHttpServerConfig.of(java.util.List.of(java.net.URI.create("http://127.0.0.1:0"))),
              new FailingBackend(failing.backend),
              java.time.Clock.systemUTC());
      try {
        InetSocketAddress a = server.start().get(0);
        Response r = RawHttp.call(a, "PUT", "/v2/keys/a", "value=1");
        assertEquals(500, r.status());
        assertEquals(
            "{\"errorCode\":300,\"message\":\"Raft Internal Error\",\"cause\":\"etcdserver: request timed out\",\"index\":0}\n",
            r.body());
      } finally {
        server.close();
      }
    }
  }
}
