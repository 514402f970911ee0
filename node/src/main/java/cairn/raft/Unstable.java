package cairn.raft;

import cairn.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The tail of the log not yet on stable storage, and a received snapshot not yet persisted. Entries
 * here start at {@code offset}. Terms come back as -1 when this part does not know them.
 */
final class Unstable {
  Snapshot snapshot; // null when none
  final ArrayList<Entry> entries = new ArrayList<>();
  long offset;

  Unstable(long offset) {
    this.offset = offset;
  }

  long maybeFirstIndex() {
    return snapshot != null ? snapshot.metadata().index() + 1 : -1;
  }

  long maybeLastIndex() {
    if (!entries.isEmpty()) {
      return offset + entries.size() - 1;
    }
    return snapshot != null ? snapshot.metadata().index() : -1;
  }

  long maybeTerm(long i) {
    if (i < offset) {
      return snapshot != null && snapshot.metadata().index() == i ? snapshot.metadata().term() : -1;
    }
    long last = maybeLastIndex();
    if (last < 0 || i > last) {
      return -1;
    }
    return entries.get((int) (i - offset)).term();
  }

  /** Entries up to (i, t) are now persisted; ignored if the log changed there since. */
  void stableTo(long i, long t) {
    long gt = maybeTerm(i);
    if (gt == t && i >= offset) {
      entries.subList(0, (int) (i + 1 - offset)).clear();
      offset = i + 1;
    }
  }

  void stableSnapTo(long i) {
    if (snapshot != null && snapshot.metadata().index() == i) {
      snapshot = null;
    }
  }

  void restore(Snapshot s) {
    offset = s.metadata().index() + 1;
    entries.clear();
    snapshot = s;
  }

  void truncateAndAppend(List<Entry> ents) {
    long after = ents.get(0).index();
    if (after == offset + entries.size()) {
      entries.addAll(ents);
    } else if (after <= offset) {
      // Replaces everything unstable; the stale stored suffix is overwritten when persisted.
      offset = after;
      entries.clear();
      entries.addAll(ents);
    } else {
      entries.subList((int) (after - offset), entries.size()).clear();
      entries.addAll(ents);
    }
  }

  List<Entry> slice(long lo, long hi) {
    Check.state(
        offset <= lo && lo <= hi && hi <= offset + entries.size(),
        "unstable slice [%d,%d) out of [%d,%d]",
        lo,
        hi,
        offset,
        offset + entries.size());
    return entries.subList((int) (lo - offset), (int) (hi - offset));
  }
}
