package cairn.store;

import static cairn.store.StoreTesting.T0;
import static cairn.store.StoreTesting.at;
import static cairn.store.StoreTesting.atMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TTLs with a fake clock: expiry only through sync (deleteExpiredKeys), ttl arithmetic, refresh.
 */
class StoreTtlTest {

  private static final TtlOptions P = TtlOptions.PERMANENT;
  private final Store store = new Store();

  @Test
  void ttlIsCeilingOfSecondsLeftAtTheCallersNow() {
    Event e = store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    assertEquals(at(5), e.node().expiration());
    assertEquals(5, e.node().ttl());
    assertEquals(5, store.get("/k", false, false, atMillis(1)).node().ttl());
    assertEquals(4, store.get("/k", false, false, atMillis(1000)).node().ttl());
    assertEquals(1, store.get("/k", false, false, atMillis(4999)).node().ttl());
    assertEquals(0, store.get("/k", false, false, at(5)).node().ttl());
    // Not collected until a sync: an expired key is still readable, with ttl going negative.
    assertEquals(-2, store.get("/k", false, false, atMillis(7500)).node().ttl());
  }

  @Test
  void absurdTtlSaturatesInsteadOfFailingTheApply() {
    Event e = store.set("/k", false, "v", TtlOptions.expireAt(Instant.MAX), T0);
    assertEquals(Instant.parse("2262-04-11T23:47:16.854775807Z"), e.node().expiration());
    assertEquals(List.of(), store.deleteExpiredKeys(at(1_000_000_000L)));
  }

  @Test
  void keysExpireOnlyWhenASyncIsApplied() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    assertEquals(List.of(), store.deleteExpiredKeys(atMillis(4999)));
    List<Event> expired = store.deleteExpiredKeys(at(5));
    assertEquals(
        List.of(
            new Event(
                Action.EXPIRE,
                new NodeExtern("/k", null, false, null, 0, null, 2, 1),
                new NodeExtern("/k", "v", false, at(5), 0, null, 1, 1),
                2,
                false)),
        expired);
    assertEquals(2, store.index());
    StoreTesting.assertError(
        ErrorCode.KEY_NOT_FOUND, "/k", 2, () -> store.get("/k", false, false, at(5)));
    assertEquals(1, store.stats().expireCount());
  }

  @Test
  void expiryOrderIsSoonestFirstThenByPathEachWithItsOwnIndex() {
    store.set("/b", false, "", TtlOptions.expireAt(at(2)), T0);
    store.set("/a", false, "", TtlOptions.expireAt(at(2)), T0);
    store.set("/c", false, "", TtlOptions.expireAt(at(1)), T0);
    store.set("/keep", false, "", TtlOptions.expireAt(at(9)), T0);
    List<Event> expired = store.deleteExpiredKeys(at(3));
    assertEquals(
        List.of("/c@5", "/a@6", "/b@7"),
        expired.stream().map(e -> e.node().key() + "@" + e.modifiedIndex()).toList());
  }

  @Test
  void zeroTtlNodeIsBornExpiredAndGoesAtTheNextSync() {
    Event e = store.set("/k", false, "v", TtlOptions.expireAt(T0), T0);
    assertEquals(T0, e.node().expiration());
    assertEquals(0, e.node().ttl());
    assertEquals(1, store.deleteExpiredKeys(T0).size());
  }

  @Test
  void directoryExpiryRemovesTheSubtreeInOneEventWithoutDirFlagAsEtcd2() {
    store.set("/d", true, "", TtlOptions.expireAt(at(1)), T0);
    store.set("/d/k", false, "v", TtlOptions.expireAt(at(1)), T0);
    store.set("/d/e/f", false, "v", P, T0);
    List<Event> expired = store.deleteExpiredKeys(at(1));
    assertEquals(1, expired.size());
    Event e = expired.get(0);
    assertEquals(new NodeExtern("/d", null, false, null, 0, null, 4, 1), e.node());
    assertEquals(new NodeExtern("/d", null, true, at(1), 0, null, 1, 1), e.prevNode());
    assertEquals(0, store.ttlCount());
    assertNull(store.get("/", true, false, at(1)).node().nodes());
  }

  @Test
  void writeWithoutTtlMakesTheNodePermanent() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    Event e = store.update("/k", "w", P, T0);
    assertNull(e.node().expiration());
    assertEquals(at(5), e.prevNode().expiration());
    assertEquals(5, e.prevNode().ttl());
    store.set("/c", false, "v", TtlOptions.expireAt(at(5)), T0);
    store.compareAndSwap("/c", "v", 0, "w", P, T0);
    assertEquals(List.of(), store.deleteExpiredKeys(at(100)));
    assertEquals(0, store.ttlCount());
  }

  @Test
  void setReplacingATtlKeyTakesItOutOfTheHeap() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    store.set("/k", false, "w", P, T0);
    assertEquals(List.of(), store.deleteExpiredKeys(at(100)));
  }

  @Test
  void deletingATtlNodeOrAnAncestorTakesItOutOfTheHeap() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    store.set("/d/x/y", false, "v", TtlOptions.expireAt(at(5)), T0);
    store.delete("/k", false, false, T0);
    store.delete("/d", false, true, T0);
    assertEquals(0, store.ttlCount());
    assertEquals(List.of(), store.deleteExpiredKeys(at(100)));
  }

  @Test
  void updateChangesADirectorysTtl() {
    store.set("/d/k", false, "v", P, T0);
    Event e = store.update("/d", "", TtlOptions.expireAt(at(10)), T0);
    assertEquals(10, e.node().ttl());
    assertTrue(e.node().dir());
    assertEquals(at(10), store.get("/d", false, false, T0).node().expiration());
    Event back = store.update("/d", "", P, T0);
    assertNull(back.node().expiration());
    assertEquals(0, store.ttlCount());
  }

  @Test
  void refreshThroughUpdateKeepsValueAndCreatedIndexAndRenewsTtl() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    Event e = store.update("/k", "", TtlOptions.refresh(at(14)), at(4));
    assertEquals(new NodeExtern("/k", "v", false, at(14), 10, null, 2, 1), e.node());
    assertTrue(e.refresh());
    assertEquals(List.of(), store.deleteExpiredKeys(at(13)));
    assertEquals(1, store.deleteExpiredKeys(at(14)).size());
  }

  @Test
  void refreshThroughSetReplacesTheNodeButKeepsItsValue() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    Event e = store.set("/k", false, "", TtlOptions.refresh(at(9)), T0);
    assertEquals(Action.SET, e.action());
    assertEquals(new NodeExtern("/k", "v", false, at(9), 9, null, 2, 2), e.node());
    assertEquals("v", e.prevNode().value());
    assertTrue(e.refresh());
  }

  @Test
  void refreshThroughCompareAndSwapKeepsTheValue() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    Event e = store.compareAndSwap("/k", "v", 0, "", TtlOptions.refresh(at(9)), T0);
    assertEquals(new NodeExtern("/k", "v", false, at(9), 9, null, 2, 1), e.node());
    assertTrue(e.refresh());
  }

  @Test
  void refreshDoesNotNotifyWatchersButTakesAnIndex() {
    store.set("/k", false, "v", TtlOptions.expireAt(at(5)), T0);
    Watcher w = store.watch("/k", false, true, 0);
    store.update("/k", "", TtlOptions.refresh(at(9)), T0);
    assertNull(w.poll());
    assertEquals(2, store.index());
    store.set("/k", false, "after", P, T0);
    assertEquals(3, w.poll().modifiedIndex());
    // History replay skips the refresh event too.
    Watcher past = store.watch("/k", false, false, 2);
    assertEquals(3, past.poll().modifiedIndex());
  }

  @Test
  void createWithRefreshIsAPlainCreate() {
    Watcher w = store.watch("/k", false, false, 0);
    Event e = store.create("/k", false, "", false, TtlOptions.refresh(at(9)), T0);
    assertFalse(e.refresh());
    assertEquals(e, w.poll());
  }

  @Test
  void expireNotifiesWatchersOfTheKeyAndBelowTheExpiredDirectory() {
    store.set("/d/k", false, "v", P, T0);
    store.update("/d", "", TtlOptions.expireAt(at(1)), T0);
    Watcher onKey = store.watch("/d/k", false, false, 0);
    Watcher onRoot = store.watch("/", true, false, 0);
    List<Event> expired = store.deleteExpiredKeys(at(2));
    assertEquals(expired.get(0), onKey.poll());
    assertEquals(expired.get(0), onRoot.poll());
    assertEquals(Action.EXPIRE, expired.get(0).action());
  }
}
