package cairn.http;

import cairn.store.Event;
import cairn.store.StoreStats;
import cairn.store.Watcher;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP layer needs from the node, without knowing Raft. The server implements it by
 * proposing writes and quorum reads through Raft; {@link LocalKeysBackend} applies to a store
 * directly.
 *
 * <p>All keys are user-visible and clean ({@code /a/b}); events and {@link cairn.store
 * .StoreException}s must come back with user-visible keys and causes (the server strips its
 * namespace prefix, as etcd's {@code trimEventPrefix} and {@code trimErrorPrefix} do).
 *
 * <p>Methods are called on Netty event-loop threads and must not block: anything that waits for
 * Raft returns a future. Futures may complete on any thread.
 */
public interface KeysBackend {

  /**
   * Proposes a write and completes with its event once applied locally. Fails with a {@link
   * cairn.store.StoreException} for store errors (answered with etcd's code and status) or any
   * other exception for internal failures (answered as error 300 with the exception's message as
   * cause, e.g. {@code etcdserver: request timed out}). The server owns the request timeout.
   */
  CompletableFuture<Event> write(KeysWrite write);

  /**
   * A local (sequentially consistent) read from the applied store, etcd's default GET.
   *
   * @throws cairn.store.StoreException 100 or 104
   */
  Event get(String key, boolean recursive, boolean sorted);

  /** A linearizable read ({@code quorum=true}); fails as {@link #write} does. */
  CompletableFuture<Event> quorumGet(String key, boolean recursive, boolean sorted);

  /**
   * Registers a watcher on the local store ({@code sinceIndex} 0 = next change).
   *
   * @throws cairn.store.StoreException 401 when {@code sinceIndex} is older than the history
   */
  Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex);

  /**
   * An event taken from a watcher returned by {@link #watch}, as the client must see it (the server
   * strips its namespace prefix here, since the store's watchers carry store paths).
   */
  /** The members, in ascending ID order ({@code /v2/members}); none when the backend has none. */
  default java.util.List<MemberInfo> members() {
    return java.util.List.of();
  }

  /** The current leader, or null when there is none ({@code /v2/members/leader}). */
  default MemberInfo leader() {
    return null;
  }

  /**
   * Adds a member with these peer URLs (checked) and completes with it once the change is applied;
   * fails with a {@link MemberException} for etcd's refusals, anything else for timeouts.
   */
  default CompletableFuture<MemberInfo> addMember(java.util.List<String> peerUrls) {
    return CompletableFuture.failedFuture(new MemberException(500, "no cluster"));
  }

  /** Removes a member; fails as {@link #addMember} does (404 unknown, 410 removed). */
  default CompletableFuture<Void> removeMember(long id) {
    return CompletableFuture.failedFuture(new MemberException(500, "no cluster"));
  }

  /** Changes a member's peer URLs; fails as {@link #addMember} does. */
  default CompletableFuture<Void> updateMember(long id, java.util.List<String> peerUrls) {
    return CompletableFuture.failedFuture(new MemberException(500, "no cluster"));
  }

  default Event watchEvent(Event event) {
    return event;
  }

  /** Index of the last Raft entry applied on this member ({@code X-Raft-Index}). */
  long raftIndex();

  /** Raft term of this member ({@code X-Raft-Term}). */
  long raftTerm();

  /** Cluster ID as lower-case hex without leading zeros ({@code X-Etcd-Cluster-Id}). */
  String clusterId();

  /** The store counters for {@code /v2/stats/store}. */
  StoreStats storeStats();

  /**
   * The {@code /v2/stats/self} body (etcd's {@code ServerStats} JSON), or null when this backend
   * keeps no member statistics (answered 404, as an unregistered path).
   */
  default String selfStatsJson() {
    return null;
  }

  /**
   * The {@code /v2/stats/leader} body (etcd's {@code LeaderStats} JSON) when this member is the
   * leader, null otherwise (answered 403 {@code {"message":"not current leader"}}).
   */
  default String leaderStatsJson() {
    return null;
  }

  /**
   * The {@code /metrics} body in the Prometheus text format 0.0.4, or null when this backend keeps
   * no metrics (answered 404).
   */
  default String metricsText() {
    return null;
  }

  /**
   * Completes with true when the member is healthy (etcd: a leader is known and the applied index
   * advances), false otherwise ({@code /health}).
   */
  CompletableFuture<Boolean> health();
}
