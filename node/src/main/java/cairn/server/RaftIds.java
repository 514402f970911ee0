package cairn.server;

/**
 * Member IDs to Raft node IDs. etcd's member IDs are unsigned 64-bit hashes, so half of them are
 * negative as a Java long, while {@code cairn.raft} takes positive IDs (0 meaning none, and
 * non-negative hard-state and message fields). Clearing the top bit keeps the other 63 bits of the
 * hash: two members of one cluster collide only if their IDs differ in that bit alone, which the
 * peer transport must refuse when it learns the membership. Every member must use this mapping.
 */
public final class RaftIds {
  private RaftIds() {}

  public static long of(long memberId) {
    long id = memberId & Long.MAX_VALUE;
    if (id == 0) {
      throw new IllegalArgumentException(
          "member id " + Long.toUnsignedString(memberId, 16) + " has no Raft id");
    }
    return id;
  }
}
