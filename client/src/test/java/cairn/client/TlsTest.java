package cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from PEM files: a private CA, a server that requires a client certificate. */
class TlsTest {

  private static final String NODE =
      "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"secure\",\"modifiedIndex\":7,"
          + "\"createdIndex\":7}}\n";

  @TempDir Path dir;

  private final MockWebServer server = new MockWebServer();
  private HeldCertificate ca;
  private HeldCertificate client;

  @BeforeEach
  void start() throws IOException {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test ca").build();
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("127.0.0.1").build();
    client = new HeldCertificate.Builder().signedBy(ca).commonName("etcdctl").rsa2048().build();
    HandshakeCertificates serverHandshake =
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCertificate)
            .addTrustedCertificate(ca.certificate())
            .build();
    server.useHttps(serverHandshake.sslSocketFactory());
    server.requireClientAuth();
    server.start(InetAddress.getLoopbackAddress(), 0);
    Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    Files.writeString(dir.resolve("client.pem"), client.certificatePem());
    Files.writeString(dir.resolve("client-pkcs8.key"), client.privateKeyPkcs8Pem());
    Files.writeString(dir.resolve("client-pkcs1.key"), client.privateKeyPkcs1Pem());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EtcdClient tlsClient(String keyFile) throws IOException {
    return EtcdClient.builder()
        .endpoints(List.of("https://127.0.0.1:" + server.getPort()))
        .requestTimeout(Duration.ofSeconds(5))
        .tls(dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve(keyFile))
        .build();
  }

  @Test
  void aClientCertificateWithAPkcs8KeyIsAccepted() throws Exception {
    server.enqueue(new MockResponse.Builder().body(NODE).build());
    assertEquals(
        "secure", tlsClient("client-pkcs8.key").get("/k", false, false, false).node().value());
  }

  @Test
  void aPkcs1RsaKeyWorksToo() throws Exception {
    server.enqueue(new MockResponse.Builder().body(NODE).build());
    assertEquals(
        "secure", tlsClient("client-pkcs1.key").get("/k", false, false, false).node().value());
  }

  @Test
  void withoutTheCaTheServerIsNotTrusted() throws Exception {
    server.enqueue(new MockResponse.Builder().body(NODE).build());
    EtcdClient untrusting =
        EtcdClient.builder()
            .endpoints(List.of("https://127.0.0.1:" + server.getPort()))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    ClusterUnavailableException error =
        assertThrows(
            ClusterUnavailableException.class, () -> untrusting.get("/k", false, false, false));
    assertEquals(
        List.of("error #0: x509: certificate signed by unknown authority"), error.details());
    // Not a connection error: etcdctl ends a failed sync with status 4, not 2.
    assertTrue(!error.connectionFailure());
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedWhenSet() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> EtcdClient.builder().tls(null, dir.resolve("client.pem"), null));
    assertTrue(refused.getMessage().contains("--key-file"), refused.getMessage());
  }
}
