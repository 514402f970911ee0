package cairn.bench;

import cairn.store.Store;
import cairn.store.TtlOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;

/**
 * Retained heap per key: fills a store with N keys (default 1,000,000) of 256-byte values, each
 * value its own String as if decoded from a request, and compares used heap after full GCs before
 * and after. Run from the repository root after {@code mvn -pl node test-compile}:
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp node/target/classes:node/target/test-classes cairn.bench.StoreMemory
 * </pre>
 *
 * Arguments: the number of keys, then {@code hold} to wait 60 s for {@code jcmd <pid>
 * GC.class_histogram}.
 */
public final class StoreMemory {

  private StoreMemory() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(mem);
    Store store = new Store();
    char[] value = new char[256];
    for (int i = 0; i < n; i++) {
      // Distinct content per key, so no value is shared: ASCII, as a form decoder would produce.
      for (int j = 0; j < value.length; j++) {
        value[j] = (char) ('a' + (i + j) % 26);
      }
      store.set("/mem/k" + i, false, new String(value), TtlOptions.PERMANENT, now);
    }
    long after = usedAfterGc(mem);
    long perKey = (after - before) / n;
    System.out.printf(
        "keys=%d heapBefore=%d heapAfter=%d retainedBytesPerKey=%d (value payload 256)%n",
        n, before, after, perKey);
    if (store.index() != n) {
      throw new IllegalStateException("store lost writes");
    }
    long t0 = System.nanoTime();
    byte[] snapshot = store.save();
    long t1 = System.nanoTime();
    Store copy = new Store();
    copy.recover(snapshot);
    long t2 = System.nanoTime();
    System.out.printf(
        "snapshot=%d bytes save=%d ms recover=%d ms%n",
        snapshot.length, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    if (copy.index() != n) {
      throw new IllegalStateException("snapshot lost writes");
    }
    copy = null;
    snapshot = null;
    if (args.length > 1 && args[1].equals("hold")) {
      // Time for `jcmd <pid> GC.class_histogram` to break the figure down by class.
      System.out.println("holding for 60 s, pid " + ProcessHandle.current().pid());
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.println(store.index()); // keep the store reachable while holding
    }
  }

  private static long usedAfterGc(MemoryMXBean mem) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
