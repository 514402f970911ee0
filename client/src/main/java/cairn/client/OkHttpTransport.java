package cairn.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The default transport: one OkHttpClient, connections pooled and reused, TLS from PEM files. */
final class OkHttpTransport implements HttpTransport {

  private final OkHttpClient http;

  private OkHttpTransport(OkHttpClient http) {
    this.http = http;
  }

  /**
   * A client connecting within {@code connectTimeoutMillis}, with the CA bundle and client
   * certificate given (all may be null); without any TLS setting and with no https endpoint, it is
   * built for cleartext only, which skips loading the trust store (a large part of start-up).
   */
  static OkHttpTransport create(
      long connectTimeoutMillis, Path caFile, Path certFile, Path keyFile, boolean cleartextOnly)
      throws IOException {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .writeTimeout(0, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .followRedirects(true);
    if (caFile != null || certFile != null) {
      Tls.configure(http, caFile, certFile, keyFile);
    } else if (cleartextOnly) {
      http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    return new OkHttpTransport(http.build());
  }

  @Override
  public Reply send(Request request) throws IOException {
    String method = request.method();
    String contentType = request.headers().get("Content-Type");
    RequestBody body =
        request.body() == null
            ? (method.equals("GET") || method.equals("HEAD")
                ? null
                : RequestBody.create(new byte[0]))
            : RequestBody.create(
                request.body(), contentType == null ? null : MediaType.get(contentType));
    okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(request.url());
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      if (!header.getKey().equals("Content-Type")) {
        builder.header(header.getKey(), header.getValue());
      }
    }
    Call call = http.newCall(builder.method(method, body).build());
    if (request.timeoutMillis() > 0) {
      call.timeout().timeout(request.timeoutMillis(), TimeUnit.MILLISECONDS);
    }
    try (Response response = call.execute()) {
      byte[] bytes = response.body().bytes();
      Map<String, String> headers = new TreeMap<>();
      Headers all = response.headers();
      for (int i = 0; i < all.size(); i++) {
        headers.put(all.name(i).toLowerCase(Locale.ROOT), all.value(i));
      }
      return new Reply(response.code(), headers, bytes);
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
