package cairn.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.InjectedBug;
import org.junit.jupiter.api.Test;

/**
 * The deterministic simulation (TigerBeetle-style): thousands of seeded schedules of 3- and 5-node
 * clusters with drops, delays, duplicates, reordering, partitions, crashes, compaction, proposals,
 * reads, transfers and membership changes, with the invariants of {@link SimChecker} checked after
 * every step and a liveness phase at the end.
 *
 * <p>System properties: {@code cairn.sim.seed} replays one schedule; {@code cairn.sim.schedules}
 * (default 10000) and {@code cairn.sim.firstSeed} (default 1, so that CI runs a fixed, known set;
 * {@code random} picks one from the clock and prints it) run more.
 */
class RaftSimulationTest {

  static String replay(long seed) {
    return "mvn -B -pl node test -Dtest=RaftSimulationTest -Dcairn.sim.seed=" + seed;
  }

  @Test
  void schedulesKeepRaftSafeAndLive() {
    String one = System.getProperty("cairn.sim.seed");
    long first;
    int count;
    if (one != null) {
      first = Long.parseLong(one);
      count = 1;
    } else {
      count = Integer.getInteger("cairn.sim.schedules", 10000);
      String f = System.getProperty("cairn.sim.firstSeed");
      if (f == null) {
        first = 1;
      } else if (f.equals("random")) {
        first = System.nanoTime() & 0xFFFF_FFFFL;
      } else {
        first = Long.parseLong(f);
      }
    }
    System.out.printf("raft simulation: %d schedules from seed %d%n", count, first);
    long started = System.nanoTime();
    long applied = 0;
    long leaders = 0;
    for (long seed = first; seed < first + count; seed++) {
      Simulator.Result r;
      try {
        r = new Simulator(SimOptions.fromSeed(seed, InjectedBug.NONE)).run();
      } catch (Throwable t) {
        System.out.printf(
            "raft simulation: seed %d FAILED; replay with:%n  %s%n", seed, replay(seed));
        throw t;
      }
      applied += r.applied();
      leaders += r.leaders();
    }
    double secs = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "raft simulation: %d schedules passed in %.1f s (%d elections, %d entries applied)%n",
        count, secs, leaders, applied);
    assertTrue(leaders >= count, "every schedule should elect at least one leader");
  }

  @Test
  void aSeedReplaysExactly() {
    for (long seed = 1; seed <= 20; seed++) {
      Simulator.Result a = new Simulator(SimOptions.fromSeed(seed, InjectedBug.NONE)).run();
      Simulator.Result b = new Simulator(SimOptions.fromSeed(seed, InjectedBug.NONE)).run();
      assertEquals(a, b, "seed " + seed);
    }
  }
}
