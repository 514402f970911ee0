package cairn.raft;

import cairn.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's view of its log: the stable part in {@link Storage}, the unstable tail in {@link
 * Unstable}, and the commit and applied cursors. Term lookups return -1 for indexes it does not
 * know (compacted or beyond the end), never a made-up term.
 */
final class RaftLog {
  final Storage storage;
  final Unstable unstable;
  long committed;
  long applied;
  private final long maxNextEntsBytes;

  RaftLog(Storage storage, long maxNextEntsBytes) {
    this.storage = storage;
    this.maxNextEntsBytes = maxNextEntsBytes;
    this.unstable = new Unstable(storage.lastIndex() + 1);
    this.committed = storage.firstIndex() - 1;
    this.applied = storage.firstIndex() - 1;
  }

  long firstIndex() {
    long i = unstable.maybeFirstIndex();
    return i >= 0 ? i : storage.firstIndex();
  }

  long lastIndex() {
    long i = unstable.maybeLastIndex();
    return i >= 0 ? i : storage.lastIndex();
  }

  long term(long i) {
    if (i < firstIndex() - 1 || i > lastIndex()) {
      return -1;
    }
    long t = unstable.maybeTerm(i);
    if (t >= 0) {
      return t;
    }
    try {
      return storage.term(i);
    } catch (LogCompactedException | LogUnavailableException e) {
      return -1;
    }
  }

  long lastTerm() {
    long t = term(lastIndex());
    Check.state(t >= 0, "unexpected unknown term of the last entry %d", lastIndex());
    return t;
  }

  boolean matchTerm(long i, long t) {
    long ours = term(i);
    return ours >= 0 && ours == t;
  }

  /** Appends after (index, logTerm) if it matches; returns the last new index, or -1. */
  long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents) {
    if (!matchTerm(index, logTerm)) {
      return -1;
    }
    long lastNew = index + ents.size();
    long ci = findConflict(ents);
    if (ci != 0) {
      // Raft's safety rests on never overwriting a committed entry; if it happens, stop.
      Check.state(ci > committed, "entry %d conflicts with committed entry %d", ci, committed);
      append(ents.subList((int) (ci - (index + 1)), ents.size()));
    }
    commitTo(Math.min(leaderCommit, lastNew));
    return lastNew;
  }

  long append(List<Entry> ents) {
    if (ents.isEmpty()) {
      return lastIndex();
    }
    long after = ents.get(0).index() - 1;
    Check.state(after >= committed, "appending after %d is below committed %d", after, committed);
    unstable.truncateAndAppend(ents);
    return lastIndex();
  }

  /** The index of the first entry that is new or conflicts (different term), or 0. */
  long findConflict(List<Entry> ents) {
    for (Entry e : ents) {
      if (!matchTerm(e.index(), e.term())) {
        return e.index();
      }
    }
    return 0;
  }

  /**
   * The largest index at or below {@code index} whose term is at most {@code term}: the fast
   * back-off hint. Unknown terms stop the search (a possible match). Bounded by {@code index}.
   */
  long findConflictByTerm(long index, long term) {
    for (; index > 0; index--) {
      long ours = term(index);
      if (ours < 0 || ours <= term) {
        return index;
      }
    }
    return 0;
  }

  List<Entry> unstableEntries() {
    return unstable.entries.isEmpty() ? List.of() : new ArrayList<>(unstable.entries);
  }

  boolean hasNextCommittedEntries() {
    return committed + 1 > Math.max(applied + 1, firstIndex());
  }

  List<Entry> nextCommittedEntries() {
    long off = Math.max(applied + 1, firstIndex());
    if (committed + 1 > off) {
      return slice(off, committed + 1, maxNextEntsBytes);
    }
    return List.of();
  }

  Snapshot snapshot() {
    return unstable.snapshot != null ? unstable.snapshot : storage.snapshot();
  }

  void commitTo(long toCommit) {
    if (committed < toCommit) {
      Check.state(
          toCommit <= lastIndex(), "commit %d is out of range [last %d]", toCommit, lastIndex());
      committed = toCommit;
    }
  }

  void appliedTo(long i) {
    if (i == 0) {
      return;
    }
    Check.state(
        committed >= i && i >= applied,
        "applied %d out of range [prev applied %d, committed %d]",
        i,
        applied,
        committed);
    applied = i;
  }

  void stableTo(long i, long t) {
    unstable.stableTo(i, t);
  }

  void stableSnapTo(long i) {
    unstable.stableSnapTo(i);
  }

  boolean isUpToDate(long lastIndex, long lastTerm) {
    long ours = lastTerm();
    return lastTerm > ours || (lastTerm == ours && lastIndex >= lastIndex());
  }

  /** Commits up to maxIndex if that entry is from {@code term} (the Figure 8 rule). */
  boolean maybeCommit(long maxIndex, long term) {
    if (maxIndex > committed && term(maxIndex) == term) {
      commitTo(maxIndex);
      return true;
    }
    return false;
  }

  void restore(Snapshot s) {
    committed = s.metadata().index();
    unstable.restore(s);
  }

  /** Entries from i to the end, up to maxBytes (at least one). */
  List<Entry> entries(long i, long maxBytes) {
    long last = lastIndex();
    if (i > last) {
      return List.of();
    }
    return slice(i, last + 1, maxBytes);
  }

  /** Entries in [lo, hi); throws {@link LogCompactedException} if lo is compacted. */
  List<Entry> slice(long lo, long hi, long maxBytes) {
    long first = firstIndex();
    if (lo < first) {
      throw new LogCompactedException(lo, first);
    }
    Check.state(lo <= hi && hi <= lastIndex() + 1, "slice [%d,%d) out of bounds", lo, hi);
    if (lo == hi) {
      return List.of();
    }
    long off = unstable.offset;
    if (hi <= off) {
      return storage.entries(lo, hi, maxBytes);
    }
    if (lo >= off) {
      return MemoryStorage.limitSize(unstable.slice(lo, hi), maxBytes);
    }
    List<Entry> stored = storage.entries(lo, off, maxBytes);
    if (stored.size() < off - lo) {
      return stored; // hit the size limit inside storage
    }
    List<Entry> all = new ArrayList<>(stored);
    all.addAll(unstable.slice(off, hi));
    return MemoryStorage.limitSize(all, maxBytes);
  }
}
