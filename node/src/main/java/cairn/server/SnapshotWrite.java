package cairn.server;

import cairn.raft.Snapshot;
import cairn.snap.Snapshotter;
import cairn.util.Failures;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One snapshot file being written and synced on its own thread, as etcd saves its snapshots in a
 * goroutine: the Raft loop goes on committing writes meanwhile (the save took 80 ms at 10,000 keys
 * and grows with the store, a pause every write waiting at that moment saw).
 *
 * <p>The loop stays the only writer of the WAL: once {@link #isDone} the loop writes the snapshot's
 * marker and only then compacts or purges, so a marker still names a durable snapshot, and until
 * then the WAL holds every entry (a crash mid-save restarts from the previous snapshot and
 * replays).
 */
final class SnapshotWrite {

  private final Snapshot snapshot;
  private final long startNanos;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private SnapshotWrite(Snapshot snapshot, long startNanos) {
    this.snapshot = snapshot;
    this.startNanos = startNanos;
  }

  /**
   * Starts saving {@code snapshot} (whose data must never change); {@code wake} runs once it is
   * durable or failed, on the saving thread, and must not block.
   */
  static SnapshotWrite start(
      Snapshotter snapshotter, Snapshot snapshot, long startNanos, Runnable wake) {
    SnapshotWrite w = new SnapshotWrite(snapshot, startNanos);
    Thread t =
        new Thread(
            () -> {
              try {
                snapshotter.save(snapshot);
                w.done.complete(null);
              } catch (Throwable e) {
                w.done.completeExceptionally(e);
              }
              wake.run();
            },
            "snapshot-save " + snapshot.metadata().index());
    t.setDaemon(true);
    t.start();
    return w;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  long startNanos() {
    return startNanos;
  }

  boolean isDone() {
    return done.isDone();
  }

  /**
   * Waits up to {@code timeoutMs} for the file to be durable.
   *
   * @return false if it is still being written
   * @throws IOException if the save failed
   */
  boolean await(long timeoutMs) throws IOException, InterruptedException {
    try {
      done.get(timeoutMs, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw Failures.asIOException(e, "snap: saving the snapshot failed");
    }
  }
}
