package cairn.pem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files etcd's TLS flags name, as Go's {@code tls.LoadX509KeyPair} does: a chain of
 * certificates, and an unencrypted private key in any of the three encodings the usual tools write
 * — PKCS #8 ({@code PRIVATE KEY}: openssl genpkey), PKCS #1 ({@code RSA PRIVATE KEY}: cfssl, which
 * etcd's guides use, and older openssl) and SEC 1 ({@code EC PRIVATE KEY}: cfssl, openssl ecparam).
 * The JDK reads only PKCS #8, so the other two are wrapped into it (RFC 5208 and RFC 5915 say how).
 */
public final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
  // rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER-encoded.
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  // id-ecPublicKey (1.2.840.10045.2.1), DER-encoded; the curve's OID follows it.
  private static final byte[] EC_PUBLIC_KEY_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemFiles() {}

  /** The certificates of {@code file}, in order (a leaf first, then its chain). */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(file)) {
        if (b.type().equals("CERTIFICATE")) {
          certs.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IOException(file + ": failed to find any PEM data in certificate input");
    }
    return List.copyOf(certs);
  }

  /** The private key of {@code file}: the first key block in it. */
  public static PrivateKey privateKey(Path file) throws IOException {
    for (Block b : blocks(file)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(file, b.der(), "RSA", "EC", "Ed25519");
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(file, privateKeyInfo(RSA_ALGORITHM, b.der()), "RSA");
        }
        case "EC PRIVATE KEY" -> {
          return pkcs8(file, privateKeyInfo(ecAlgorithm(file, b.der()), b.der()), "EC");
        }
        case "ENCRYPTED PRIVATE KEY" ->
            throw new IOException(file + ": encrypted private keys are not supported");
        default -> {} // e.g. the EC PARAMETERS block openssl ecparam writes first
      }
    }
    throw new IOException(file + ": failed to find any PEM data in key input");
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IOException("open " + file + ": no such file or directory", e);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(2).contains("Proc-Type: 4,ENCRYPTED")) {
        throw new IOException(file + ": encrypted private keys are not supported");
      }
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": bad base64 in a " + m.group(1) + " block", e);
      }
    }
    return blocks;
  }

  private static PrivateKey pkcs8(Path file, byte[] der, String... algorithms) throws IOException {
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException(file + ": not a valid RSA or EC private key");
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, privateKey OCTET STRING }. */
  private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.writeBytes(tlv(0x04, key));
    return tlv(0x30, body.toByteArray());
  }

  /**
   * The algorithm identifier of a SEC 1 key: id-ecPublicKey and the curve named in the key's {@code
   * parameters [0]} (ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, parameters [0]
   * OPTIONAL, publicKey [1] OPTIONAL }).
   */
  private static byte[] ecAlgorithm(Path file, byte[] sec1) throws IOException {
    Der seq = Der.read(file, sec1, 0, 0x30);
    Der version = Der.read(file, sec1, seq.start(), 0x02);
    Der key = Der.read(file, sec1, version.end(), 0x04);
    if (key.end() < seq.end() && (sec1[key.end()] & 0xff) == 0xa0) {
      Der parameters = Der.read(file, sec1, key.end(), 0xa0);
      Der curve = Der.read(file, sec1, parameters.start(), 0x06);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(EC_PUBLIC_KEY_OID);
      body.write(sec1, curve.header(), curve.end() - curve.header());
      return tlv(0x30, body.toByteArray());
    }
    throw new IOException(file + ": the EC private key does not name its curve");
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** One DER element: where its header starts, where its value starts and ends. */
  private record Der(int header, int start, int end) {
    static Der read(Path file, byte[] b, int at, int tag) throws IOException {
      if (at + 2 > b.length || (b[at] & 0xff) != tag) {
        throw new IOException(file + ": malformed private key");
      }
      int length = b[at + 1] & 0xff;
      int start = at + 2;
      if (length >= 0x80) {
        int bytes = length & 0x7f;
        if (bytes == 0 || bytes > 3 || start + bytes > b.length) {
          throw new IOException(file + ": malformed private key");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (b[start + i] & 0xff);
        }
        start += bytes;
      }
      if (start + length > b.length) {
        throw new IOException(file + ": malformed private key");
      }
      return new Der(at, start, start + length);
    }
  }
}
