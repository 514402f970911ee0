package cairn.http;

import cairn.store.Event;
import cairn.store.Watcher;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves a watch without holding a thread (etcd's {@code handleKeyWatch}): the head goes out at
 * once (200, {@code X-Etcd-Index} = the index at registration), then each event the watcher queues
 * is written as a chunk when the store's listener wakes the event loop. A one-shot watch ends after
 * its event; a stream goes on until the watcher closes or the client goes away, which unregisters
 * the watcher.
 */
final class WatchResponder {

  private final Exchange exchange;
  private final Watcher watcher;
  private final WatchEventCache bodies;
  private final WatchWakeups wakeups;
  // Closes the watcher when the client goes away; removed when the watch ends, so a keep-alive
  // connection serving many watches in turn does not collect one listener per watch.
  private final ChannelFutureListener onDisconnect;
  // Set while a drain is queued on the event loop: the store wakes a one-shot watcher twice for
  // one write (the event, then its close), and one drain serves both.
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  // The drain as a task, made once: it is queued on every wake-up and on every writability change.
  private final Runnable drainTask = this::drain;

  private WatchResponder(
      Exchange exchange, Watcher watcher, WatchEventCache bodies, WatchWakeups wakeups) {
    this.exchange = exchange;
    this.watcher = watcher;
    this.bodies = bodies;
    this.wakeups = wakeups;
    this.onDisconnect = f -> watcher.close();
  }

  /** Starts serving {@code watcher} on {@code exchange}; call on the event loop. */
  static void start(
      Exchange exchange,
      Watcher watcher,
      WatchEventCache bodies,
      WatchWakeups wakeups,
      HeaderSource headers) {
    WatchResponder w = new WatchResponder(exchange, watcher, bodies, wakeups);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    headers.keysSuccess(head.headers(), watcher.startIndex());
    exchange.startStream(head);
    exchange.channel().closeFuture().addListener(w.onDisconnect);
    exchange.onWritable(w.drainTask);
    // The listener runs with the store's hub locked, maybe on this very event loop (a write
    // served here): always hand off, never drain inline, or closing the watcher would re-enter the
    // hub while it iterates its watchers.
    watcher.setListener(w::wake);
  }

  /** The watcher has news: drains it on the event loop, once per batch of news. Any thread. */
  private void wake() {
    if (drainQueued.compareAndSet(false, true)) {
      wakeups.wake(exchange.channel().eventLoop(), drainTask);
    }
  }

  /** Writes what the watcher queued; ends the response when the watch is over. Event loop. */
  private void drain() {
    // Cleared before reading the watcher: news queued from here on queues another drain.
    drainQueued.set(false);
    if (exchange.isFinished()) {
      return;
    }
    // Read the closed flag first: events queued before the close stay readable, so none is lost.
    boolean closed = watcher.isClosed();
    // Back-pressure: while the client is not reading, leave events in the watcher's bounded
    // queue instead of Netty's unbounded outbound buffer; when that queue is full the store drops
    // the watcher and the response ends, as etcd drops a slow watcher.
    for (Event e = pollIfWritable(); e != null; e = pollIfWritable()) {
      if (!watcher.stream()) {
        // One-shot: the event and the end of the response go out with one flush.
        watcher.close();
        exchange.channel().closeFuture().removeListener(onDisconnect);
        exchange.lastChunk(bodies.body(e));
        return;
      }
      exchange.chunk(bodies.body(e));
    }
    if (closed && exchange.channel().isWritable()) {
      end();
    }
  }

  private Event pollIfWritable() {
    return exchange.channel().isWritable() ? watcher.poll() : null;
  }

  private void end() {
    watcher.close();
    exchange.channel().closeFuture().removeListener(onDisconnect);
    exchange.endStream();
  }

  /** Writes the key-space success headers (kept apart so the handler owns the header rules). */
  interface HeaderSource {
    void keysSuccess(HttpHeaders h, long etcdIndex);
  }
}
