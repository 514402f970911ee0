package cairn.client;

import cairn.pem.PemFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * TLS from PEM files, as etcdctl takes them: a CA bundle and a client certificate and key (PKCS #8,
 * PKCS #1 or SEC 1, read by {@link PemFiles}).
 */
final class Tls {

  private Tls() {}

  static void configure(OkHttpClient.Builder http, Path caFile, Path certFile, Path keyFile)
      throws IOException {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile != null) {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        int i = 0;
        for (Certificate certificate : PemFiles.certificates(caFile)) {
          roots.setCertificateEntry("ca-" + i++, certificate);
        }
        trust.init(roots);
      } else {
        trust.init((KeyStore) null);
      }
      X509TrustManager trustManager = null;
      for (TrustManager manager : trust.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          trustManager = x509;
        }
      }
      KeyManagerFactory keys = null;
      if (certFile != null) {
        KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
        identity.load(null, null);
        List<X509Certificate> chain = PemFiles.certificates(certFile);
        identity.setKeyEntry(
            "client", PemFiles.privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trustManager}, null);
      http.sslSocketFactory(context.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS setup failed: " + e.getMessage(), e);
    }
  }
}
