package cairn.node;

import cairn.pem.PemFiles;
import cairn.util.Check;
import cairn.util.NettyIo;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/**
 * etcd's TLS settings of one side (client or peer): the server's certificate chain and key, the CA
 * that client certificates must chain to, and whether a client certificate is required. On the peer
 * side the same files also dial the other members.
 *
 * @param certFile PEM certificate chain, leaf first ({@code --cert-file}); null for none
 * @param keyFile PEM private key of the leaf, unencrypted ({@code --key-file}); null for none
 * @param trustedCaFile PEM CA certificates for verifying clients ({@code --trusted-ca-file}); null
 *     for the JDK's default trust store
 * @param clientCertAuth whether clients must present a certificate that verifies ({@code
 *     --client-cert-auth})
 */
public record TlsFiles(Path certFile, Path keyFile, Path trustedCaFile, boolean clientCertAuth) {

  /** No TLS: {@code https} listeners are refused. */
  public static final TlsFiles NONE = new TlsFiles(null, null, null, false);

  public TlsFiles {
    Check.argument(
        (certFile == null) == (keyFile == null), "a certificate and its key go together");
    Check.argument(
        certFile != null || (trustedCaFile == null && !clientCertAuth),
        "client verification needs a server certificate");
  }

  /** Whether a certificate and key are set, so that {@code https} listeners can be served. */
  public boolean present() {
    return certFile != null;
  }

  /**
   * Reads the files and builds the server side of TLS (the JDK's implementation; TLS 1.2 and 1.3,
   * as etcd 3.4 negotiates). Call only when {@link #present()}.
   *
   * @throws IOException naming the file that is missing or unreadable
   */
  public SslContext serverContext() throws IOException {
    Check.state(present(), "no certificate and key to serve TLS with");
    return read().serverContext();
  }

  /**
   * Both sides, for the peer flags: a member serves its peer URLs and dials the other members with
   * the same files, read once. {@link Contexts#NONE} when no certificate is set.
   *
   * @throws IOException naming the file that is missing or unreadable
   */
  public Contexts contexts() throws IOException {
    if (!present()) {
      return Contexts.NONE;
    }
    Material material = read();
    return new Contexts(material.serverContext(), material.clientContext());
  }

  /**
   * The serving and dialing sides of one TLS setting; both null without TLS. The dialing side dials
   * as etcd's peer transport does: it presents the certificate as a client certificate and checks
   * the server against the trusted CA (the JDK's trust store without one) and the URL's host.
   */
  public record Contexts(SslContext serving, SslContext dialing) {
    public static final Contexts NONE = new Contexts(null, null);

    /** The dialing side as the JDK's context, for clients not built on Netty; or null. */
    public SSLContext jdkDialing() {
      return dialing == null ? null : ((JdkSslContext) dialing).context();
    }
  }

  private Material read() throws IOException {
    X509Certificate[] chain = PemFiles.certificates(certFile).toArray(new X509Certificate[0]);
    return new Material(
        PemFiles.privateKey(keyFile),
        chain,
        trustedCaFile == null
            ? null
            : PemFiles.certificates(trustedCaFile).toArray(new X509Certificate[0]),
        clientCertAuth);
  }

  /** The files' contents; the builders copy the arrays they are given. */
  private record Material(
      PrivateKey key, X509Certificate[] chain, X509Certificate[] trusted, boolean clientCertAuth) {

    SslContext serverContext() throws IOException {
      SslContextBuilder b = NettyIo.tlsServer(key, chain);
      if (trusted != null) {
        b.trustManager(trusted);
      }
      b.clientAuth(clientCertAuth ? ClientAuth.REQUIRE : ClientAuth.NONE);
      return b.build();
    }

    SslContext clientContext() throws IOException {
      SslContextBuilder b = NettyIo.tlsClient().keyManager(key, chain);
      if (trusted != null) {
        b.trustManager(trusted);
      }
      return b.build();
    }
  }
}
