package cairn.server;

import cairn.raft.Entry;
import cairn.raft.MemoryStorage;
import cairn.raft.Snapshot;
import cairn.raft.Storage;
import cairn.snap.Snapshotter;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The log as Raft reads it: the entries from memory, the snapshot's data from its file. Once a
 * snapshot file is durable the server drops its data from memory ({@link
 * MemoryStorage#dropSnapshotData}): only a leader catching up a follower reads it, and it is the
 * whole store again (30 MiB at 100,000 keys of 256 bytes), which otherwise stayed on the heap.
 */
final class SnapshotsOnDisk implements Storage {

  private final MemoryStorage memory;
  private final Snapshotter snapshotter;
  private final Consumer<String> log;

  SnapshotsOnDisk(MemoryStorage memory, Snapshotter snapshotter, Consumer<String> log) {
    this.memory = memory;
    this.snapshotter = snapshotter;
    this.log = log;
  }

  @Override
  public InitialState initialState() {
    return memory.initialState();
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxSizeBytes) {
    return memory.entries(lo, hi, maxSizeBytes);
  }

  @Override
  public long term(long index) {
    return memory.term(index);
  }

  @Override
  public long firstIndex() {
    return memory.firstIndex();
  }

  @Override
  public long lastIndex() {
    return memory.lastIndex();
  }

  /**
   * The snapshot, its data read from the file when memory holds only its metadata; {@link
   * Snapshot#EMPTY} if the file cannot be read (Raft then sends no snapshot, and tries again).
   */
  @Override
  public Snapshot snapshot() {
    Snapshot s = memory.snapshot();
    if (s.isEmpty() || s.data().length > 0) {
      return s; // a store's data is never empty
    }
    try {
      return snapshotter.load(s.metadata());
    } catch (IOException e) {
      log.accept("could not read the snapshot at index " + s.metadata().index() + ": " + e);
      return Snapshot.EMPTY;
    }
  }
}
