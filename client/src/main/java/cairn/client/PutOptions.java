package cairn.client;

/**
 * The conditions and settings of a PUT on the key space. Null or 0 fields are not sent.
 *
 * @param ttl seconds to live; null sends no ttl (the node becomes permanent)
 * @param prevValue compare-and-swap on the current value
 * @param prevIndex compare-and-swap on the current modified index (0: none)
 * @param prevExist true: update only; false: create only; null: either
 * @param dir make a directory instead of a key
 * @param refresh renew the TTL without changing the value or notifying watchers (etcd 2.3)
 */
public record PutOptions(
    Long ttl, String prevValue, long prevIndex, Boolean prevExist, boolean dir, boolean refresh) {

  public static final PutOptions NONE = new PutOptions(null, null, 0, null, false, false);

  public PutOptions withTtl(Long seconds) {
    return new PutOptions(seconds, prevValue, prevIndex, prevExist, dir, refresh);
  }

  public PutOptions withPrevValue(String value) {
    return new PutOptions(ttl, value, prevIndex, prevExist, dir, refresh);
  }

  public PutOptions withPrevIndex(long index) {
    return new PutOptions(ttl, prevValue, index, prevExist, dir, refresh);
  }

  public PutOptions withPrevExist(Boolean exist) {
    return new PutOptions(ttl, prevValue, prevIndex, exist, dir, refresh);
  }

  public PutOptions asDir() {
    return new PutOptions(ttl, prevValue, prevIndex, prevExist, true, refresh);
  }

  public PutOptions asRefresh() {
    return new PutOptions(ttl, prevValue, prevIndex, prevExist, dir, true);
  }
}
