/**
 * The client-facing HTTP API on Netty: etcd 2.3's {@code /v2/keys} key space with its exact
 * parameters, JSON, headers and status codes, plus {@code /version}, {@code /health}, {@code
 * /v2/stats/*} and {@code /metrics} (the member stats and metrics as strings the backend keeps,
 * built by {@code cairn.stats}); every other path is Go's 404.
 *
 * <p>The HTTP layer knows nothing of Raft: it talks to a {@link cairn.http.KeysBackend}, which the
 * server implements by proposing {@link cairn.http.KeysWrite}s and quorum reads through Raft and
 * applying them with {@link cairn.http.KeysWrite#applyTo}. {@link cairn.http.LocalKeysBackend} is a
 * single-process stand-in applying directly to a store. Nothing here blocks an event loop: writes
 * and quorum reads complete futures, watches are answered when the store's watcher wakes the
 * connection's loop. OPTIONS on any path is answered 200 with no body; {@code --cors} adds etcd
 * 2.3's CORS headers ({@link cairn.http.Cors}).
 *
 * <p>Where we deliberately differ from etcd (besides the store's own choices, listed in {@code
 * cairn.store}): a urlencoded body over {@link cairn.http.KeysHttpServerConfig#maxRequestBytes()}
 * gets 413 and the connection closes (Go answers 210 {@code http: POST too large} past 10 MiB); a
 * stream watch whose client stops reading is not buffered without bound but left to the store's
 * watcher queue, which drops it when full (etcd drops it the same way, from its channel); more than
 * 64 pipelined requests waiting on one connection close it. As etcd 2.3, internal failures are
 * error 300 and the 405 of the method check carries no {@code X-Etcd-Cluster-Id}.
 *
 * <p>May import cairn.store (values and errors), cairn.util, Netty and the JDK; never cairn.raft.
 */
package cairn.http;
