package cairn.http;

import cairn.store.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;

/** A {@link KeysHttpServer} over a {@link LocalKeysBackend} on 127.0.0.1, port 0, fixed clock. */
final class TestServer implements AutoCloseable {

  static final Instant NOW = Instant.parse("2026-01-02T03:04:05.5Z");
  static final String CLUSTER_ID = "cdf818194e3a8c32";

  final Store store = new Store();
  final LocalKeysBackend backend;
  final KeysHttpServer server;
  final InetSocketAddress address;

  TestServer() throws InterruptedException {
    this(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  TestServer(Clock clock) throws InterruptedException {
    this(clock, b -> b);
  }

  /** As {@link #TestServer()}, serving {@code wrap} applied to the local backend. */
  TestServer(UnaryOperator<KeysBackend> wrap) throws InterruptedException {
    this(Clock.fixed(NOW, ZoneOffset.UTC), wrap);
  }

  TestServer(Clock clock, UnaryOperator<KeysBackend> wrap) throws InterruptedException {
    this(clock, wrap, List.of());
  }

  /** As {@link #TestServer()}, with etcd's {@code --cors} origins. */
  TestServer(List<String> corsOrigins) throws InterruptedException {
    this(Clock.fixed(NOW, ZoneOffset.UTC), b -> b, corsOrigins);
  }

  private TestServer(Clock clock, UnaryOperator<KeysBackend> wrap, List<String> corsOrigins)
      throws InterruptedException {
    backend = new LocalKeysBackend(store, clock, CLUSTER_ID);
    server =
        new KeysHttpServer(
            KeysHttpServerConfig.of(List.of(URI.create("http://127.0.0.1:0")))
                .withCors(corsOrigins),
            wrap.apply(backend),
            clock);
    address = server.start().get(0);
  }

  RawHttp.Response call(String method, String target) throws IOException {
    return RawHttp.call(address, method, target);
  }

  RawHttp.Response call(String method, String target, String form) throws IOException {
    return RawHttp.call(address, method, target, form);
  }

  @Override
  public void close() {
    server.close();
  }
}
