package cairn.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 client over a raw socket, so tests see exactly what the server sends (status,
 * headers, chunked bodies) and can hold a watch open. Every read has a timeout.
 */
final class RawHttp implements AutoCloseable {

  static final int TIMEOUT_MS = 5000;

  /** A response: status, headers by lower-case name, and the (de-chunked) body. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(InetSocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(address, TIMEOUT_MS);
    socket.setSoTimeout(TIMEOUT_MS);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** One request on a fresh connection; form bodies are sent urlencoded. */
  static Response call(InetSocketAddress a, String method, String target, String form)
      throws IOException {
    try (RawHttp h = new RawHttp(a)) {
      h.send(method, target, form);
      return h.read(method.equals("HEAD"));
    }
  }

  static Response call(InetSocketAddress a, String method, String target) throws IOException {
    return call(a, method, target, null);
  }

  /** One request with extra header lines ({@code Name: value}) on a fresh connection. */
  static Response callWith(InetSocketAddress a, String method, String target, List<String> headers)
      throws IOException {
    try (RawHttp h = new RawHttp(a)) {
      h.send(method, target, null, headers);
      return h.read(method.equals("HEAD"));
    }
  }

  void send(String method, String target, String form) throws IOException {
    send(method, target, form, List.of());
  }

  void send(String method, String target, String form, List<String> headers) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
    if (form != null) {
      b.append("Content-Type: application/x-www-form-urlencoded\r\n");
      b.append("Content-Length: ").append(body.length).append("\r\n");
    }
    b.append("\r\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
  }

  /** Sends raw bytes (for malformed requests). */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads the status line and headers. */
  Response readHead() throws IOException {
    String status = line();
    Map<String, String> headers = new TreeMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
  }

  /** Reads a whole response. */
  Response read(boolean head) throws IOException {
    Response r = readHead();
    String body;
    if (head) {
      body = "";
    } else if ("chunked".equals(r.header("transfer-encoding"))) {
      StringBuilder b = new StringBuilder();
      for (String c = chunk(); c != null; c = chunk()) {
        b.append(c);
      }
      body = b.toString();
    } else {
      int n = Integer.parseInt(r.header("content-length"));
      body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
    return new Response(r.status(), r.headers(), body);
  }

  /** Everything up to the end of the connection (an unframed HTTP/1.0 body). */
  String readToEnd() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The next {@code n} bytes as they came, framing and all. */
  String readExactly(int n) throws IOException {
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  /** The next chunk of a chunked body, or null at its end. */
  String chunk() throws IOException {
    int size = Integer.parseInt(line().trim(), 16);
    if (size == 0) {
      line();
      return null;
    }
    String c = new String(in.readNBytes(size), StandardCharsets.UTF_8);
    line();
    return c;
  }

  /** True when the server closed the connection (reads end of stream in time). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-line");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
