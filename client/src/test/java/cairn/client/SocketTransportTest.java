package cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Every {@link EtcdClientTest} case on the socket transport, and what that transport does itself:
 * framing (chunked, to the end of the connection), redirects, and answers that are not HTTP or stop
 * half-way, which must end in a clear error within the timeout, never a hang.
 */
class SocketTransportTest extends EtcdClientTest {

  @Override
  EtcdClientBuilder.Transport transport() {
    return EtcdClientBuilder.Transport.SOCKET;
  }

  @Test
  void aChunkedAnswerIsReassembled() throws Exception {
    first.enqueue(
        new MockResponse.Builder().setHeader("X-Etcd-Index", "7").chunkedBody(NODE, 5).build());
    assertEquals("v", client(url(first)).get("/k", false, false, false).node().value());
  }

  @Test
  void aPutSendsItsFormWithItsLengthAndADeleteAnEmptyBody() throws Exception {
    first.enqueue(json(200, NODE.replace("get", "set")));
    first.enqueue(json(200, NODE.replace("get", "delete")));
    EtcdClient client = client(url(first));
    client.set("/k", "é v", null);
    client.delete("/k", new DeleteOptions(false, false, null, 0));
    RecordedRequest put = first.takeRequest();
    assertEquals("value=%C3%A9+v", put.getBody().utf8());
    assertEquals("14", put.getHeaders().get("Content-Length"));
    RecordedRequest delete = first.takeRequest();
    assertEquals("DELETE", delete.getMethod());
    assertEquals("0", delete.getHeaders().get("Content-Length"));
  }

  @Test
  void aRedirectIsFollowedAsOkhttpDoes() throws Exception {
    first.enqueue(
        new MockResponse.Builder()
            .code(301)
            .setHeader("Location", url(second) + "/v2/keys/k?quorum=false")
            .build());
    second.enqueue(json(200, NODE));
    assertEquals("v", client(url(first)).get("/k", false, false, false).node().value());
    assertEquals("/v2/keys/k?quorum=false", second.takeRequest().getTarget());
  }

  @Test
  void anAnswerThatIsNotHttpIsAClearError() throws Exception {
    String error = failureAgainst("SSH-2.0-OpenSSH_9.6\r\n\r\n", false);
    assertTrue(
        error.contains("malformed HTTP answer from 127.0.0.1:")
            && error.contains("unexpected status line: \"SSH-2.0-OpenSSH_9.6\""),
        error);
  }

  @Test
  void anAnswerCutShortIsAClearError() throws Exception {
    String error =
        failureAgainst("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"action\":", false);
    assertTrue(error.contains("unexpected end of stream from 127.0.0.1:"), error);
    error = failureAgainst("HTTP/1.1 200 OK\r\nContent-Le", false);
    assertTrue(error.contains("unexpected end of stream from 127.0.0.1:"), error);
  }

  @Test
  void aBadChunkOrLengthIsAClearError() throws Exception {
    String error =
        failureAgainst("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false);
    assertTrue(error.contains("bad chunk size: \"zz\""), error);
    error = failureAgainst("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n", false);
    assertTrue(error.contains("bad Content-Length: \"-4\""), error);
  }

  @Test
  void aBodyThatStopsHalfWayTimesOutWithinTheRequestTimeout() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          long start = System.nanoTime();
          String error =
              failureAgainst("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"action\":", true);
          assertTrue(error.contains("exceeded header timeout"), error);
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(millis >= 400 && millis < 5000, millis + " ms");
        });
  }

  @Test
  void aServerThatAcceptsButNeverAnswersTimesOut() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          String error = failureAgainst("", true);
          assertTrue(error.contains("exceeded header timeout"), error);
        });
  }

  @Test
  void theTotalTimeoutBoundsAWatch() throws Exception {
    first.enqueue(json(200, NODE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    EtcdClient client =
        EtcdClient.builder()
            .transport(transport())
            .endpoints(List.of(url(first)))
            .totalTimeout(Duration.ofMillis(300))
            .build();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          ClusterUnavailableException error =
              assertThrows(
                  ClusterUnavailableException.class, () -> client.watchOnce("/k", 0, false));
          assertTrue(
              error.details().get(0).contains("exceeded header timeout"),
              error.details().toString());
        });
  }

  @Test
  void aUrlThatWouldSplitTheRequestIsRefusedNotSent() {
    IOException url =
        assertThrows(
            IOException.class, () -> SocketTransport.Target.parse("http://h:1/a b\r\nX: y"));
    assertTrue(url.getMessage().startsWith("invalid character in URL"), url.getMessage());
  }

  /**
   * Runs a GET against a one-connection server that reads the request and writes {@code answer};
   * {@code hold} keeps the connection open afterwards. Returns the error the client reports.
   */
  private String failureAgainst(String answer, boolean hold) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread thread =
          new Thread(
              () -> {
                try (Socket socket = server.accept()) {
                  readHead(socket.getInputStream());
                  OutputStream out = socket.getOutputStream();
                  out.write(answer.getBytes(StandardCharsets.UTF_8));
                  out.flush();
                  if (hold) {
                    Thread.sleep(5_000);
                  }
                } catch (IOException | InterruptedException e) {
                  // the test has its answer
                }
              });
      thread.setDaemon(true);
      thread.start();
      IOException error =
          assertThrows(
              IOException.class,
              () ->
                  client("http://127.0.0.1:" + server.getLocalPort())
                      .get("/k", false, false, false));
      thread.interrupt();
      if (error instanceof ClusterUnavailableException cluster) {
        return cluster.details().toString();
      }
      return error.getMessage();
    }
  }

  private static void readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        return;
      }
      head.write(b);
    }
  }
}
