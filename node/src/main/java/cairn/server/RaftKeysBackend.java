package cairn.server;

import cairn.http.KeysBackend;
import cairn.http.KeysWrite;
import cairn.http.MemberInfo;
import cairn.store.Event;
import cairn.store.StoreException;
import cairn.store.StoreStats;
import cairn.store.Watcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP layer's view of an {@link EtcdServer}: writes and quorum reads go through Raft, default
 * reads and watches are served from the local store. Keys gain the {@code /1} namespace on the way
 * in and lose it on the way out. Nothing here blocks.
 */
public final class RaftKeysBackend implements KeysBackend {

  private final EtcdServer server;
  private final Clock clock;

  public RaftKeysBackend(EtcdServer server, Clock clock) {
    this.server = server;
    this.clock = clock;
  }

  @Override
  public List<MemberInfo> members() {
    List<MemberInfo> infos = new ArrayList<>();
    for (Member m : server.members()) {
      infos.add(info(m));
    }
    return infos;
  }

  @Override
  public MemberInfo leader() {
    Member lead = server.leaderMember();
    return lead == null ? null : info(lead);
  }

  @Override
  public CompletableFuture<MemberInfo> addMember(List<String> peerUrls) {
    return server.addMember(peerUrls).thenApply(RaftKeysBackend::info);
  }

  @Override
  public CompletableFuture<Void> removeMember(long id) {
    return server.removeMember(id);
  }

  @Override
  public CompletableFuture<Void> updateMember(long id, List<String> peerUrls) {
    return server.updateMember(id, peerUrls);
  }

  private static MemberInfo info(Member m) {
    return new MemberInfo(m.hexId(), m.name(), m.peerUrls(), m.clientUrls());
  }

  @Override
  public CompletableFuture<Event> write(KeysWrite write) {
    return server.proposeWrite(write);
  }

  @Override
  public Event get(String key, boolean recursive, boolean sorted) {
    try {
      return Namespace.out(
          server.store().get(Namespace.in(key), recursive, sorted, clock.instant()));
    } catch (StoreException e) {
      throw Namespace.out(e);
    }
  }

  /**
   * Linearizable through Raft's ReadIndex: answered on the loop once this member has applied the
   * commit index a quorum confirmed after the read arrived; nothing is written to the log.
   */
  @Override
  public CompletableFuture<Event> quorumGet(String key, boolean recursive, boolean sorted) {
    return server.linearizableRead(() -> get(key, recursive, sorted));
  }

  @Override
  public String selfStatsJson() {
    return server.selfStatsJson();
  }

  @Override
  public String leaderStatsJson() {
    return server.leaderStatsJson();
  }

  @Override
  public String metricsText() {
    return server.metrics().text();
  }

  @Override
  public Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex) {
    server.metrics().watchRequests().inc();
    try {
      return server.store().watch(Namespace.in(key), recursive, stream, sinceIndex);
    } catch (StoreException e) {
      throw Namespace.out(e);
    }
  }

  @Override
  public Event watchEvent(Event event) {
    return Namespace.out(event);
  }

  @Override
  public long raftIndex() {
    return server.appliedIndex();
  }

  @Override
  public long raftTerm() {
    return server.term();
  }

  @Override
  public String clusterId() {
    return MemberIds.hex(server.clusterId());
  }

  @Override
  public StoreStats storeStats() {
    return server.store().stats();
  }

  @Override
  public CompletableFuture<Boolean> health() {
    return CompletableFuture.completedFuture(server.healthy());
  }
}
