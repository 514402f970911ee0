package cairn.store;

import static cairn.store.StoreTesting.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The server's threading: one apply thread writes while HTTP threads read, watch, close watchers,
 * save snapshots and read stats. Checks that readers see consistent states and that no watcher is
 * leaked; bounded in time, no sleeps.
 */
class StoreConcurrencyTest {

  @Test
  void readersAndWatchersRunBesideTheApplyThread() throws Exception {
    Store store = new Store(new StoreConfig(1000, 16));
    int writes = 20_000;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      int id = r;
      Thread t =
          new Thread(
              () -> {
                long lastIndex = 0;
                try {
                  while (!done.get()) {
                    Event e;
                    try {
                      e = store.get("/d", true, false, T0);
                    } catch (StoreException notYet) {
                      assertEquals(ErrorCode.KEY_NOT_FOUND, notYet.errorCode());
                      continue;
                    }
                    assertTrue(e.index() >= lastIndex, "index went back");
                    lastIndex = e.index();
                    Watcher w = store.watch("/d", true, id == 0, 0);
                    w.poll(1, TimeUnit.MILLISECONDS);
                    w.close();
                    if (id == 2) {
                      store.save();
                      store.stats();
                    }
                  }
                } catch (Throwable t2) {
                  failures.add(t2);
                }
              });
      t.start();
      readers.add(t);
    }
    for (int i = 0; i < writes; i++) {
      store.set("/d/k" + (i % 100), false, "v" + i, TtlOptions.PERMANENT, T0);
    }
    done.set(true);
    for (Thread t : readers) {
      t.join(30_000);
    }
    assertEquals(List.of(), new ArrayList<>(failures));
    assertEquals(writes, store.index());
    assertEquals(0, store.stats().watchers(), "every watcher was closed and unregistered");
  }
}
