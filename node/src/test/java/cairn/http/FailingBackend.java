package cairn.http;

import cairn.store.Event;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** A backend whose writes and quorum reads time out, as a server without quorum would. */
final class FailingBackend extends DelegatingBackend {

  FailingBackend(KeysBackend delegate) {
    super(delegate);
  }

  @Override
  public CompletableFuture<Event> write(KeysWrite write) {
    return CompletableFuture.failedFuture(new TimeoutException("etcdserver: request timed out"));
  }

  @Override
  public CompletableFuture<Event> quorumGet(String key, boolean recursive, boolean sorted) {
    return write(null);
  }

  @Override
  public CompletableFuture<Boolean> health() {
    return CompletableFuture.completedFuture(false);
  }
}
