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
 * <p>May import only cairn.util and the JDK.
 */
package cairn.store;
