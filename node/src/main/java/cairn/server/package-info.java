/**
 * The etcd v2 server on one member: Raft ({@code cairn.raft}) driven by one loop thread, the WAL
 * and snapshot files ({@code cairn.wal}, {@code cairn.snap}) for durability, the v2 store ({@code
 * cairn.store}) as the state machine, and the HTTP layer ({@code cairn.http}) in front through
 * {@link cairn.server.RaftKeysBackend}. Single-member clusters only for now: there is no peer
 * transport yet.
 */
package cairn.server;
