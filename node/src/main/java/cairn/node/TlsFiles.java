package cairn.node;

import cairn.pem.PemFiles;
import cairn.util.Check;
import cairn.util.NettyIo;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

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
    List<X509Certificate> chain = PemFiles.certificates(certFile);
    SslContextBuilder b =
        SslContextBuilder.forServer(
                PemFiles.privateKey(keyFile), chain.toArray(new X509Certificate[0]))
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2");
    if (trustedCaFile != null) {
      b.trustManager(PemFiles.certificates(trustedCaFile).toArray(new X509Certificate[0]));
    }
    b.clientAuth(clientCertAuth ? ClientAuth.REQUIRE : ClientAuth.NONE);
    return b.build();
  }

  /**
   * The dialing side, as etcd's peer transport dials other members: presents the certificate as a
   * client certificate, verifies the server against the trusted CA (the JDK's trust store without
   * one) and the URL's host. Call only when {@link #present()}.
   *
   * @throws IOException naming the file that is missing or unreadable
   */
  public SslContext clientContext() throws IOException {
    Check.state(present(), "no certificate and key to dial TLS with");
    SslContextBuilder b =
        NettyIo.tlsClient()
            .keyManager(
                PemFiles.privateKey(keyFile),
                PemFiles.certificates(certFile).toArray(new X509Certificate[0]));
    if (trustedCaFile != null) {
      b.trustManager(PemFiles.certificates(trustedCaFile).toArray(new X509Certificate[0]));
    }
    return b.build();
  }
}
