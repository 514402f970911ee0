package cairn.client;

import java.io.IOException;

/**
 * Follows every change of a key (or, recursively, a prefix) after an index, the way a careful v2
 * client must: each watch starts at the index after the last event seen, so nothing is missed
 * between watches. When the server's event history no longer reaches back that far (error 401), the
 * watcher re-reads the key and continues from {@code X-Etcd-Index + 1}; that re-read is handed to
 * the caller as a response whose action is {@code get}, so it can refresh its view. Not
 * thread-safe: one consumer calls {@link #next()}.
 */
public final class Watcher {

  private static final int EVENT_INDEX_CLEARED = 401;
  private static final int KEY_NOT_FOUND = 100;

  private final EtcdClient client;
  private final String key;
  private final boolean recursive;
  private long nextIndex;

  Watcher(EtcdClient client, String key, long afterIndex, boolean recursive) {
    this.client = client;
    this.key = key;
    this.recursive = recursive;
    this.nextIndex = afterIndex == 0 ? 0 : afterIndex + 1;
  }

  /** The index the next watch starts at (0: the next change from now). */
  public long nextIndex() {
    return nextIndex;
  }

  /** Blocks until the next event (or a re-read after error 401) and returns it. */
  public KeysResponse next() throws IOException {
    try {
      KeysResponse event = client.watchOnce(key, nextIndex, recursive);
      nextIndex = event.node().modifiedIndex() + 1;
      return event;
    } catch (EtcdException e) {
      if (e.errorCode() != EVENT_INDEX_CLEARED) {
        throw e;
      }
      return reread();
    }
  }

  private KeysResponse reread() throws IOException {
    try {
      KeysResponse current = client.get(key, recursive, false, true);
      nextIndex = current.etcdIndex() + 1;
      return current;
    } catch (EtcdException e) {
      if (e.errorCode() != KEY_NOT_FOUND) {
        throw e;
      }
      nextIndex = e.index() + 1;
      throw e;
    }
  }
}
