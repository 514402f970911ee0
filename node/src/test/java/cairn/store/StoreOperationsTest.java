package cairn.store;

import static cairn.store.StoreTesting.T0;
import static cairn.store.StoreTesting.dir;
import static cairn.store.StoreTesting.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test (or a few) per store operation, with the exact results etcd 2 returns. */
class StoreOperationsTest {

  private final Store store = new Store();
  private static final TtlOptions P = TtlOptions.PERMANENT;

  @Test
  void setCreatesKeyAndParentDirectoriesWithTheSameIndex() {
    Event e = store.set("/a/b/c", false, "v", P, T0);
    assertEquals(new Event(Action.SET, key("/a/b/c", "v", 1, 1), null, 1, false), e);
    assertTrue(e.isCreated());
    assertEquals(1, store.index());
    assertEquals(dir("/a", 1, 1), store.get("/a", false, false, T0).node().withoutNodes());
    assertEquals(dir("/a/b", 1, 1), store.get("/a/b", false, false, T0).node().withoutNodes());
  }

  @Test
  void setOnExistingKeyReplacesTheNodeAndReturnsPrevNode() {
    store.set("/k", false, "one", P, T0);
    Event e = store.set("/k", false, "two", P, T0);
    assertEquals(
        new Event(Action.SET, key("/k", "two", 2, 2), key("/k", "one", 1, 1), 2, false), e);
    assertFalse(e.isCreated());
  }

  @Test
  void setWithDirCreatesAnEmptyDirectoryIgnoringTheValue() {
    Event e = store.set("/d", true, "ignored", P, T0);
    assertEquals(new Event(Action.SET, dir("/d", 1, 1), null, 1, false), e);
    assertEquals(dir("/d", 1, 1), store.get("/d", false, false, T0).node());
  }

  @Test
  void setWithDirOverAKeyReplacesItWithADirectory() {
    // [verified against etcd 3.4] PUT /kk?dir=true on a key: set, prevNode = the key.
    store.set("/kk", false, "1", P, T0);
    Event e = store.set("/kk", true, "", P, T0);
    assertEquals(new Event(Action.SET, dir("/kk", 2, 2), key("/kk", "1", 1, 1), 2, false), e);
  }

  @Test
  void inOrderCreateOfADirectoryCreatesMissingParents() {
    Event e = store.create("/newq/sub", true, "", true, P, T0);
    assertEquals(dir("/newq/sub/00000000000000000001", 1, 1), e.node());
    assertEquals(dir("/newq", 1, 1), store.get("/newq", false, false, T0).node().withoutNodes());
  }

  @Test
  void setCleansThePathAsGoDoes() {
    Event e = store.set("a//b/./c/../d/", false, "v", P, T0);
    assertEquals("/a/b/d", e.node().key());
    assertEquals("v", store.get("/a/b/d", false, false, T0).node().value());
  }

  @Test
  void keysKeepEmptyValues() {
    store.set("/e", false, "", P, T0);
    assertEquals("", store.get("/e", false, false, T0).node().value());
  }

  @Test
  void getOfAKeyReportsTheCurrentIndex() {
    store.set("/k", false, "v", P, T0);
    store.set("/other", false, "v", P, T0);
    Event e = store.get("/k", false, false, T0);
    assertEquals(new Event(Action.GET, key("/k", "v", 1, 1), null, 2, false), e);
  }

  @Test
  void getOfADirectoryListsVisibleChildrenOneLevelSorted() {
    store.set("/d/b", false, "2", P, T0);
    store.set("/d/a/x", false, "1", P, T0);
    store.set("/d/_hidden", false, "h", P, T0);
    NodeExtern d = store.get("/d", false, false, T0).node();
    assertEquals(List.of(dir("/d/a", 2, 2), key("/d/b", "2", 1, 1)), d.nodes());
  }

  @Test
  void recursiveGetExpandsTheWholeSubtreeAndHidesHiddenNodesAtEveryLevel() {
    store.set("/d/a/x", false, "1", P, T0);
    store.set("/d/a/_y", false, "2", P, T0);
    store.set("/d/_h/z", false, "3", P, T0);
    NodeExtern d = store.get("/d", true, true, T0).node();
    NodeExtern a =
        new NodeExtern("/d/a", null, true, null, 0, List.of(key("/d/a/x", "1", 1, 1)), 1, 1);
    assertEquals(List.of(a), d.nodes());
  }

  @Test
  void sortedOrderIsByteWiseAcrossDigitBoundaries() {
    store.set("/q/9", false, "", P, T0);
    store.set("/q/10", false, "", P, T0);
    store.set("/q/\uD83D\uDE00", false, "", P, T0); // U+1F600, above U+FFFD in UTF-8 order
    store.set("/q/\uFFFD", false, "", P, T0);
    List<String> keys =
        store.get("/q", false, true, T0).node().nodes().stream().map(NodeExtern::key).toList();
    assertEquals(List.of("/q/10", "/q/9", "/q/\uFFFD", "/q/\uD83D\uDE00"), keys);
  }

  @Test
  void emptyDirectoryHasNoNodes() {
    store.set("/d", true, "", P, T0);
    assertNull(store.get("/d", true, false, T0).node().nodes());
  }

  @Test
  void rootListsChildrenAndHasIndexZero() {
    store.set("/k", false, "v", P, T0);
    NodeExtern root = store.get("/", false, false, T0).node();
    assertEquals(
        new NodeExtern("/", null, true, null, 0, List.of(key("/k", "v", 1, 1)), 0, 0), root);
  }

  @Test
  void hiddenKeysAreDirectlyAddressable() {
    store.set("/_h", false, "secret", P, T0);
    assertEquals("secret", store.get("/_h", false, false, T0).node().value());
    assertNull(store.get("/", false, false, T0).node().nodes());
  }

  @Test
  void createMakesANewNode() {
    Event e = store.create("/c", false, "v", false, P, T0);
    assertEquals(new Event(Action.CREATE, key("/c", "v", 1, 1), null, 1, false), e);
    assertTrue(e.isCreated());
  }

  @Test
  void createDirectory() {
    Event e = store.create("/c", true, "", false, P, T0);
    assertEquals(new Event(Action.CREATE, dir("/c", 1, 1), null, 1, false), e);
  }

  @Test
  void inOrderCreateNamesKeysByIndexPaddedTo20Digits() {
    store.set("/other", false, "", P, T0);
    Event first = store.create("/queue", false, "a", true, P, T0);
    Event second = store.create("/queue", false, "b", true, P, T0);
    assertEquals(key("/queue/00000000000000000002", "a", 2, 2), first.node());
    assertEquals(key("/queue/00000000000000000003", "b", 3, 3), second.node());
    assertEquals(Action.CREATE, second.action());
    List<String> listed =
        store.get("/queue", false, true, T0).node().nodes().stream().map(NodeExtern::key).toList();
    assertEquals(List.of(first.node().key(), second.node().key()), listed);
  }

  @Test
  void inOrderCreateOfADirectoryAndUnderTheRoot() {
    Event e = store.create("/", true, "", true, P, T0);
    assertEquals(dir("/00000000000000000001", 1, 1), e.node());
  }

  @Test
  void updateKeepsCreatedIndexAndReturnsPrevNode() {
    store.set("/k", false, "one", P, T0);
    Event e = store.update("/k", "two", P, T0);
    assertEquals(
        new Event(Action.UPDATE, key("/k", "two", 2, 1), key("/k", "one", 1, 1), 2, false), e);
    assertEquals(key("/k", "two", 2, 1), store.get("/k", false, false, T0).node());
    assertFalse(e.isCreated());
  }

  @Test
  void updateOfADirectoryWithEmptyValueKeepsItsModifiedIndexAsEtcdDoes() {
    store.set("/d/k", false, "v", P, T0);
    Event e = store.update("/d", "", P, T0);
    assertEquals(new Event(Action.UPDATE, dir("/d", 2, 1), dir("/d", 1, 1), 2, false), e);
    // [verified against etcd 3.4] node.Write fails on a directory: modifiedIndex stays.
    assertEquals(1, store.get("/d", false, false, T0).node().modifiedIndex());
    assertEquals(2, store.index());
  }

  @Test
  void compareAndSwapOnValue() {
    store.set("/k", false, "one", P, T0);
    Event e = store.compareAndSwap("/k", "one", 0, "two", P, T0);
    assertEquals(
        new Event(
            Action.COMPARE_AND_SWAP, key("/k", "two", 2, 1), key("/k", "one", 1, 1), 2, false),
        e);
  }

  @Test
  void compareAndSwapOnIndex() {
    store.set("/k", false, "one", P, T0);
    Event e = store.compareAndSwap("/k", "", 1, "two", P, T0);
    assertEquals(key("/k", "two", 2, 1), e.node());
  }

  @Test
  void compareAndSwapOnBothNeedsBoth() {
    store.set("/k", false, "one", P, T0);
    Event e = store.compareAndSwap("/k", "one", 1, "two", P, T0);
    assertEquals("two", e.node().value());
  }

  @Test
  void compareAndSwapWithNoConditionAlwaysSwaps() {
    store.set("/k", false, "one", P, T0);
    assertEquals("two", store.compareAndSwap("/k", "", 0, "two", P, T0).node().value());
  }

  @Test
  void deleteKey() {
    store.set("/k", false, "v", P, T0);
    Event e = store.delete("/k", false, false, T0);
    assertEquals(
        new Event(
            Action.DELETE,
            new NodeExtern("/k", null, false, null, 0, null, 2, 1),
            key("/k", "v", 1, 1),
            2,
            false),
        e);
    StoreTesting.assertError(
        ErrorCode.KEY_NOT_FOUND, "/k", 2, () -> store.get("/k", false, false, T0));
  }

  @Test
  void deleteKeyIgnoresDirAndRecursive() {
    store.set("/k", false, "v", P, T0);
    assertEquals(Action.DELETE, store.delete("/k", true, true, T0).action());
  }

  @Test
  void deleteEmptyDirectoryWithDir() {
    store.set("/d", true, "", P, T0);
    Event e = store.delete("/d", true, false, T0);
    assertEquals(new Event(Action.DELETE, dir("/d", 2, 1), dir("/d", 1, 1), 2, false), e);
  }

  @Test
  void recursiveDeleteRemovesTheSubtreeInOneEvent() {
    store.set("/d/a/x", false, "1", P, T0);
    store.set("/d/b", false, "2", P, T0);
    Event e = store.delete("/d", false, true, T0);
    assertEquals(new Event(Action.DELETE, dir("/d", 3, 1), dir("/d", 1, 1), 3, false), e);
    assertEquals(3, store.index());
    assertNull(store.get("/", false, false, T0).node().nodes());
  }

  @Test
  void compareAndDelete() {
    store.set("/k", false, "v", P, T0);
    Event e = store.compareAndDelete("/k", "v", 1, T0);
    assertEquals(
        new Event(
            Action.COMPARE_AND_DELETE,
            new NodeExtern("/k", null, false, null, 0, null, 2, 1),
            key("/k", "v", 1, 1),
            2,
            false),
        e);
  }

  @Test
  void namespacesAreReadOnlyDirectoriesAtIndexZero() {
    Store s = new Store(StoreConfig.DEFAULT, "/0", "/1");
    assertEquals(dir("/1", 0, 0), s.get("/1", false, false, T0).node());
    StoreTesting.assertError(ErrorCode.ROOT_READ_ONLY, "/", 0, () -> s.set("/1", true, "", P, T0));
    StoreTesting.assertError(
        ErrorCode.ROOT_READ_ONLY, "/", 0, () -> s.delete("/0", true, true, T0));
    assertEquals("/1/k", s.set("/1/k", false, "v", P, T0).node().key());
  }

  @Test
  void nullArgumentsAreRejectedBeforeAnythingChanges() {
    store.set("/k", false, "v", P, T0);
    org.junit.jupiter.api.Assertions.assertThrows(
        NullPointerException.class, () -> store.set("/k", false, null, P, T0));
    org.junit.jupiter.api.Assertions.assertThrows(
        NullPointerException.class, () -> store.compareAndSwap("/k", null, 0, "w", P, T0));
    org.junit.jupiter.api.Assertions.assertThrows(
        NullPointerException.class, () -> store.update("/k", "w", null, T0));
    assertEquals(key("/k", "v", 1, 1), store.get("/k", false, false, T0).node());
    assertEquals(1, store.index());
  }

  @Test
  void failedOperationsDoNotTakeAnIndex() {
    store.set("/k", false, "v", P, T0);
    try {
      store.create("/k", false, "v", false, P, T0);
    } catch (StoreException expected) {
      // counted below
    }
    assertEquals(1, store.index());
    assertEquals(2, store.set("/j", false, "", P, T0).modifiedIndex());
  }
}
