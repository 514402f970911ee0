package cairn.store;

import static cairn.store.StoreTesting.T0;
import static cairn.store.StoreTesting.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Save and recover: identical state (tree, TTLs, index), closed watchers, a fresh history. */
class StoreSnapshotTest {

  private static final TtlOptions P = TtlOptions.PERMANENT;

  private static Store populated() {
    Store s = new Store(StoreConfig.DEFAULT, "/0", "/1");
    s.set("/1/a/b", false, "v\u00e9\uD83D\uDE00", P, T0);
    s.set("/1/empty", false, "", P, T0);
    s.set("/1/_hidden/k", false, "h", P, T0);
    s.set("/1/dir", true, "", TtlOptions.expireAt(at(30)), T0);
    s.set("/1/ttl", false, "t", TtlOptions.expireAt(T0.plusNanos(1_500_000_001)), T0);
    s.create("/1/queue", false, "q", true, P, T0);
    s.update("/1/a/b", "w", P, T0);
    s.delete("/1/empty", false, false, T0);
    return s;
  }

  @Test
  void roundTripGivesIdenticalStateAndBytes() {
    Store original = populated();
    byte[] bytes = original.save();
    Store copy = new Store(StoreConfig.DEFAULT, "/0", "/1");
    copy.recover(bytes);
    assertEquals(original.index(), copy.index());
    assertArrayEquals(bytes, copy.save());
    assertEquals(original.get("/", true, true, T0), copy.get("/", true, true, T0));
    assertEquals(
        original.get("/1/_hidden/k", false, false, T0), copy.get("/1/_hidden/k", false, false, T0));
    assertEquals(2, copy.ttlCount());
    assertEquals(original.deleteExpiredKeys(at(60)), copy.deleteExpiredKeys(at(60)));
    // Writes continue from the saved index, and namespaces stay read-only.
    assertEquals(original.index() + 1, copy.set("/1/next", false, "", P, T0).modifiedIndex());
    StoreTesting.assertError(
        ErrorCode.ROOT_READ_ONLY, "/", copy.index(), () -> copy.delete("/1", true, true, T0));
  }

  @Test
  void aFrozenStoreKeepsTheStateOfItsIndexWhileTheStoreGoesOn() {
    Store live = populated();
    byte[] before = live.save();
    FrozenStore frozen = live.freeze();
    // Every kind of change to nodes the frozen copy holds: values, TTLs, children, removals.
    live.set("/1/a/b", false, "changed", TtlOptions.expireAt(at(90)), T0);
    live.set("/1/a/new", false, "n", P, T0);
    live.update("/1/ttl", "t2", P, T0);
    live.delete("/1/_hidden", true, true, T0);
    live.set("/1/dir/child", false, "c", P, T0);
    for (int i = 0; i < 100; i++) {
      live.set("/1/many/k" + i, false, "", P, T0); // the copied tables grow in the live store
    }
    live.deleteExpiredKeys(at(60));
    assertEquals(before.length, frozen.encode().length);
    assertArrayEquals(before, frozen.encode());
    assertEquals(populated().index(), frozen.index());
  }

  @Test
  void recoverClosesWatchersAndRestartsTheHistoryAfterTheSnapshot() {
    Store original = populated();
    long index = original.index();
    Store target = populated();
    target.set("/1/extra", false, "", P, T0);
    Watcher w = target.watch("/1", true, true, 0);
    target.recover(original.save());
    assertTrue(w.isClosed());
    assertEquals(0, target.stats().watchers());
    StoreTesting.assertError(
        ErrorCode.EVENT_INDEX_CLEARED,
        "the requested history has been cleared [" + (index + 1) + "/" + index + "]",
        index,
        () -> target.watch("/1", true, false, index));
    Watcher next = target.watch("/1", true, false, index + 1);
    assertNull(next.poll());
    Event e = target.set("/1/after", false, "", P, T0);
    assertEquals(e, next.poll());
  }

  @Test
  void aVeryDeepTreeSavesLoadsAndDeletesWithoutRecursion() {
    Store s = new Store();
    String deep = "/d".repeat(20_000);
    s.set(deep, false, "bottom", TtlOptions.expireAt(at(5)), T0);
    Store copy = new Store();
    copy.recover(s.save());
    assertEquals("bottom", copy.get(deep, false, false, T0).node().value());
    Watcher w = copy.watch(deep, false, false, 0);
    Event e = copy.delete("/d", false, true, T0);
    assertEquals(e, w.poll());
    assertEquals(0, copy.ttlCount());
  }

  @Test
  void emptyStoreRoundTrip() {
    Store s = new Store();
    Store copy = new Store();
    copy.recover(s.save());
    assertEquals(0, copy.index());
    assertEquals(s.get("/", true, true, T0), copy.get("/", true, true, T0));
  }

  @Test
  void corruptOrForeignBytesAreRejected() {
    byte[] bytes = populated().save();
    bytes[bytes.length / 2] ^= 1;
    Store s = new Store(StoreConfig.DEFAULT, "/0", "/1");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.recover(bytes));
    assertEquals("store snapshot CRC mismatch", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.recover(new byte[3]));
    assertEquals(0, s.index());
  }

  @Test
  void snapshotWithoutTheStoresNamespacesIsRejected() {
    byte[] bare = new Store().save();
    Store s = new Store(StoreConfig.DEFAULT, "/1");
    assertThrows(IllegalArgumentException.class, () -> s.recover(bare));
  }
}
