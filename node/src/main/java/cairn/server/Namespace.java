package cairn.server;

import cairn.store.Event;
import cairn.store.NodeExtern;
import cairn.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * The user key space lives under {@code /1} in the store (etcd's {@code StoreKeysPrefix}; {@code
 * /0} is for members). Adds the prefix to keys going in and strips it from events and error causes
 * coming out, as etcd's {@code trimEventPrefix} and {@code trimErrorPrefix}.
 */
final class Namespace {

  static final String KEYS = "/1";

  private Namespace() {}

  static String in(String key) {
    return KEYS + (key.startsWith("/") ? key : "/" + key);
  }

  static Event out(Event e) {
    return new Event(e.action(), out(e.node()), out(e.prevNode()), e.index(), e.refresh());
  }

  static StoreException out(StoreException e) {
    return new StoreException(e.errorCode(), trim(e.errorCause()), e.index());
  }

  /** Maps a failure of a store operation: store errors are stripped, others pass as they are. */
  static RuntimeException out(RuntimeException e) {
    return e instanceof StoreException se ? out(se) : e;
  }

  private static NodeExtern out(NodeExtern n) {
    if (n == null) {
      return null;
    }
    List<NodeExtern> children = null;
    if (n.nodes() != null) {
      children = new ArrayList<>(n.nodes().size());
      for (NodeExtern c : n.nodes()) {
        children.add(out(c));
      }
    }
    return new NodeExtern(
        trim(n.key()),
        n.value(),
        n.dir(),
        n.expiration(),
        n.ttl(),
        children,
        n.modifiedIndex(),
        n.createdIndex());
  }

  private static String trim(String s) {
    return s != null && s.startsWith(KEYS) ? s.substring(KEYS.length()) : s;
  }
}
