package cairn.raft.sim;

import cairn.raft.Entry;
import cairn.raft.MemoryStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Raft invariants, checked as the simulation runs (Raft paper, Figure 3):
 *
 * <ul>
 *   <li>Election safety: at most one leader per term.
 *   <li>Log matching: entries with the same index and term hold the same command and follow the
 *       same term (checked on every persisted entry, so by induction whole prefixes match).
 *   <li>Leader completeness: a new leader's log holds every entry any node applied.
 *   <li>State-machine safety: no two nodes apply different entries at one index, and their state (a
 *       rolling hash of everything applied) agrees at every index.
 * </ul>
 */
final class SimChecker {
  private record IndexTerm(long index, long term) {}

  private record Fingerprint(long prevTerm, Entry entry) {}

  private final long seed;
  private final Map<Long, Long> leaderOfTerm = new HashMap<>();
  private final Map<IndexTerm, Fingerprint> persisted = new HashMap<>();
  private final List<Entry> applied = new ArrayList<>(); // by index
  private final List<Long> hashAt = new ArrayList<>(); // by index; null: not seen
  private long maxApplied;
  long now;

  SimChecker(long seed) {
    this.seed = seed;
  }

  void fail(String what) {
    throw new SafetyViolation("seed " + seed + " tick " + now + ": " + what);
  }

  long maxApplied() {
    return maxApplied;
  }

  void leader(long term, long id) {
    Long prev = leaderOfTerm.putIfAbsent(term, id);
    if (prev != null && prev != id) {
      fail("election safety: nodes " + prev + " and " + id + " both lead term " + term);
    }
  }

  /** Called before entries are appended to {@code storage}. */
  void persisted(MemoryStorage storage, List<Entry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      long prevTerm;
      if (i > 0) {
        prevTerm = entries.get(i - 1).term();
      } else {
        try {
          prevTerm = storage.term(e.index() - 1);
        } catch (RuntimeException unknown) {
          continue; // before our snapshot: nothing to compare with
        }
      }
      Fingerprint f = new Fingerprint(prevTerm, e);
      Fingerprint old = persisted.putIfAbsent(new IndexTerm(e.index(), e.term()), f);
      if (old != null && !old.equals(f)) {
        fail("log matching: " + e + " after term " + prevTerm + " vs " + old);
      }
    }
  }

  void applied(long node, Entry e, long hash) {
    int i = (int) e.index();
    ensure(i);
    Entry prev = applied.get(i);
    if (prev == null) {
      applied.set(i, e);
    } else if (!prev.equals(e)) {
      fail("state machine safety: node " + node + " applied " + e + " where " + prev + " was");
    }
    hash(node, e.index(), hash);
    maxApplied = Math.max(maxApplied, e.index());
  }

  void hash(long node, long index, long hash) {
    int i = (int) index;
    ensure(i);
    Long prev = hashAt.get(i);
    if (prev == null) {
      hashAt.set(i, hash);
    } else if (prev != hash) {
      fail("state machine safety: node " + node + " state differs at index " + index);
    }
  }

  private void ensure(int i) {
    while (applied.size() <= i) {
      applied.add(null);
      hashAt.add(null);
    }
  }

  /** A new leader, its log persisted: it must hold every applied entry it has not compacted. */
  void leaderComplete(long node, MemoryStorage storage) {
    long first = storage.firstIndex();
    long last = storage.lastIndex();
    for (long i = first; i < applied.size(); i++) {
      Entry e = applied.get((int) i);
      if (e == null) {
        continue;
      }
      if (i > last || storage.term(i) != e.term()) {
        fail("leader completeness: leader " + node + " lacks committed " + e);
      }
    }
  }

  static long mix(long hash, Entry e) {
    long h = hash * 0x9E3779B97F4A7C15L + e.index();
    h = h * 31 + e.term();
    h = h * 31 + e.type().ordinal();
    h = h * 31 + Arrays.hashCode(e.data());
    return h ^ (h >>> 29);
  }
}
