package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cairn.http.RawHttp.Response;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v2/keys} per operation over a real socket: exact status, headers and body. */
class KeysHttpServerTest {

  private TestServer s;

  @BeforeEach
  void start() throws InterruptedException {
    s = new TestServer();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private static void assertResponse(Response r, int status, String body) {
    assertEquals(body, r.body(), "body");
    assertEquals(status, r.status(), "status");
  }

  @Test
  void setNewKeyIs201WithAllHeaders() throws IOException {
    Response r = s.call("PUT", "/v2/keys/a", "value=1");
    assertResponse(
        r,
        201,
        "{\"action\":\"set\",\"node\":{\"key\":\"/a\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("1", r.header("X-Etcd-Index"));
    assertEquals("1", r.header("X-Raft-Index"));
    assertEquals("1", r.header("X-Raft-Term"));
    assertEquals(TestServer.CLUSTER_ID, r.header("X-Etcd-Cluster-Id"));
  }

  @Test
  void setExistingKeyIs200WithPrevNodeAndNewCreatedIndex() throws IOException {
    s.call("PUT", "/v2/keys/a", "value=1");
    assertResponse(
        s.call("PUT", "/v2/keys/a", "value=2"),
        200,
        "{\"action\":\"set\",\"node\":{\"key\":\"/a\",\"value\":\"2\",\"modifiedIndex\":2,\"createdIndex\":2},"
            + "\"prevNode\":{\"key\":\"/a\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n");
  }

  @Test
  void bodyValueWinsOverQueryValue() throws IOException {
    s.call("PUT", "/v2/keys/k?value=q", "value=b");
    s.call("PUT", "/v2/keys/j?value=q");
    assertEquals("b", s.store.get("/k", false, false, TestServer.NOW).node().value());
    assertEquals("q", s.store.get("/j", false, false, TestServer.NOW).node().value());
  }

  @Test
  void valuesAreEscapedAsGoDoes() throws IOException {
    Response r = s.call("PUT", "/v2/keys/e", "value=a%26b%3Cc%3E%22%5C%08%0A%E2%80%A8%C3%A9");
    assertResponse(
        r,
        201,
        "{\"action\":\"set\",\"node\":{\"key\":\"/e\",\"value\":\"a\\u0026b\\u003cc\\u003e\\\"\\\\\\u0008\\n\\u2028é\","
            + "\"modifiedIndex\":1,\"createdIndex\":1}}\n");
  }

  @Test
  void ttlShowsExpirationAndSecondsLeft() throws IOException {
    assertResponse(
        s.call("PUT", "/v2/keys/t", "value=v&ttl=5"),
        201,
        "{\"action\":\"set\",\"node\":{\"key\":\"/t\",\"value\":\"v\",\"expiration\":\"2026-01-02T03:04:10.5Z\","
            + "\"ttl\":5,\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    // An empty ttl means none: the update makes the key permanent.
    assertResponse(
        s.call("PUT", "/v2/keys/t", "ttl=&prevExist=true&value=w"),
        200,
        "{\"action\":\"update\",\"node\":{\"key\":\"/t\",\"value\":\"w\",\"modifiedIndex\":2,\"createdIndex\":1},"
            + "\"prevNode\":{\"key\":\"/t\",\"value\":\"v\",\"expiration\":\"2026-01-02T03:04:10.5Z\",\"ttl\":5,"
            + "\"modifiedIndex\":1,\"createdIndex\":1}}\n");
  }

  @Test
  void createUpdateCompareAndSwap() throws IOException {
    assertResponse(
        s.call("PUT", "/v2/keys/c?prevExist=false", "value=1"),
        201,
        "{\"action\":\"create\",\"node\":{\"key\":\"/c\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    Response exists = s.call("PUT", "/v2/keys/c?prevExist=false", "value=1");
    assertResponse(
        exists,
        412,
        "{\"errorCode\":105,\"message\":\"Key already exists\",\"cause\":\"/c\",\"index\":1}\n");
    assertEquals("1", exists.header("X-Etcd-Index"));
    assertNull(exists.header("X-Raft-Index"));
    assertEquals(TestServer.CLUSTER_ID, exists.header("X-Etcd-Cluster-Id"));
    assertResponse(
        s.call("PUT", "/v2/keys/c?prevValue=1", "value=2"),
        200,
        "{\"action\":\"compareAndSwap\",\"node\":{\"key\":\"/c\",\"value\":\"2\",\"modifiedIndex\":2,\"createdIndex\":1},"
            + "\"prevNode\":{\"key\":\"/c\",\"value\":\"1\",\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    assertResponse(
        s.call("PUT", "/v2/keys/c?prevValue=x&prevIndex=7", "value=3"),
        412,
        "{\"errorCode\":101,\"message\":\"Compare failed\",\"cause\":\"[x != 2] [7 != 2]\",\"index\":2}\n");
    assertResponse(
        s.call("PUT", "/v2/keys/missing?prevExist=true", "value=3"),
        404,
        "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/missing\",\"index\":2}\n");
  }

  @Test
  void directoriesListSortedAndRootHasNoKey() throws IOException {
    s.call("PUT", "/v2/keys/d?dir=true");
    s.call("PUT", "/v2/keys/d/b", "value=2");
    s.call("PUT", "/v2/keys/d/a", "value=1");
    s.call("PUT", "/v2/keys/d/_hidden", "value=h");
    assertResponse(
        s.call("GET", "/v2/keys/d?sorted=true"),
        200,
        "{\"action\":\"get\",\"node\":{\"key\":\"/d\",\"dir\":true,\"nodes\":["
            + "{\"key\":\"/d/a\",\"value\":\"1\",\"modifiedIndex\":3,\"createdIndex\":3},"
            + "{\"key\":\"/d/b\",\"value\":\"2\",\"modifiedIndex\":2,\"createdIndex\":2}],"
            + "\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    Response root = s.call("GET", "/v2/keys");
    assertResponse(
        root,
        200,
        "{\"action\":\"get\",\"node\":{\"dir\":true,\"nodes\":["
            + "{\"key\":\"/d\",\"dir\":true,\"modifiedIndex\":1,\"createdIndex\":1}]}}\n");
    assertEquals("4", root.header("X-Etcd-Index"));
    assertResponse(
        s.call("GET", "/v2/keys/?recursive=true"),
        200,
        "{\"action\":\"get\",\"node\":{\"dir\":true,\"nodes\":[{\"key\":\"/d\",\"dir\":true,\"nodes\":["
            + "{\"key\":\"/d/a\",\"value\":\"1\",\"modifiedIndex\":3,\"createdIndex\":3},"
            + "{\"key\":\"/d/b\",\"value\":\"2\",\"modifiedIndex\":2,\"createdIndex\":2}],"
            + "\"modifiedIndex\":1,\"createdIndex\":1}]}}\n");
    assertResponse(
        s.call("PUT", "/v2/keys/d", "value=x"),
        403,
        "{\"errorCode\":102,\"message\":\"Not a file\",\"cause\":\"/d\",\"index\":4}\n");
    assertResponse(
        s.call("GET", "/v2/keys/d/a/x"),
        400,
        "{\"errorCode\":104,\"message\":\"Not a directory\",\"cause\":\"/d/a\",\"index\":4}\n");
  }

  @Test
  void postCreatesInOrderKeys() throws IOException {
    assertResponse(
        s.call("POST", "/v2/keys/q", "value=job&ttl=10"),
        201,
        "{\"action\":\"create\",\"node\":{\"key\":\"/q/00000000000000000001\",\"value\":\"job\","
            + "\"expiration\":\"2026-01-02T03:04:15.5Z\",\"ttl\":10,\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    assertResponse(
        s.call("POST", "/v2/keys/q/00000000000000000001", "value=x"),
        400,
        "{\"errorCode\":104,\"message\":\"Not a directory\",\"cause\":\"/q/00000000000000000001\",\"index\":1}\n");
  }

  @Test
  void deleteVariants() throws IOException {
    s.call("PUT", "/v2/keys/k", "value=v");
    s.call("PUT", "/v2/keys/dir/x", "value=x");
    assertResponse(
        s.call("DELETE", "/v2/keys/dir"),
        403,
        "{\"errorCode\":102,\"message\":\"Not a file\",\"cause\":\"/dir\",\"index\":2}\n");
    assertResponse(
        s.call("DELETE", "/v2/keys/dir?dir=true"),
        403,
        "{\"errorCode\":108,\"message\":\"Directory not empty\",\"cause\":\"/dir\",\"index\":2}\n");
    assertResponse(
        s.call("DELETE", "/v2/keys/dir?recursive=true"),
        200,
        "{\"action\":\"delete\",\"node\":{\"key\":\"/dir\",\"dir\":true,\"modifiedIndex\":3,\"createdIndex\":2},"
            + "\"prevNode\":{\"key\":\"/dir\",\"dir\":true,\"modifiedIndex\":2,\"createdIndex\":2}}\n");
    assertResponse(
        s.call("DELETE", "/v2/keys/k?prevValue=w"),
        412,
        "{\"errorCode\":101,\"message\":\"Compare failed\",\"cause\":\"[w != v]\",\"index\":3}\n");
    Response cad = s.call("DELETE", "/v2/keys/k?prevIndex=1", "prevIndex=9");
    assertResponse(
        cad,
        200,
        "{\"action\":\"compareAndDelete\",\"node\":{\"key\":\"/k\",\"modifiedIndex\":4,\"createdIndex\":1},"
            + "\"prevNode\":{\"key\":\"/k\",\"value\":\"v\",\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    assertEquals("4", cad.header("X-Etcd-Index"));
    assertResponse(
        s.call("DELETE", "/v2/keys/"),
        400,
        "{\"errorCode\":107,\"message\":\"Root is read only\",\"cause\":\"/\",\"index\":4}\n");
  }

  @Test
  void refresh() throws IOException {
    s.call("PUT", "/v2/keys/r", "value=v&ttl=5");
    assertResponse(
        s.call("PUT", "/v2/keys/r", "refresh=true&ttl=9&prevExist=true"),
        200,
        "{\"action\":\"update\",\"node\":{\"key\":\"/r\",\"value\":\"v\",\"expiration\":\"2026-01-02T03:04:14.5Z\","
            + "\"ttl\":9,\"modifiedIndex\":2,\"createdIndex\":1},\"prevNode\":{\"key\":\"/r\",\"value\":\"v\","
            + "\"expiration\":\"2026-01-02T03:04:10.5Z\",\"ttl\":5,\"modifiedIndex\":1,\"createdIndex\":1}}\n");
    assertResponse(
        s.call("PUT", "/v2/keys/r", "refresh=true&value=x&ttl=1"),
        400,
        "{\"errorCode\":211,\"message\":\"Value provided on refresh\",\"cause\":\"A value was provided on a refresh\",\"index\":0}\n");
    assertResponse(
        s.call("PUT", "/v2/keys/r", "refresh=true"),
        400,
        "{\"errorCode\":212,\"message\":\"A TTL must be provided on refresh\",\"cause\":\"No TTL value set\",\"index\":0}\n");
  }

  @Test
  void headHasHeadersAndLengthButNoBody() throws IOException {
    s.call("PUT", "/v2/keys/h", "value=v");
    Response r = s.call("HEAD", "/v2/keys/h");
    assertEquals(200, r.status());
    assertEquals("1", r.header("X-Etcd-Index"));
    assertEquals(
        String.valueOf(
            "{\"action\":\"get\",\"node\":{\"key\":\"/h\",\"value\":\"v\",\"modifiedIndex\":1,\"createdIndex\":1}}\n"
                .length()),
        r.header("Content-Length"));
    Response missing = s.call("HEAD", "/v2/keys/nope");
    assertEquals(404, missing.status());
    assertEquals("application/json", missing.header("Content-Type"));
  }

  @Test
  void quorumGetIsAnsweredThroughTheBackend() throws IOException {
    s.call("PUT", "/v2/keys/k", "value=v");
    assertResponse(
        s.call("GET", "/v2/keys/k?quorum=true&consistent=true"),
        200,
        "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"modifiedIndex\":1,\"createdIndex\":1}}\n");
  }
}
