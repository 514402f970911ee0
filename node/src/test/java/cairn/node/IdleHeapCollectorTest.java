package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The member asks for a collection once per quiet spell after real work, never while it is busy
 * (where G1's wall-clock periodic collection paused it every second) and never for a trickle.
 */
class IdleHeapCollectorTest {

  private static final long MS = 1_000_000;
  private static final long MIB = 1 << 20;

  private final AtomicInteger collections = new AtomicInteger();
  private long now;
  private long allocated;
  private long reclaimable = 300 * MIB;
  private final IdleHeapCollector collector =
      new IdleHeapCollector(0, 0, () -> reclaimable, collections::incrementAndGet);

  /**
   * Advances the clock by one sample interval, during which the process allocated {@code bytes}.
   */
  private boolean tick(long bytes) {
    now += IdleHeapCollector.SAMPLE_INTERVAL.toNanos();
    allocated += bytes;
    return collector.sample(now, allocated);
  }

  private void busyFor(int samples, long bytesEach) {
    for (int i = 0; i < samples; i++) {
      assertFalse(tick(bytesEach), "no collection while the member is busy");
    }
  }

  /** Samples of a member doing nothing at all. */
  private void quietFor(int samples) {
    for (int i = 0; i < samples; i++) {
      tick(0);
    }
  }

  @Test
  void aBusyMemberIsNeverInterrupted() {
    // A client writing in a loop: 4 MiB a second, for a minute.
    busyFor(240, MIB);
    assertEquals(0, collections.get());
  }

  @Test
  void aQuietSpellAfterABurstCollectsOnceAfterOneSecond() {
    busyFor(40, 32 * MIB);
    // Quiet: heartbeats only. The first three samples of quiet are within the second.
    assertFalse(tick(4096));
    assertFalse(tick(4096));
    assertFalse(tick(4096));
    assertTrue(tick(4096), "collected one second after the work stopped");
    for (int i = 0; i < 400; i++) {
      tick(4096);
    }
    assertEquals(1, collections.get(), "once per quiet spell, not every second");
  }

  @Test
  void aLittleWorkDoesNotEarnACollection() {
    // A few requests now and then: under 32 MiB allocated in all.
    for (int round = 0; round < 10; round++) {
      busyFor(4, MIB / 2);
      for (int i = 0; i < 8; i++) {
        tick(1024);
      }
    }
    assertEquals(0, collections.get());
  }

  @Test
  void whatTheStartAllocatedCountsAsWork() {
    IdleHeapCollector started =
        new IdleHeapCollector(0, 40 * MIB, () -> reclaimable, collections::incrementAndGet);
    for (int i = 1; i <= 4; i++) {
      assertEquals(
          i == 4, started.sample(i * IdleHeapCollector.SAMPLE_INTERVAL.toNanos(), 40 * MIB));
    }
  }

  @Test
  void eachQuietSpellAfterNewWorkCollectsAgain() {
    for (int spell = 1; spell <= 3; spell++) {
      busyFor(20, 8 * MIB);
      quietFor(8);
      assertEquals(spell, collections.get());
    }
  }

  @Test
  void aRateJustUnderTheQuietLineCountsAsQuiet() {
    busyFor(8, 16 * MIB);
    long justUnder = IdleHeapCollector.QUIET_BYTES_PER_SECOND / 4 - 1;
    int samples = 0;
    while (collections.get() == 0 && samples < 10) {
      tick(justUnder);
      samples++;
    }
    assertEquals(4, samples);
  }

  @Test
  void aHeapNearItsLiveSizeIsLeftAloneAndTheNextSpellLooksAgain() {
    reclaimable = IdleHeapCollector.WORTHWHILE_RECLAIM_BYTES - 1;
    busyFor(20, 8 * MIB);
    for (int i = 0; i < 40; i++) {
      assertFalse(tick(0), "nothing worth a collection's pauses to give back");
    }
    reclaimable = IdleHeapCollector.WORTHWHILE_RECLAIM_BYTES;
    busyFor(20, 8 * MIB);
    quietFor(8);
    assertEquals(1, collections.get());
  }

  @Test
  void thisJvmsReclaimableHeapIsPartOfItsCommittedHeap() {
    long committed =
        java.lang.management.ManagementFactory.getMemoryMXBean()
            .getHeapMemoryUsage()
            .getCommitted();
    long reclaimableNow = IdleHeapCollector.reclaimableHeapBytes();
    assertTrue(
        reclaimableNow >= 0 && reclaimableNow <= committed, reclaimableNow + " of " + committed);
  }
}
