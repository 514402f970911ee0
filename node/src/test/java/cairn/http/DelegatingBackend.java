package cairn.http;

import cairn.store.Event;
import cairn.store.StoreStats;
import cairn.store.Watcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A backend passing every call to another; tests override the calls they change. */
class DelegatingBackend implements KeysBackend {

  final KeysBackend delegate;

  DelegatingBackend(KeysBackend delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<Event> write(KeysWrite write) {
    return delegate.write(write);
  }

  @Override
  public Event get(String key, boolean recursive, boolean sorted) {
    return delegate.get(key, recursive, sorted);
  }

  @Override
  public CompletableFuture<Event> quorumGet(String key, boolean recursive, boolean sorted) {
    return delegate.quorumGet(key, recursive, sorted);
  }

  @Override
  public Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex) {
    return delegate.watch(key, recursive, stream, sinceIndex);
  }

  @Override
  public List<MemberInfo> members() {
    return delegate.members();
  }

  @Override
  public MemberInfo leader() {
    return delegate.leader();
  }

  @Override
  public Event watchEvent(Event event) {
    return delegate.watchEvent(event);
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
  public String selfStatsJson() {
    return delegate.selfStatsJson();
  }

  @Override
  public String leaderStatsJson() {
    return delegate.leaderStatsJson();
  }

  @Override
  public String metricsText() {
    return delegate.metricsText();
  }

  @Override
  public CompletableFuture<Boolean> health() {
    return delegate.health();
  }
}
