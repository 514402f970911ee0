package cairn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Building a store from another system's dump, node by node, keeping its indexes and expiries. */
class TreeImageTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void nodesKeepTheirIndexesAndExpiriesAndTheStoreItsCounter() {
    TreeImage image = new TreeImage();
    image.add("/dir", true, null, 3, 3, null);
    image.add("/dir/key", false, "v", 4, 9, null);
    image.add("/lease", false, "L", 5, 5, Instant.parse("2026-12-01T09:31:39.631003957Z"));
    image.add("/_etcd", true, null, 1, 1, null);
    Store store = new Store();
    store.recover(image.snapshot(12));

    assertEquals(12, store.index());
    NodeExtern key = store.get("/dir/key", false, false, NOW).node();
    assertEquals("v", key.value());
    assertEquals(4, key.createdIndex());
    assertEquals(9, key.modifiedIndex());
    assertNull(key.expiration());
    assertEquals(
        Instant.parse("2026-12-01T09:31:39.631003957Z"),
        store.get("/lease", false, false, NOW).node().expiration());
    // The TTL is live: a sync past it expires the key at the next index.
    assertEquals(1, store.deleteExpiredKeys(Instant.parse("2026-12-02T00:00:00Z")).size());
    assertEquals(13, store.index());
  }

  @Test
  void aChildNeedsItsParentFirst() {
    TreeImage image = new TreeImage();
    assertThrows(IllegalArgumentException.class, () -> image.add("/a/b", false, "x", 2, 2, null));
    image.add("/a", false, "x", 1, 1, null);
    assertThrows(IllegalArgumentException.class, () -> image.add("/a/b", false, "y", 2, 2, null));
  }
}
