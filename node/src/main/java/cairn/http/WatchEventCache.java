package cairn.http;

import cairn.store.Event;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The encoded body of the event most recently sent to a watcher. The store hands the same event
 * object to every watcher it wakes, so a write seen by a thousand watchers is presented and encoded
 * once, not a thousand times. Keyed by identity; a single slot is enough because watchers drain an
 * event right after it is queued. Thread-safe: the slot is one immutable pair behind a volatile.
 */
final class WatchEventCache {

  private record Slot(Event event, byte[] body) {}

  private final UnaryOperator<Event> present;
  private volatile Slot last;

  /** {@code present} turns a store event into what the client sees (e.g. strips a namespace). */
  WatchEventCache(UnaryOperator<Event> present) {
    this.present = present;
  }

  /** The event's JSON body (with its newline), as UTF-8; callers must not change the array. */
  byte[] body(Event event) {
    Slot s = last;
    if (s != null && s.event() == event) {
      return s.body();
    }
    byte[] body = Json.event(present.apply(event)).getBytes(StandardCharsets.UTF_8);
    last = new Slot(event, body);
    return body;
  }
}
