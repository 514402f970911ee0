package cairn.http;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs watchers' drains on their connections' event loops with one task per event loop for a batch
 * of wake-ups, not one task per watcher. A write seen by a thousand watchers wakes them all from
 * the apply thread at once: as a task each, an event loop found hundreds in its queue, and Netty's
 * task loop took a branch (the time check after every 64 tasks) that the JIT had compiled as never
 * taken, so the loop at the heart of every connection was thrown back to the interpreter in the
 * middle of the fan-out. Thread-safe.
 */
final class WatchWakeups {

  private final Map<EventLoop, Batch> batches = new ConcurrentHashMap<>();

  /** Runs {@code drain} soon on {@code loop}, with the other drains woken meanwhile. */
  void wake(EventLoop loop, Runnable drain) {
    batches.computeIfAbsent(loop, Batch::new).add(drain);
  }

  /** One event loop's pending drains, and whether a task to run them is queued. */
  private static final class Batch implements Runnable {
    private final EventLoop loop;
    private final Queue<Runnable> drains = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean queued = new AtomicBoolean();

    Batch(EventLoop loop) {
      this.loop = loop;
    }

    void add(Runnable drain) {
      drains.add(drain);
      if (queued.compareAndSet(false, true)) {
        loop.execute(this);
      }
    }

    @Override
    public void run() {
      // Cleared first: a drain added from here on queues another task, so none is left waiting.
      queued.set(false);
      for (Runnable drain = drains.poll(); drain != null; drain = drains.poll()) {
        drain.run();
      }
    }
  }
}
