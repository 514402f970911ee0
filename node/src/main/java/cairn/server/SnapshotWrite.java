package cairn.server;

import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.snap.Snapshotter;
import cairn.store.FrozenStore;
import cairn.store.Store;
import cairn.util.Failures;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One snapshot being encoded, written and synced on its own thread, as etcd saves its snapshots in
 * a goroutine: the Raft loop only copies the store ({@link Store#freeze}, a few milliseconds) and
 * goes on committing writes meanwhile (encoding took 110 to 150 ms at 100,000 keys, and the file's
 * sync longer, a pause every write waiting at that moment saw).
 *
 * <p>The loop stays the only writer of the WAL and of the Raft storage: once {@link #isDone} the
 * loop records the snapshot, writes its marker and only then compacts or purges, so a marker still
 * names a durable snapshot, and until then the WAL holds every entry (a crash mid-save restarts
 * from the previous snapshot and replays).
 */
final class SnapshotWrite {

  private final SnapshotMetadata metadata;
  private final long startNanos;
  private final CompletableFuture<Snapshot> done = new CompletableFuture<>();

  private SnapshotWrite(SnapshotMetadata metadata, long startNanos) {
    this.metadata = metadata;
    this.startNanos = startNanos;
  }

  /**
   * Starts encoding {@code state} as the data of the snapshot {@code metadata} names, and saving
   * it; {@code wake} runs once it is durable or failed, on the saving thread, and must not block.
   */
  static SnapshotWrite start(
      Snapshotter snapshotter,
      SnapshotMetadata metadata,
      FrozenStore state,
      long startNanos,
      Runnable wake) {
    SnapshotWrite w = new SnapshotWrite(metadata, startNanos);
    Thread t =
        new Thread(
            () -> {
              try {
                Snapshot snapshot = new Snapshot(metadata, state.encode());
                snapshotter.save(snapshot);
                w.done.complete(snapshot);
              } catch (Throwable e) {
                w.done.completeExceptionally(e);
              }
              wake.run();
            },
            "snapshot-save " + metadata.index());
    t.setDaemon(true);
    t.start();
    return w;
  }

  SnapshotMetadata metadata() {
    return metadata;
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
   * @return the durable snapshot, or null if it is still being written
   * @throws IOException if the encoding or the save failed
   */
  Snapshot await(long timeoutMs) throws IOException, InterruptedException {
    try {
      return done.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw Failures.asIOException(e, "snap: saving the snapshot failed");
    }
  }
}
