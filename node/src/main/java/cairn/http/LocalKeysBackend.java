package cairn.http;

import cairn.store.Event;
import cairn.store.Store;
import cairn.store.StoreStats;
import cairn.store.Watcher;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A single-process stand-in for the Raft-backed server: applies writes directly to a {@link Store}
 * with the wall clock, on the calling thread, and answers quorum reads locally. For tests of the
 * HTTP layer and local experiments only: it replicates nothing, and nodes with a TTL expire only
 * when {@link #expire()} is called (the server applies the leader's sync entries instead).
 *
 * <p>Reports the store index as {@code X-Raft-Index} and term 1, as a single member that has never
 * seen another election would.
 */
public final class LocalKeysBackend implements KeysBackend {

  private final Store store;
  private final Clock clock;
  private final String clusterId;

  /** A backend over {@code store}, using {@code clock} for the {@code ttl} fields. */
  public LocalKeysBackend(Store store, Clock clock, String clusterId) {
    this.store = Objects.requireNonNull(store);
    this.clock = Objects.requireNonNull(clock);
    this.clusterId = Objects.requireNonNull(clusterId);
  }

  public Store store() {
    return store;
  }

  @Override
  public CompletableFuture<Event> write(KeysWrite write) {
    // Writes are serialised as the server's single apply thread would serialise them.
    synchronized (store) {
      try {
        return CompletableFuture.completedFuture(
            write.applyTo(store, write.key(), clock.instant()));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  @Override
  public Event get(String key, boolean recursive, boolean sorted) {
    return store.get(key, recursive, sorted, clock.instant());
  }

  @Override
  public CompletableFuture<Event> quorumGet(String key, boolean recursive, boolean sorted) {
    try {
      return CompletableFuture.completedFuture(get(key, recursive, sorted));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex) {
    return store.watch(key, recursive, stream, sinceIndex);
  }

  /** Expires every node whose TTL has passed, as the leader's sync entry would. */
  public void expire() {
    synchronized (store) {
      store.deleteExpiredKeys(clock.instant());
    }
  }

  @Override
  public long raftIndex() {
    return store.index();
  }

  @Override
  public long raftTerm() {
    return 1;
  }

  @Override
  public String clusterId() {
    return clusterId;
  }

  @Override
  public StoreStats storeStats() {
    return store.stats();
  }

  @Override
  public CompletableFuture<Boolean> health() {
    return CompletableFuture.completedFuture(true);
  }
}
