/**
 * The peer transport between Cairn members, on Netty over HTTP/1.1: {@link cairn.peer.PeerServer}
 * serves the peer URLs (raft streams, snapshots, {@code /members}, {@code /version}) with etcd
 * 2.3's request guards (cluster ID, removed member), {@link cairn.peer.PeerTransport} sends Raft's
 * messages over one long-lived stream per peer with bounded queues and reconnection, {@link
 * cairn.peer.MessageCodec} is the wire format (ours: only Cairn talks to Cairn) and {@link
 * cairn.peer.PeerClient} asks a running cluster for its members when joining it.
 *
 * <p>Where we differ from etcd: the sender opens the stream and pushes ({@code POST /raft/stream})
 * instead of the receiver pulling ({@code GET /raft/stream/msgapp/<id>}), there is no separate
 * pipeline for when the stream is down (messages wait in the bounded queue instead), the version
 * headers are neither sent nor checked, and a sender the receiver does not know is not refused
 * (etcd 2.3: 404 {@code error sender not found}). Local Raft message types (HUP, BEAT, ...) are
 * refused by the codec in both directions.
 *
 * <p>Threads: the server and the transport each run on one event loop thread of their own by
 * default (or on a group the caller passes and owns); nothing here blocks them except the one-off
 * copy of a received snapshot and DNS resolution of a peer URL's host name.
 *
 * <p>May import cairn.raft's message records (Message, Entry, Snapshot and their parts),
 * cairn.util, Netty, Jackson's streaming parser and the JDK; never Raft's internals.
 */
package cairn.peer;
