package cairn.pem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key and certificate files etcd users have, as the fixtures' generate.sh wrote them. */
class PemFilesTest {

  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(PemFilesTest.class.getResource("/tls/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aKeyReadsTheSameInPkcs1AsInPkcs8() throws IOException {
    PrivateKey pkcs1 = PemFiles.privateKey(fixture("server-key.pem"));
    PrivateKey pkcs8 = PemFiles.privateKey(fixture("server-key-pkcs8.pem"));
    assertEquals("RSA", pkcs1.getAlgorithm());
    assertArrayEquals(pkcs8.getEncoded(), pkcs1.getEncoded());
  }

  @Test
  void everyEncodingGivesTheKeyOfItsCertificate() throws Exception {
    assertSignsFor("server-key.pem", "server.pem", "SHA256withRSA");
    assertSignsFor("server-key-pkcs8.pem", "server.pem", "SHA256withRSA");
    // SEC 1, after the EC PARAMETERS block openssl ecparam writes first.
    assertSignsFor("client-key.pem", "client.pem", "SHA256withECDSA");
    assertSignsFor("stranger-key.pem", "stranger.pem", "SHA256withECDSA");
  }

  private static void assertSignsFor(String keyFile, String certFile, String algorithm)
      throws IOException, GeneralSecurityException {
    PrivateKey key = PemFiles.privateKey(fixture(keyFile));
    PublicKey pub = PemFiles.certificates(fixture(certFile)).get(0).getPublicKey();
    byte[] data = "cairn".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(pub);
    verifier.update(data);
    assertTrue(verifier.verify(signature), keyFile + " is the key of " + certFile);
  }

  @Test
  void aChainReadsLeafFirst() throws IOException {
    Path chain = dir.resolve("chain.pem");
    Files.writeString(
        chain,
        Files.readString(fixture("server.pem")) + Files.readString(fixture("ca.pem")),
        StandardCharsets.US_ASCII);
    List<X509Certificate> certs = PemFiles.certificates(chain);
    assertEquals(2, certs.size());
    assertEquals("CN=127.0.0.1", certs.get(0).getSubjectX500Principal().getName());
    assertEquals("CN=cairn test CA", certs.get(1).getSubjectX500Principal().getName());
  }

  @Test
  void whatCannotBeReadIsNamedWithItsFile() throws IOException {
    Path missing = dir.resolve("missing.pem");
    assertEquals(
        "open " + missing + ": no such file or directory",
        assertThrows(IOException.class, () -> PemFiles.certificates(missing)).getMessage());
    Path cert = fixture("server.pem");
    assertEquals(
        cert + ": failed to find any PEM data in key input",
        assertThrows(IOException.class, () -> PemFiles.privateKey(cert)).getMessage());
    Path key = fixture("server-key.pem");
    assertEquals(
        key + ": failed to find any PEM data in certificate input",
        assertThrows(IOException.class, () -> PemFiles.certificates(key)).getMessage());
    Path encrypted = dir.resolve("encrypted.pem");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertEquals(
        encrypted + ": encrypted private keys are not supported",
        assertThrows(IOException.class, () -> PemFiles.privateKey(encrypted)).getMessage());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(
        garbage, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertEquals(
        garbage + ": not a valid RSA or EC private key",
        assertThrows(IOException.class, () -> PemFiles.privateKey(garbage)).getMessage());
  }
}
