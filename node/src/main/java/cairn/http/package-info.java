/**
 * The client-facing HTTP API on Netty: etcd 2.3's {@code /v2/keys} key space with its exact
 * parameters, JSON, headers and status codes, plus {@code /version}, {@code /health} and {@code
 * /v2/stats/store}.
 *
 * <p>The HTTP layer knows nothing of Raft: it talks to a {@link cairn.http.KeysBackend}, which the
 * server implements by proposing writes and quorum reads through Raft. {@link
 * cairn.http.LocalKeysBackend} is a single-process stand-in applying directly to a store.
 *
 * <p>May import cairn.store (values and errors), cairn.util, Netty and the JDK; never cairn.raft.
 */
package cairn.http;
