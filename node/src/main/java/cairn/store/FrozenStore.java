package cairn.store;

/**
 * The store's replicated state (tree, TTLs, index) at one index, copied out of a live {@link Store}
 * and never changed again, so it can be encoded on any thread while the store goes on applying
 * writes. etcd's server clones its v2 store before saving it in a goroutine, for the same reason.
 */
public final class FrozenStore {

  private final Node root;
  private final long index;

  FrozenStore(Node root, long index) {
    this.root = root;
    this.index = index;
  }

  /** The index of the last write in this state. */
  public long index() {
    return index;
  }

  /** The snapshot bytes {@link Store#recover(byte[])} loads (format in {@link StoreSnapshot}). */
  public byte[] encode() {
    return StoreSnapshot.encode(root, index);
  }
}
