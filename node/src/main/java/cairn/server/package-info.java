/**
 * The etcd v2 server on one member: Raft ({@code cairn.raft}) driven by one loop thread, the WAL
 * and snapshot files ({@code cairn.wal}, {@code cairn.snap}) for durability, the v2 store ({@code
 * cairn.store}) as the state machine, and the HTTP layer ({@code cairn.http}) in front through
 * {@link cairn.server.RaftKeysBackend}. The membership lives in the store under {@code /0}, as in
 * etcd ({@code Membership}); messages to other members go through a {@link
 * cairn.server.EtcdServer.Transport}, which {@code cairn.node} connects to the peer transport
 * ({@code cairn.peer}). Linearizable reads use Raft's ReadIndex ({@code ReadIndexReads}).
 */
package cairn.server;
