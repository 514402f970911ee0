package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.pem.PemFiles;
import cairn.util.MemberLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member serving {@code https} client URLs (etcd's {@code --cert-file}, {@code --key-file},
 * {@code --trusted-ca-file}, {@code --client-cert-auth}).
 */
@Timeout(60)
class ClientTlsTest {

  @TempDir Path dir;

  private final List<EtcdMember> started = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (EtcdMember m : started) {
      m.close();
    }
  }

  /** The pem module's fixtures (its generate.sh writes them); tests run in this module's dir. */
  static Path fixture(String name) {
    return Path.of("../pem/src/test/resources/tls", name).toAbsolutePath();
  }

  private EtcdMember start(List<String> listen, TlsFiles tls) throws Exception {
    EtcdMember m =
        EtcdMember.start(
            EtcdMemberTest.singleMember(dir, 10000),
            listen,
            List.of(),
            List.of(),
            tls,
            TlsFiles.Contexts.NONE,
            MemberLog.messagesTo(System.err::println));
    started.add(m);
    return m;
  }

  /** A client trusting the test CA, presenting {@code cert} and {@code key} unless null. */
  private static HttpClient client(String cert, String key)
      throws IOException, GeneralSecurityException {
    SSLContext context =
        sslContext(
            fixture("ca.pem"),
            cert == null ? null : fixture(cert),
            key == null ? null : fixture(key));
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** TLS trusting {@code ca}, presenting {@code cert} and {@code key} unless they are null. */
  static SSLContext sslContext(Path ca, Path cert, Path key)
      throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", PemFiles.certificates(ca).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    KeyManagerFactory kmf = null;
    if (cert != null) {
      char[] password = "test".toCharArray();
      KeyStore own = KeyStore.getInstance("PKCS12");
      own.load(null, null);
      own.setKeyEntry(
          "me",
          PemFiles.privateKey(key),
          password,
          PemFiles.certificates(cert).toArray(new X509Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(own, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  static HttpResponse<String> put(HttpClient c, String url, String value)
      throws IOException, InterruptedException {
    return c.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .PUT(HttpRequest.BodyPublishers.ofString("value=" + value))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(HttpClient c, String url)
      throws IOException, InterruptedException {
    return c.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String url(String scheme, InetSocketAddress a) {
    return scheme + "://127.0.0.1:" + a.getPort();
  }

  @Test
  void httpsListenersServeTheKeySpaceWithTheMembersCertificate() throws Exception {
    // The key in PKCS #1, as cfssl writes it.
    TlsFiles tls = new TlsFiles(fixture("server.pem"), fixture("server-key.pem"), null, false);
    EtcdMember m = start(List.of("https://127.0.0.1:0", "http://127.0.0.1:0"), tls);
    String https = url("https", m.clientAddresses().get(0));
    String http = url("http", m.clientAddresses().get(1));
    HttpClient c = client(null, null);

    assertEquals(201, put(c, https + "/v2/keys/tls", "secret").statusCode());
    HttpResponse<String> read = get(c, https + "/v2/keys/tls");
    assertEquals(200, read.statusCode());
    assertTrue(read.body().contains("\"value\":\"secret\""), read.body());
    // The plain listener beside it stays plain.
    assertTrue(get(HttpClient.newHttpClient(), http + "/v2/keys/tls").body().contains("secret"));
  }

  @Test
  void plainHttpOnAnHttpsListenerGetsNoAnswer() throws Exception {
    TlsFiles tls = new TlsFiles(fixture("server.pem"), fixture("server-key.pem"), null, false);
    EtcdMember m = start(List.of("https://127.0.0.1:0"), tls);
    try (Socket s = new Socket("127.0.0.1", m.clientAddresses().get(0).getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET /v2/keys/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] answer = in.readAllBytes(); // the server closes the connection
      assertTrue(
          !new String(answer, StandardCharsets.US_ASCII).contains("HTTP/1.1"),
          "no HTTP answer on a TLS port");
    }
  }

  @Test
  void clientCertAuthAdmitsOnlyCertificatesOfTheTrustedCa() throws Exception {
    TlsFiles tls =
        new TlsFiles(
            fixture("server.pem"), fixture("server-key-pkcs8.pem"), fixture("ca.pem"), true);
    EtcdMember m = start(List.of("https://127.0.0.1:0"), tls);
    String https = url("https", m.clientAddresses().get(0));

    // The client's key is SEC 1 EC with its parameters block, as openssl ecparam writes it.
    assertEquals(
        201, put(client("client.pem", "client-key.pem"), https + "/v2/keys/a", "1").statusCode());
    assertThrows(IOException.class, () -> get(client(null, null), https + "/v2/keys/a"));
    assertThrows(
        IOException.class,
        () -> get(client("stranger.pem", "stranger-key.pem"), https + "/v2/keys/a"));
  }

  @Test
  void aMissingCertificateFailsTheStartNamingTheFile() {
    Path missing = dir.resolve("nope.pem");
    TlsFiles tls = new TlsFiles(missing, fixture("server-key.pem"), null, false);
    IOException e =
        assertThrows(IOException.class, () -> start(List.of("https://127.0.0.1:0"), tls));
    assertEquals("open " + missing + ": no such file or directory", e.getMessage());
  }
}
