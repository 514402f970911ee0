package cairn.wal;

import cairn.io.FileSystem;
import cairn.io.StorageFile;
import cairn.util.Check;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Keeps the next segment file ready, as etcd's file pipeline does: a file in the WAL directory,
 * zero-filled to the segment size and synced, prepared on a daemon thread of its own. Cutting a
 * segment then costs a header write, a sync and a rename in the writer's thread, instead of writing
 * and syncing a whole segment of zeros while every append waits.
 *
 * <p>The files are named {@code 0.tmp} and {@code 1.tmp} in turn (the next is being prepared while
 * the writer still renames the one it took). No such name is a segment name, so a file left by a
 * crash is never read as a segment; {@link #start} deletes every {@code *.tmp} file in the
 * directory, and {@link #close} deletes the prepared file nobody took.
 *
 * <p>{@link #take} and {@link #close} are called by the WAL's writer, one thread at a time.
 */
final class SegmentPipeline implements Closeable {

  /** A prepared file handed to the writer: open, zero-filled, synced, under its temporary name. */
  record Prepared(Path path, StorageFile file) {}

  static final String TEMPORARY_SUFFIX = ".tmp";
  private static final int ZERO_CHUNK_BYTES = 1 << 20;

  private final FileSystem fs;
  private final Path dir;
  private final long segmentBytes;
  private long preparationsStarted; // the names alternate on it
  private Preparation next;
  private boolean closed;

  private SegmentPipeline(FileSystem fs, Path dir, long segmentBytes) {
    this.fs = fs;
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  /**
   * Deletes the temporary files a crash left in {@code dir} and starts preparing the first file.
   * The deletions are not synced: one that a crash undoes is simply done again at the next start.
   */
  static SegmentPipeline start(FileSystem fs, Path dir, long segmentBytes) throws IOException {
    for (String name : fs.list(dir)) {
      if (name.endsWith(TEMPORARY_SUFFIX)) {
        fs.delete(dir.resolve(name));
      }
    }
    SegmentPipeline pipeline = new SegmentPipeline(fs, dir, segmentBytes);
    pipeline.next = pipeline.prepareNext();
    return pipeline;
  }

  /**
   * Hands over the prepared file, waiting for it if it is still being prepared, and starts
   * preparing the next. A failed preparation fails here, and again at every later call.
   */
  synchronized Prepared take() throws IOException {
    Check.state(!closed, "wal: the segment pipeline is closed");
    Preparation taken = next;
    StorageFile file = taken.await();
    next = prepareNext();
    return new Prepared(taken.path, file);
  }

  /** Waits until the next file is prepared; throws its failure. For tests that inject faults. */
  synchronized void awaitPrepared() throws IOException {
    Check.state(!closed, "wal: the segment pipeline is closed");
    next.await();
  }

  private Preparation prepareNext() {
    Preparation preparation =
        new Preparation(dir.resolve((preparationsStarted++ % 2) + TEMPORARY_SUFFIX));
    Thread thread =
        new Thread(() -> preparation.run(fs, segmentBytes), "wal-prepare " + preparation.path);
    thread.setDaemon(true);
    thread.start();
    return preparation;
  }

  /**
   * Stops the preparation under way (at its next chunk) and deletes the file nobody took. Waits for
   * the preparing thread to finish, so that nothing touches the directory after the WAL is closed
   * and its lock released.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Preparation unused = next;
    unused.abandoned = true;
    StorageFile file = unused.awaitUninterruptibly();
    if (file != null) { // else it failed or was abandoned, and deleted its own file
      file.close();
      fs.delete(unused.path);
    }
  }

  /**
   * Creates {@code path} (which must not exist), fills it with {@code bytes} zeros and syncs it;
   * returns it open. Deletes it again if that fails or {@code abandoned} turns true on the way.
   */
  static StorageFile createZeroFilled(
      FileSystem fs, Path path, long bytes, BooleanSupplier abandoned) throws IOException {
    StorageFile file = fs.create(path);
    try {
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK_BYTES, bytes));
      for (long at = 0; at < bytes; at += zeros.limit()) {
        if (abandoned.getAsBoolean()) {
          throw new IOException("wal: preparing " + path + " was abandoned");
        }
        zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
        file.writeFully(zeros, at);
      }
      file.sync();
      return file;
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
        fs.delete(path);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup); // the file is left for the next start to delete
      }
      throw e;
    }
  }

  /** One file being prepared; its outcome is the open file or the failure. */
  private static final class Preparation {
    final Path path;
    final CompletableFuture<StorageFile> outcome = new CompletableFuture<>();
    volatile boolean abandoned;

    Preparation(Path path) {
      this.path = path;
    }

    void run(FileSystem fs, long segmentBytes) {
      try {
        outcome.complete(createZeroFilled(fs, path, segmentBytes, () -> abandoned));
      } catch (IOException | RuntimeException e) {
        outcome.completeExceptionally(e);
      } catch (Error e) {
        outcome.completeExceptionally(e); // the writer must not wait forever
        throw e;
      }
    }

    StorageFile await() throws IOException {
      try {
        return outcome.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new IOException(
            "wal: preparing the next segment file " + path + " failed: " + cause.getMessage(),
            cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException("wal: interrupted while waiting for " + path);
        interrupted.initCause(e);
        throw interrupted;
      }
    }

    /** The prepared file, or null if preparing it failed; waits through interrupts. */
    StorageFile awaitUninterruptibly() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return outcome.get();
          } catch (ExecutionException e) {
            return null;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
