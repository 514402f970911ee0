package cairn.server;

import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.MemoryStorage;

/**
 * How far a restarted member applies its log before it serves clients: so that a read after a
 * restart sees every write the member held. Its last entry, except that entries past the durable
 * commit index that change no key (a leader's empty entry, the TTL-expiry SYNC a leader proposes
 * every 500 ms, an old READ marker) are left to the next leader. They are the usual tail after a
 * crash: the commit index reaches the disk only with the next append, and SYNC entries follow the
 * last write, so every member of a cluster restarted together waited for an election and a round of
 * commits before it served the keys it had applied (etcd serves at once). A key whose TTL ran out
 * may still be read until the next SYNC is applied, as between any two SYNCs.
 */
final class ReplayTarget {

  private ReplayTarget() {}

  static long of(MemoryStorage storage) {
    long commit = storage.hardState().commit();
    long target = storage.lastIndex();
    while (target > commit
        && target >= storage.firstIndex()
        && changesNoKey(storage.entries(target, target + 1, Long.MAX_VALUE).get(0))) {
      target--;
    }
    return target;
  }

  private static boolean changesNoKey(Entry e) {
    if (e.type() != EntryType.NORMAL) {
      return false;
    }
    if (e.data().length == 0) {
      return true;
    }
    EntryCodec.Kind kind;
    try {
      kind = EntryCodec.decode(e.data()).kind();
    } catch (IllegalArgumentException unreadable) {
      return false; // waited for: applying it stops the member with the reason
    }
    return kind == EntryCodec.Kind.SYNC || kind == EntryCodec.Kind.READ;
  }
}
