package cairn.migrate;

import cairn.migrate.v04.Etcd04FormatException;
import cairn.migrate.v04.Snapshot04;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.store.TreeImage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;

/**
 * The store dump inside a 0.4 snapshot ({@code Root}, {@code CurrentIndex}; etcd-0.4-data-format.md
 * §5.4) loaded into a v2 store, every node with its indexes and expiry as dumped.
 */
final class State04 {

  private static final ObjectMapper JSON = new ObjectMapper();

  private State04() {}

  static Store load(Snapshot04 snapshot) throws IOException {
    return load(snapshot, "");
  }

  /**
   * Loads the dump with every path under {@code prefix}; a non-empty prefix and {@code /0} become
   * the store's read-only namespaces (Cairn's layout: user keys under {@code /1}, members under
   * {@code /0}).
   */
  static Store load(Snapshot04 snapshot, String prefix) throws IOException {
    JsonNode state;
    try {
      state = JSON.readTree(snapshot.state());
    } catch (IOException e) {
      throw new Etcd04FormatException(
          snapshot.file(), 9, "the store dump is not JSON: " + e.getMessage());
    }
    TreeImage image = new TreeImage();
    if (!prefix.isEmpty()) {
      image.add(Migration.MEMBERS_NAMESPACE, true, null, 0, 0, null);
      image.add(prefix, true, null, 0, 0, null);
    }
    // Depth first with an explicit stack: the dump's depth is whatever 0.4's clients made it.
    ArrayDeque<Iterator<Map.Entry<String, JsonNode>>> stack = new ArrayDeque<>();
    stack.push(children(state.path("Root")));
    while (!stack.isEmpty()) {
      Iterator<Map.Entry<String, JsonNode>> it = stack.peek();
      if (!it.hasNext()) {
        stack.pop();
        continue;
      }
      JsonNode node = it.next().getValue();
      boolean dir = !node.path("Children").isNull() && !node.path("Children").isMissingNode();
      image.add(
          prefix + node.path("Path").asText(),
          dir,
          dir ? null : node.path("Value").asText(""),
          node.path("CreatedIndex").asLong(),
          node.path("ModifiedIndex").asLong(),
          expiry(node.path("ExpireTime").asText("")));
      if (dir) {
        stack.push(children(node));
      }
    }
    Store store =
        prefix.isEmpty()
            ? new Store()
            : new Store(StoreConfig.DEFAULT, Migration.MEMBERS_NAMESPACE, prefix);
    store.recover(image.snapshot(state.path("CurrentIndex").asLong()));
    return store;
  }

  private static Iterator<Map.Entry<String, JsonNode>> children(JsonNode node) {
    return node.path("Children").fields();
  }

  private static Instant expiry(String text) {
    if (text.isEmpty() || text.equals("0001-01-01T00:00:00Z")) {
      return null;
    }
    return OffsetDateTime.parse(text).toInstant();
  }
}
