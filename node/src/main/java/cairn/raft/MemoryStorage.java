package cairn.raft;

import cairn.util.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link Storage} held in memory: the server keeps the log here after writing it to the WAL, and
 * tests use it as the "disk" that survives a simulated crash. Not thread-safe; single-threaded use
 * by the Raft loop is the contract.
 */
public final class MemoryStorage implements Storage {

  private static final byte[] NO_DATA = new byte[0];

  private HardState hardState = HardState.EMPTY;
  private Snapshot snapshot = Snapshot.EMPTY;
  // Reads a snapshot's data back once it was dropped from memory; null while it is held.
  private Function<SnapshotMetadata, Snapshot> readBack;
  // ents.get(0) is a dummy standing for the snapshot's last entry, so index arithmetic has an
  // anchor.
  private final ArrayList<Entry> ents = new ArrayList<>();

  public MemoryStorage() {
    ents.add(new Entry(0, 0, EntryType.NORMAL, NO_DATA));
  }

  /**
   * A storage for a member of a new cluster: a snapshot at index 1, term 1 carrying the initial
   * membership. Every founding member starts from the same one; a node joining later starts empty
   * and receives the leader's snapshot (so it learns the membership it must not miss).
   */
  public static MemoryStorage bootstrapped(ConfState voters, byte[] data) {
    MemoryStorage s = new MemoryStorage();
    s.applySnapshot(new Snapshot(new SnapshotMetadata(1, 1, voters), data));
    s.setHardState(new HardState(1, 0, 1));
    return s;
  }

  @Override
  public InitialState initialState() {
    return new InitialState(hardState, snapshot.metadata().confState());
  }

  public HardState hardState() {
    return hardState;
  }

  public void setHardState(HardState hs) {
    Check.argument(hs.term() >= hardState.term(), "term goes back: %s after %s", hs, hardState);
    hardState = hs;
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxSizeBytes) {
    long offset = ents.get(0).index();
    if (lo <= offset) {
      throw new LogCompactedException(lo, offset + 1);
    }
    Check.argument(hi <= lastIndex() + 1, "entries hi %d beyond last index %d", hi, lastIndex());
    if (lo >= hi) {
      return List.of();
    }
    return limitSize(ents.subList((int) (lo - offset), (int) (hi - offset)), maxSizeBytes);
  }

  /** A copy of the first entries of {@code ents} that fit in maxSizeBytes, at least one. */
  static List<Entry> limitSize(List<Entry> ents, long maxSizeBytes) {
    long size = 0;
    int n = 0;
    for (Entry e : ents) {
      size += e.sizeBytes();
      if (n > 0 && size > maxSizeBytes) {
        break;
      }
      n++;
    }
    return new ArrayList<>(ents.subList(0, n));
  }

  @Override
  public long term(long index) {
    long offset = ents.get(0).index();
    if (index < offset) {
      throw new LogCompactedException(index, offset + 1);
    }
    if (index - offset >= ents.size()) {
      throw new LogUnavailableException(index, lastIndex());
    }
    return ents.get((int) (index - offset)).term();
  }

  @Override
  public long firstIndex() {
    return ents.get(0).index() + 1;
  }

  @Override
  public long lastIndex() {
    return ents.get(0).index() + ents.size() - 1;
  }

  @Override
  public Snapshot snapshot() {
    return readBack == null ? snapshot : readBack.apply(snapshot.metadata());
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  public void applySnapshot(Snapshot snap) {
    long index = snap.metadata().index();
    Check.argument(
        index > snapshot.metadata().index(),
        "snapshot at %d is not newer than %d",
        index,
        snapshot.metadata().index());
    snapshot = snap;
    readBack = null;
    ents.clear();
    ents.add(new Entry(snap.metadata().term(), index, EntryType.NORMAL, NO_DATA));
  }

  /**
   * Records the application's snapshot of everything up to {@code index}; returns false if a
   * snapshot at or after that index exists already.
   */
  public boolean createSnapshot(long index, ConfState confState, byte[] data) {
    if (index <= snapshot.metadata().index()) {
      return false;
    }
    Check.argument(index <= lastIndex(), "snapshot %d beyond last index %d", index, lastIndex());
    snapshot = new Snapshot(new SnapshotMetadata(index, term(index), confState), data);
    readBack = null;
    return true;
  }

  /**
   * Forgets the data of the snapshot at {@code index}, keeping its metadata; {@link #snapshot} then
   * returns what {@code readBack} reads for that metadata. For a caller that keeps the data durable
   * elsewhere: a leader needs it only to catch up a follower, and a large store's data is tens of
   * MiB.
   */
  public void dropSnapshotData(long index, Function<SnapshotMetadata, Snapshot> readBack) {
    if (snapshot.metadata().index() == index && !snapshot.isEmpty()) {
      snapshot = new Snapshot(snapshot.metadata(), NO_DATA);
      this.readBack = readBack;
    }
  }

  /** Discards entries up to and including compactIndex (a snapshot must cover them). */
  public void compact(long compactIndex) {
    long offset = ents.get(0).index();
    if (compactIndex <= offset) {
      return;
    }
    Check.argument(compactIndex <= lastIndex(), "compact %d beyond %d", compactIndex, lastIndex());
    int i = (int) (compactIndex - offset);
    Entry last = ents.get(i);
    ents.subList(1, i + 1).clear();
    ents.set(0, new Entry(last.term(), last.index(), EntryType.NORMAL, NO_DATA));
  }

  /** Appends entries, replacing any existing suffix they conflict with. */
  public void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    long first = firstIndex();
    long lastNew = entries.get(entries.size() - 1).index();
    if (lastNew < first) {
      return;
    }
    if (first > entries.get(0).index()) {
      entries = entries.subList((int) (first - entries.get(0).index()), entries.size());
    }
    long offset = entries.get(0).index() - ents.get(0).index();
    Check.argument(
        offset <= ents.size(),
        "missing log entry: last index %d, appending at %d",
        lastIndex(),
        entries.get(0).index());
    if (offset < ents.size()) {
      ents.subList((int) offset, ents.size()).clear();
    }
    ents.addAll(entries);
  }
}
