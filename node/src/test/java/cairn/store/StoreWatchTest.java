package cairn.store;

import static cairn.store.StoreTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Watchers: matching rules, history replay and its window, streams, overflow, removal, threads. */
class StoreWatchTest {

  private static final TtlOptions P = TtlOptions.PERMANENT;
  private final Store store = new Store();

  private void set(String key, String value) {
    store.set(key, false, value, P, T0);
  }

  @Test
  void oneShotWatcherGetsTheNextChangeAndIsThenRemoved() {
    Watcher w = store.watch("/k", false, false, 0);
    assertEquals(0, w.startIndex());
    assertEquals(1, store.stats().watchers());
    Event e = store.set("/k", false, "v", P, T0);
    assertEquals(e, w.poll());
    assertTrue(w.isClosed());
    assertEquals(0, store.stats().watchers());
    set("/k", "again");
    assertNull(w.poll());
  }

  @Test
  void aOneShotWatcherIsWokenOnceWithItsEventAndItsCloseTogether() {
    Watcher w = store.watch("/k", false, false, 0);
    List<String> seen = new ArrayList<>();
    w.setListener(() -> seen.add(w.isClosed() + " " + (w.poll() != null)));
    set("/k", "v");
    assertEquals(List.of("true true"), seen);
  }

  @Test
  void theListenerRunsWithoutTheWatchersLock() throws Exception {
    // An event loop that drains the watcher at once must not wait for the apply thread.
    Watcher w = store.watch("/k", false, true, 0);
    List<Event> drained = new CopyOnWriteArrayList<>();
    AtomicBoolean drainedWhileListening = new AtomicBoolean();
    w.setListener(
        () -> {
          Thread loop = new Thread(() -> drained.add(w.poll()));
          loop.start();
          try {
            loop.join(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          drainedWhileListening.set(!loop.isAlive());
        });
    Event e = store.set("/k", false, "v", P, T0);
    assertTrue(drainedWhileListening.get(), "the other thread polled while the listener ran");
    assertEquals(List.of(e), drained);
  }

  @Test
  void heldNotificationsReachWatchersOnlyOnReleaseAndInOrder() {
    Watcher oneShot = store.watch("/k", false, false, 0);
    Watcher stream = store.watch("/", true, true, 0);
    store.holdNotifications();
    Event first = store.set("/k", false, "1", P, T0);
    Event second = store.set("/j", false, "2", P, T0);
    store.delete("/k", false, false, T0);
    assertNull(oneShot.poll(), "held");
    assertNull(stream.poll(), "held");
    // A watch registered meanwhile finds the events in the history.
    assertEquals(
        first.node(), store.watch("/k", false, false, first.modifiedIndex()).poll().node());
    store.releaseNotifications();
    assertEquals(first, oneShot.poll());
    assertEquals(first, stream.poll());
    assertEquals(second, stream.poll());
    assertEquals(Action.DELETE, stream.poll().action());
    assertNull(stream.poll());
    set("/k", "after");
    assertEquals("/k", stream.poll().node().key(), "no longer held");
  }

  @Test
  void watcherIgnoresOtherKeysAndANonRecursiveDirectoryWatcherIgnoresChildren() {
    store.set("/d", true, "", P, T0);
    Watcher onDir = store.watch("/d", false, false, 0);
    Watcher onKey = store.watch("/k", false, false, 0);
    set("/d/child", "v");
    set("/kk", "v");
    set("/k/deeper", "v");
    assertNull(onDir.poll());
    assertNull(onKey.poll());
    assertFalse(onDir.isClosed());
  }

  @Test
  void recursiveWatcherSeesChangesBelowButNotHiddenOnes() {
    Watcher w = store.watch("/d", true, true, 0);
    set("/d/_hidden", "x");
    set("/d/_h/deep", "x");
    set("/d/a/b", "x");
    set("/dd", "x");
    assertEquals("/d/a/b", w.poll().node().key());
    assertNull(w.poll());
  }

  @Test
  void recursiveWatcherOnAHiddenDirectorySeesItsChildren() {
    Watcher w = store.watch("/_d", true, false, 0);
    set("/_d/k", "x");
    assertEquals("/_d/k", w.poll().node().key());
  }

  @Test
  void watcherExactlyOnAHiddenKeyIsNotified() {
    Watcher w = store.watch("/_h", false, false, 0);
    set("/_h", "x");
    assertNotNull(w.poll());
  }

  @Test
  void deletingAnAncestorNotifiesWatchersBelowWithTheAncestorsEvent() {
    set("/a/b/c", "v");
    Watcher w = store.watch("/a/b/c", false, false, 0);
    Watcher notBelow = store.watch("/ab", false, false, 0);
    Event e = store.delete("/a", false, true, T0);
    assertEquals("/a", e.node().key());
    assertEquals(e, w.poll());
    assertNull(w.poll());
    assertNull(notBelow.poll());
  }

  @Test
  void deletingAnAncestorDoesNotNotifyAWatcherOnAKeyThatNeverExisted() {
    store.set("/a", true, "", P, T0);
    Watcher w = store.watch("/a/missing", false, false, 0);
    store.delete("/a", true, false, T0);
    // [verified against etcd 3.4] etcd notifies by the removed nodes' paths; /a/missing never
    // existed, so nothing comes live.
    assertNull(w.poll());
  }

  @Test
  void streamWatcherOnADeletedKeyGetsTheEventOnceNotTwiceAsEtcd2() {
    set("/s", "1");
    Watcher w = store.watch("/s", false, true, 0);
    Event e = store.delete("/s", false, false, T0);
    assertEquals(e, w.poll());
    assertNull(w.poll());
  }

  @Test
  void waitIndexInThePastReplaysTheFirstMatchingEventWithTheRegistrationIndex() {
    set("/a", "1");
    set("/k", "2");
    set("/k", "3");
    Watcher w = store.watch("/k", false, false, 1);
    Event e = w.poll();
    assertEquals(2, e.modifiedIndex());
    assertEquals(3, e.index());
    assertEquals(3, w.startIndex());
    assertTrue(w.isClosed());
    assertEquals(0, store.stats().watchers());
  }

  @Test
  void historyReplayMatchesAncestorDirectoryRemoval() {
    set("/d/k", "v");
    store.delete("/d", false, true, T0);
    Watcher w = store.watch("/d/k/deeper", false, false, 2);
    assertEquals(Action.DELETE, w.poll().action());
    Watcher prefixOnly = store.watch("/dx", false, false, 2);
    assertNull(prefixOnly.poll());
  }

  @Test
  void recursiveHistoryReplayMatchesTheWatchedKeyItselfAndSkipsHidden() {
    store.set("/d", true, "", P, T0);
    set("/d/_h", "1");
    store.update("/d", "", P, T0);
    // etcd 2's scan would return the hidden event at 2 and, being recursive, miss /d itself.
    Watcher w = store.watch("/d", true, false, 2);
    assertEquals(3, w.poll().modifiedIndex());
  }

  @Test
  void futureWaitIndexWaitsForThatIndex() {
    Watcher w = store.watch("/k", false, false, 3);
    set("/k", "1");
    set("/k", "2");
    assertNull(w.poll());
    Event third = store.set("/k", false, "3", P, T0);
    assertEquals(third, w.poll());
  }

  @Test
  void exactlyCapacityEventsBackWorksOneMoreIsCleared() {
    for (int i = 1; i <= 1500; i++) {
      set("/k", "v" + i);
    }
    Watcher oldest = store.watch("/k", false, false, 501);
    assertEquals(501, oldest.poll().modifiedIndex());
    StoreTesting.assertError(
        ErrorCode.EVENT_INDEX_CLEARED,
        "the requested history has been cleared [501/500]",
        1500,
        () -> store.watch("/k", false, false, 500));
  }

  @Test
  void historyCapacityIsConfigurable() {
    Store big = new Store(new StoreConfig(5000, 100));
    for (int i = 1; i <= 6000; i++) {
      big.set("/k", false, "v", P, T0);
    }
    assertEquals(1001, big.watch("/k", false, false, 1001).poll().modifiedIndex());
    StoreTesting.assertError(
        ErrorCode.EVENT_INDEX_CLEARED,
        "the requested history has been cleared [1001/1000]",
        6000,
        () -> big.watch("/k", false, false, 1000));
  }

  @Test
  void streamWatcherGetsEveryEventInOrder() {
    Watcher w = store.watch("/", true, true, 0);
    List<Event> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(store.set("/k" + (i % 3), false, "v" + i, P, T0));
    }
    List<Event> got = new ArrayList<>();
    for (Event e = w.poll(); e != null; e = w.poll()) {
      got.add(e);
    }
    assertEquals(sent, got);
    assertFalse(w.isClosed());
    assertEquals(1, store.stats().watchers());
  }

  @Test
  void streamWatcherFromThePastGetsAllPastEventsThenLiveOnes() {
    set("/k", "1");
    set("/other", "x");
    set("/k", "2");
    Watcher w = store.watch("/k", false, true, 1);
    assertEquals(1, w.poll().modifiedIndex());
    assertEquals(3, w.poll().modifiedIndex());
    assertNull(w.poll());
    set("/k", "3");
    assertEquals(4, w.poll().modifiedIndex());
  }

  @Test
  void slowStreamWatcherIsDroppedWhenItsQueueIsFull() {
    Store s = new Store(new StoreConfig(1000, 3));
    Watcher w = s.watch("/k", false, true, 0);
    for (int i = 0; i < 10; i++) {
      s.set("/k", false, "v" + i, P, T0);
    }
    assertTrue(w.isClosed());
    assertTrue(w.overflowed());
    assertEquals(0, s.stats().watchers());
    // The queued events are still readable; then the client re-watches from the last index + 1.
    assertEquals(1, w.poll().modifiedIndex());
    assertEquals(2, w.poll().modifiedIndex());
    assertEquals(3, w.poll().modifiedIndex());
    assertNull(w.poll());
  }

  @Test
  void streamReplayLongerThanTheQueueClosesTheWatcherAfterFillingIt() {
    Store s = new Store(new StoreConfig(1000, 3));
    for (int i = 0; i < 10; i++) {
      s.set("/k", false, "v" + i, P, T0);
    }
    Watcher w = s.watch("/k", false, true, 1);
    assertTrue(w.overflowed());
    assertEquals(0, s.stats().watchers());
    assertEquals(1, w.poll().modifiedIndex());
  }

  @Test
  void closeRemovesTheWatcher() {
    Watcher a = store.watch("/k", false, true, 0);
    Watcher b = store.watch("/k", true, false, 0);
    assertEquals(2, store.stats().watchers());
    a.close();
    a.close();
    assertEquals(1, store.stats().watchers());
    assertTrue(a.isClosed());
    Event e = store.set("/k", false, "v", P, T0);
    assertNull(a.poll());
    assertEquals(e, b.poll());
    assertEquals(0, store.stats().watchers());
    b.close();
    assertEquals(0, store.stats().watchers());
  }

  @Test
  void consumerThreadReceivesEventsWhileTheApplyThreadWrites() throws Exception {
    Watcher w = store.watch("/", true, true, 0);
    AtomicInteger signals = new AtomicInteger();
    w.setListener(signals::incrementAndGet);
    CountDownLatch done = new CountDownLatch(1);
    List<Long> seen = new ArrayList<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                while (seen.size() < 90) {
                  Event e = w.poll(10, TimeUnit.SECONDS);
                  if (e == null) {
                    break;
                  }
                  seen.add(e.modifiedIndex());
                }
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
              done.countDown();
            });
    consumer.start();
    for (int i = 0; i < 90; i++) {
      set("/k" + i, "v");
      if (i % 30 == 29) {
        Thread.sleep(5); // let the consumer drain; the queue holds 100
      }
    }
    assertTrue(done.await(20, TimeUnit.SECONDS));
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 90; i++) {
      expected.add(i);
    }
    assertEquals(expected, seen);
    assertTrue(signals.get() >= 90);
  }

  @Test
  void pollWithTimeoutReturnsNullWhenNothingComes() throws Exception {
    Watcher w = store.watch("/k", false, false, 0);
    assertNull(w.poll(1, TimeUnit.MILLISECONDS));
    w.close();
    assertNull(w.poll(1, TimeUnit.DAYS));
  }

  @Test
  void listenerSetAfterTheEventRunsAtOnce() {
    Watcher w = store.watch("/k", false, false, 0);
    set("/k", "v");
    AtomicInteger calls = new AtomicInteger();
    w.setListener(calls::incrementAndGet);
    assertEquals(1, calls.get());
  }
}
