package cairn.migrate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every node of a store, hidden ones ({@code _…}) included, read from the bytes of {@link
 * cairn.store.Store#save()} (the format documented in the store's {@code StoreSnapshot}). The
 * store's own reads leave hidden nodes out of listings, and a migration must account for all of
 * them ({@code /1/_etcd} among them). Callers recover a store from the same bytes first, which
 * checks their CRC; this reader only walks them.
 */
final class StoreNodes {

  private static final int DIR = 1;
  private static final int TTL = 2;

  /** One node: its full path, and what a migration must preserve. */
  record StoreNode(
      String path,
      boolean dir,
      String value,
      Instant expiration,
      long createdIndex,
      long modifiedIndex) {}

  private StoreNodes() {}

  /** The nodes below the root, sorted by path. */
  static List<StoreNode> of(byte[] saved) {
    ByteBuffer in = ByteBuffer.wrap(saved);
    in.getInt(); // magic
    in.getLong(); // current index
    List<StoreNode> nodes = new ArrayList<>();
    // Per open directory: its path and how many of its children are still to read.
    ArrayDeque<String> paths = new ArrayDeque<>();
    ArrayDeque<int[]> remaining = new ArrayDeque<>();
    readNode(in, "", nodes, paths, remaining);
    while (!remaining.isEmpty()) {
      if (remaining.peek()[0] == 0) {
        remaining.pop();
        paths.pop();
        continue;
      }
      remaining.peek()[0]--;
      readNode(in, paths.peek(), nodes, paths, remaining);
    }
    nodes.sort(Comparator.comparing(StoreNode::path));
    return nodes;
  }

  private static void readNode(
      ByteBuffer in,
      String parent,
      List<StoreNode> nodes,
      ArrayDeque<String> paths,
      ArrayDeque<int[]> remaining) {
    int flags = in.get();
    String name = string(in);
    long created = in.getLong();
    long modified = in.getLong();
    Instant expiration = null;
    if ((flags & TTL) != 0) {
      long nanos = in.getLong();
      expiration =
          Instant.ofEpochSecond(
              Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
    boolean root = parent.isEmpty() && name.isEmpty();
    String path = root ? "" : parent + "/" + name;
    if ((flags & DIR) != 0) {
      if (!root) {
        nodes.add(new StoreNode(path, true, null, expiration, created, modified));
      }
      paths.push(path);
      remaining.push(new int[] {in.getInt()});
    } else {
      nodes.add(new StoreNode(path, false, string(in), expiration, created, modified));
    }
  }

  private static String string(ByteBuffer in) {
    byte[] b = new byte[in.getInt()];
    in.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
