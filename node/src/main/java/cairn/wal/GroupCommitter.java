package cairn.wal;

import cairn.util.Failures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Group commit: appends that arrive while a write and sync are in progress are gathered and written
 * together with one write and one sync. One thread does all writing, in arrival order.
 *
 * <p>A caller that waits anyway ({@link #commit}) writes in its own thread when nothing is queued
 * or being written: a member's Raft loop is the only writer, and handing its write to this thread
 * and the completion back cost two thread wake-ups per write.
 *
 * <p>A failed write or sync fails the batch, everything queued behind it and every later append:
 * after a failed fsync the page cache can no longer be trusted, so there is no retry.
 */
final class GroupCommitter {

  private record Pending(List<PendingRecord> records, CompletableFuture<Void> durable) {}

  private final SegmentWriter writer;
  private final Object lock = new Object();
  private final Thread thread;
  private List<Pending> queue = new ArrayList<>();
  private WalFailedException failure;
  private boolean closing;

  /** A batch is being written (by this thread or a caller); guarded by {@code lock}. */
  private boolean writing;

  GroupCommitter(SegmentWriter writer, String name) {
    this.writer = writer;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues records; the future completes once they are durable, or fails. */
  CompletableFuture<Void> submit(List<PendingRecord> records) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    synchronized (lock) {
      if (failure != null) {
        durable.completeExceptionally(failure);
      } else if (closing) {
        durable.completeExceptionally(new IOException("wal: closed"));
      } else {
        queue.add(new Pending(records, durable));
        lock.notifyAll();
      }
    }
    return durable;
  }

  /**
   * Makes the records durable before returning: written in the calling thread when nothing is
   * queued or being written, else queued behind the rest as {@link #submit} does.
   */
  void commit(List<PendingRecord> records) throws IOException {
    boolean inline;
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
      if (closing) {
        throw new IOException("wal: closed");
      }
      inline = !writing && queue.isEmpty();
      writing |= inline;
    }
    if (!inline) {
      await(submit(records));
      return;
    }
    try {
      writer.writeBatch(records);
    } catch (IOException | RuntimeException e) {
      fail(List.of(), e);
      throw failure();
    } finally {
      synchronized (lock) {
        writing = false;
        lock.notifyAll();
      }
    }
  }

  private WalFailedException failure() {
    synchronized (lock) {
      return failure;
    }
  }

  private static void await(CompletableFuture<Void> durable) throws IOException {
    try {
      durable.get();
    } catch (ExecutionException e) {
      throw Failures.asIOException(e, "wal: append failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("wal: interrupted while waiting for a sync", e);
    }
  }

  private void run() {
    while (true) {
      List<Pending> batch;
      synchronized (lock) {
        while ((queue.isEmpty() || writing) && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            closing = true;
          }
        }
        while (writing) { // closing, while a caller still writes
          try {
            lock.wait();
          } catch (InterruptedException e) {
            closing = true;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        batch = queue;
        queue = new ArrayList<>();
        writing = true;
      }
      List<PendingRecord> records = new ArrayList<>();
      for (Pending pending : batch) {
        records.addAll(pending.records());
      }
      try {
        writer.writeBatch(records);
      } catch (IOException | RuntimeException e) {
        fail(batch, e);
        return;
      } finally {
        synchronized (lock) {
          writing = false;
          lock.notifyAll();
        }
      }
      for (Pending pending : batch) {
        pending.durable().complete(null);
      }
    }
  }

  private void fail(List<Pending> batch, Exception cause) {
    List<Pending> failed = new ArrayList<>(batch);
    synchronized (lock) {
      failure =
          new WalFailedException(
              "wal: a write or sync failed, so the WAL takes no more writes and the node must"
                  + " stop: "
                  + cause.getMessage(),
              cause);
      failed.addAll(queue);
      queue = new ArrayList<>();
    }
    for (Pending pending : failed) {
      pending.durable().completeExceptionally(failure);
    }
  }

  /** Writes what is queued, stops the thread and closes the segment. */
  void close() throws IOException {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("wal: interrupted while closing", e);
    }
    writer.close();
  }
}
