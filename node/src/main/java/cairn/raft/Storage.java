package cairn.raft;

import java.util.List;

/**
 * The durable log as Raft reads it. Raft never writes through this interface: the caller persists
 * what a {@link Ready} hands out and then makes it visible here (for example by appending to a
 * {@link MemoryStorage} after writing the WAL). Index {@code firstIndex() - 1} is the last index of
 * the snapshot; its term stays readable.
 */
public interface Storage {

  /** The hard state and the membership as of the snapshot, to start from. */
  InitialState initialState();

  /**
   * Entries in [lo, hi), at least one if lo < hi, then as many as fit in {@code maxSizeBytes}.
   *
   * @throws LogCompactedException if lo <= the snapshot index
   */
  List<Entry> entries(long lo, long hi, long maxSizeBytes);

  /**
   * The term of the entry at {@code index}, for firstIndex() - 1 <= index <= lastIndex().
   *
   * @throws LogCompactedException below that range
   * @throws LogUnavailableException above it
   */
  long term(long index);

  long firstIndex();

  long lastIndex();

  /** The most recent snapshot; {@link Snapshot#EMPTY} when there is none. */
  Snapshot snapshot();

  /** What a node restarts from. */
  record InitialState(HardState hardState, ConfState confState) {}
}
