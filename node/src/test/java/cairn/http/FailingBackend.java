package cairn.http;

import cairn.store.Event;
import cairn.store.StoreStats;
import cairn.store.Watcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** A backend whose writes and quorum reads time out, as a server without quorum would. */
final class FailingBackend implements KeysBackend {

  private final KeysBackend delegate;

  FailingBackend(KeysBackend delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<Event> write(KeysWrite write) {
    return CompletableFuture.failedFuture(new TimeoutException("etcdserver: request timed out"));
  }

  @Override
  public Event get(String key, boolean recursive, boolean sorted) {
    return delegate.get(key, recursive, sorted);
  }

  @Override
  public CompletableFuture<Event> quorumGet(String key, boolean recursive, boolean sorted) {
    return write(null);
  }

  @Override
  public Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex) {
    return delegate.watch(key, recursive, stream, sinceIndex);
  }

  @Override
  public long raftIndex() {
    return delegate.raftIndex();
  }

  @Override
  public long raftTerm() {
    return delegate.raftTerm();
  }

  @Override
  public String clusterId() {
    return delegate.clusterId();
  }

  @Override
  public StoreStats storeStats() {
    return delegate.storeStats();
  }

  @Override
  public CompletableFuture<Boolean> health() {
    return CompletableFuture.completedFuture(false);
  }
}
