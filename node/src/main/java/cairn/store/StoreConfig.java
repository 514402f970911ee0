package cairn.store;

import cairn.util.Check;

/**
 * Limits of a store, with units in the names.
 *
 * @param eventHistoryCapacity events kept for {@code waitIndex} replay (etcd: 1000). A larger
 *     window spares clients of busy clusters the constant error 401 they hit with etcd 2.
 * @param watcherQueueCapacity events buffered per watcher (etcd: 100); a watcher whose buffer is
 *     full when an event arrives is removed and closed, so an unread watcher cannot grow memory.
 */
public record StoreConfig(int eventHistoryCapacity, int watcherQueueCapacity) {

  /** etcd's defaults: 1000 events of history, 100 queued events per watcher. */
  public static final StoreConfig DEFAULT = new StoreConfig(1000, 100);

  public StoreConfig {
    Check.argument(eventHistoryCapacity >= 1, "eventHistoryCapacity must be >= 1");
    Check.argument(watcherQueueCapacity >= 1, "watcherQueueCapacity must be >= 1");
  }
}
