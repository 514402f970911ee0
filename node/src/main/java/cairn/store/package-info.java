/**
 * The etcd v2 key store: the state machine committed Raft entries are applied to. A tree of keys
 * and directories with etcd 2's exact semantics (indexes, compare-and-swap, TTLs, hidden keys,
 * in-order keys), a watcher hub with a bounded event history, store statistics, and a snapshot
 * format.
 *
 * <p>Deterministic: the store never reads a clock. Every call that reports or changes TTLs takes
 * {@code now} from its caller (the applied entry's time for writes, the leader's clock for expiry
 * sync entries), so every replica produces the same indexes and events.
 *
 * <p>Like etcd's {@code store} package it knows nothing of the server's namespaces ({@code /0},
 * {@code /1}): the server passes them as read-only directories and strips its prefix from keys and
 * error causes.
 *
 * <p>Where etcd 2 has a bug the store deliberately does not copy it (each is noted where it is
 * handled): a stream watcher on a deleted key gets the event once, not twice; a stream watcher
 * started from a past {@code waitIndex} gets all matching past events and then stays registered,
 * instead of one event and silence; history replay applies the same hidden-key rule as live
 * notification, matches a recursive watcher's own key on every slot, and matches a removed ancestor
 * by path segment rather than by string prefix; after a snapshot is loaded the history starts after
 * the snapshot's index (older {@code waitIndex} values get 401 instead of silently waiting); a
 * failed set or create counts one failure, not two; listings are always sorted.
 *
 * <p>May import only cairn.util and the JDK.
 */
package cairn.store;
