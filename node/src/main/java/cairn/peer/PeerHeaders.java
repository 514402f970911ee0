package cairn.peer;

import java.util.OptionalLong;

/** The paths, headers and limits both sides of the peer protocol agree on. */
final class PeerHeaders {
  private PeerHeaders() {}

  static final String STREAM_PATH = "/raft/stream";
  static final String SNAPSHOT_PATH = "/raft/snapshot";
  static final String MEMBERS_PATH = "/members";
  static final String VERSION_PATH = "/version";

  /** As etcd spells it on raft requests; HTTP header names are case-insensitive. */
  static final String CLUSTER_ID = "X-Etcd-Cluster-ID";

  static final String SERVER_FROM = "X-Server-From";

  /** The largest frame on a stream: well above Raft's append size limit (1 MiB by default). */
  static final int MAX_FRAME_BYTES = 64 << 20;

  /** The largest snapshot request body: a 1 GiB snapshot plus its message fields. */
  static final long MAX_SNAPSHOT_BODY_BYTES = (1L << 30) + (16 << 20);

  /** IDs on the wire are lower-case hex of the unsigned value, as etcd prints them. */
  static String hex(long id) {
    return Long.toUnsignedString(id, 16);
  }

  /**
   * @return the ID, or empty when {@code s} is missing or not hex of at most 64 bits
   */
  static OptionalLong parseHex(String s) {
    if (s == null || s.isEmpty() || s.length() > 16 || s.startsWith("+")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseUnsignedLong(s, 16));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
