package cairn.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on a plain {@link Socket}, one connection per request ({@code Connection: close}): the
 * transport for short-lived processes such as etcdctl, where okhttp's and Kotlin's start-up (about
 * two thirds of a one-request run) would cost more than the request. Not {@code HttpURLConnection}:
 * it starts slower (proxy selection, its connection cache) and silently sends a request again when
 * reading the answer fails, which a timeout must not do.
 *
 * <p>What it does: connects to each address of the host in turn within the connect timeout; bounds
 * the whole exchange by the request's timeout (the socket's read timeout is set to what is left
 * before every read); reads bodies framed by {@code Content-Length}, chunked, or the end of the
 * connection; follows redirects as okhttp does. {@code https} URLs go to an okhttp transport (the
 * system's trust roots), built on first use. An answer that is not HTTP is a {@link
 * ProtocolException} naming the server and what was wrong.
 */
final class SocketTransport implements HttpTransport {

  /** okhttp's limit, and its choice of which redirects to follow. */
  private static final int MAX_REDIRECTS = 20;

  private static final int MAX_LINE_BYTES = 64 * 1024;
  private static final int MAX_HEADERS = 500;

  private final long connectTimeoutMillis;
  private HttpTransport tls;

  SocketTransport(long connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  @Override
  public Reply send(Request request) throws IOException {
    if (isHttps(request.url())) {
      // Built before the request's clock starts, as the okhttp transport's client is built with
      // the EtcdClient: loading the trust store is not part of the request.
      tls();
    }
    long deadline =
        request.timeoutMillis() > 0 ? System.nanoTime() + request.timeoutMillis() * 1_000_000 : 0;
    Request current = request;
    for (int redirects = 0; ; redirects++) {
      Reply reply =
          isHttps(current.url())
              ? tls().send(withTimeoutLeft(current, deadline))
              : exchange(current, deadline);
      Request next = redirect(current, reply);
      if (next == null) {
        return reply;
      }
      if (redirects == MAX_REDIRECTS) {
        throw new ProtocolException("Too many follow-up requests: " + (MAX_REDIRECTS + 1));
      }
      current = next;
    }
  }

  private static boolean isHttps(String url) {
    return url.regionMatches(true, 0, "https:", 0, 6);
  }

  private synchronized HttpTransport tls() throws IOException {
    if (tls == null) {
      tls = OkHttpTransport.create(connectTimeoutMillis, null, null, null, false);
    }
    return tls;
  }

  private static Request withTimeoutLeft(Request request, long deadline) throws IOException {
    return deadline == 0
        ? request
        : new Request(
            request.method(),
            request.url(),
            request.headers(),
            request.body(),
            Math.max(1, millisLeft(deadline)));
  }

  /** One request on a new connection. */
  private Reply exchange(Request request, long deadline) throws IOException {
    Target target = Target.parse(request.url());
    try (Socket socket = connect(target, deadline)) {
      OutputStream out = socket.getOutputStream();
      out.write(head(request, target));
      if (request.body() != null) {
        out.write(request.body());
      }
      out.flush();
      InputStream in = new BufferedInputStream(new DeadlineInput(socket, deadline), 8192);
      return read(in, request.method(), target);
    }
  }

  private Socket connect(Target target, long deadline) throws IOException {
    InetAddress[] addresses = InetAddress.getAllByName(target.host());
    IOException failure = null;
    for (InetAddress address : addresses) {
      long timeout = connectTimeoutMillis;
      if (deadline != 0) {
        long left = millisLeft(deadline);
        timeout = timeout == 0 ? left : Math.min(timeout, left);
      }
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(address, target.port()), (int) timeout);
        return socket;
      } catch (IOException e) {
        socket.close();
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  private static byte[] head(Request request, Target target) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append(request.method()).append(' ').append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(target.hostHeader()).append("\r\n");
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      head.append(checked(header.getKey())).append(": ").append(checked(header.getValue()));
      head.append("\r\n");
    }
    String method = request.method();
    if (request.body() != null) {
      head.append("Content-Length: ").append(request.body().length).append("\r\n");
    } else if (!method.equals("GET") && !method.equals("HEAD")) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String checked(String text) throws IOException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IOException("invalid character in an HTTP header: " + quote(text));
      }
    }
    return text;
  }

  private static Reply read(InputStream in, String method, Target target) throws IOException {
    while (true) {
      String statusLine = line(in, target);
      int status = status(statusLine, target);
      Map<String, String> headers = headers(in, target);
      if (status >= 100 && status < 200 && status != 101) {
        continue; // an interim answer (100 Continue): the real one follows
      }
      byte[] body;
      if (method.equals("HEAD") || status == 204 || status == 304 || status == 101) {
        body = new byte[0];
      } else if (headers
          .getOrDefault("transfer-encoding", "")
          .toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        body = chunked(in, target);
      } else if (headers.containsKey("content-length")) {
        body = exactly(in, contentLength(headers.get("content-length"), target), target);
      } else {
        body = in.readAllBytes();
      }
      return new Reply(status, headers, body);
    }
  }

  private static int status(String line, Target target) throws IOException {
    // HTTP/1.1 200 OK
    if (!line.startsWith("HTTP/1.")
        || line.length() < 12
        || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw malformed(target, "unexpected status line: " + quote(line));
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(target, "unexpected status line: " + quote(line));
      }
      status = status * 10 + (c - '0');
    }
    return status;
  }

  private static Map<String, String> headers(InputStream in, Target target) throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String line = line(in, target);
      if (line.isEmpty()) {
        return headers;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || count == MAX_HEADERS) {
        throw malformed(target, "unexpected header line: " + quote(line));
      }
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
  }

  private static long contentLength(String value, Target target) throws IOException {
    try {
      long length = Long.parseLong(value.trim());
      if (length >= 0 && length <= Integer.MAX_VALUE - 8) {
        return length;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw malformed(target, "bad Content-Length: " + quote(value));
  }

  private static byte[] exactly(InputStream in, long length, Target target) throws IOException {
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new EOFException(
          "unexpected end of stream from "
              + target.hostHeader()
              + ": "
              + body.length
              + " of "
              + length
              + " bytes");
    }
    return body;
  }

  private static byte[] chunked(InputStream in, Target target) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in, target);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0 || size > Integer.MAX_VALUE - 8 - body.size()) {
        throw malformed(target, "bad chunk size: " + quote(sizeLine));
      }
      if (size == 0) {
        while (!line(in, target).isEmpty()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      body.write(exactly(in, size, target));
      if (!line(in, target).isEmpty()) {
        throw malformed(target, "chunk not followed by CRLF");
      }
    }
  }

  /** A line ended by LF (CRLF accepted), without its end; EOF before the end is an error. */
  private static String line(InputStream in, Target target) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("unexpected end of stream from " + target.hostHeader());
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() == MAX_LINE_BYTES) {
        throw malformed(target, "a line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
  }

  private static ProtocolException malformed(Target target, String what) {
    return new ProtocolException("malformed HTTP answer from " + target.hostHeader() + ": " + what);
  }

  /** okhttp's follow-up rules: any 3xx redirect for GET and HEAD; 301-303 turn others into GET. */
  private static Request redirect(Request request, Reply reply) throws IOException {
    int status = reply.status();
    String location = reply.header("Location");
    boolean keepsMethod = status == 307 || status == 308;
    if (location == null
        || !(status == 300 || status == 301 || status == 302 || status == 303 || keepsMethod)) {
      return null;
    }
    String method = request.method();
    boolean safe = method.equals("GET") || method.equals("HEAD");
    if (keepsMethod && !safe) {
      return null;
    }
    String url;
    try {
      url = new URI(request.url()).resolve(new URI(location)).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null; // okhttp, too, does not follow a Location it cannot parse
    }
    if (!url.regionMatches(true, 0, "http:", 0, 5) && !isHttps(url)) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    byte[] body = request.body();
    if (!safe) {
      method = "GET";
      body = null;
      headers.remove("Content-Type");
    }
    if (!Target.parse(url).sameServer(Target.parse(request.url()))) {
      headers.remove("Authorization");
    }
    return new Request(method, url, headers, body, request.timeoutMillis());
  }

  /** Go's %q, near enough for an error message. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < ' ' || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static long millisLeft(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("timeout");
    }
    return left;
  }

  /** The socket's input, its read timeout set before every read to what is left of the deadline. */
  private static final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long deadline;

    DeadlineInput(Socket socket, long deadline) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (deadline != 0) {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millisLeft(deadline)));
      }
      return in.read(buffer, offset, length);
    }
  }

  /** Where a URL points: the host to resolve, the port, the Host header and the request target. */
  record Target(String host, int port, String hostHeader, String pathAndQuery) {

    static Target parse(String url) throws IOException {
      int schemeEnd = url.indexOf("://");
      if (schemeEnd < 0) {
        throw new IOException("not an http URL: " + url);
      }
      boolean https = isHttps(url);
      int pathStart = url.indexOf('/', schemeEnd + 3);
      int queryStart = url.indexOf('?', schemeEnd + 3);
      if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
        pathStart = queryStart;
      }
      String authority =
          pathStart < 0 ? url.substring(schemeEnd + 3) : url.substring(schemeEnd + 3, pathStart);
      String target = pathStart < 0 ? "/" : url.substring(pathStart);
      if (target.startsWith("?")) {
        target = "/" + target;
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        authority = authority.substring(at + 1);
      }
      String host = authority;
      int port = https ? 443 : 80;
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && colon > authority.lastIndexOf(']')) {
        host = authority.substring(0, colon);
        try {
          port = Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IOException("invalid port in URL: " + url);
        }
        if (port <= 0 || port > 65535) {
          throw new IOException("invalid port in URL: " + url);
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        throw new IOException("no host in URL: " + url);
      }
      for (int i = 0; i < target.length(); i++) {
        if (target.charAt(i) <= ' ' || target.charAt(i) == 0x7f) {
          throw new IOException("invalid character in URL: " + quote(url));
        }
      }
      return new Target(host, port, authority, target);
    }

    boolean sameServer(Target other) {
      return host.equalsIgnoreCase(other.host) && port == other.port;
    }
  }

  @Override
  public synchronized void close() {
    if (tls != null) {
      tls.close();
    }
  }
}
