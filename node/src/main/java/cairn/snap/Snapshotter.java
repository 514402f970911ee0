package cairn.snap;

import cairn.io.FileSystem;
import cairn.io.StorageFile;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.util.Check;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Snapshot files in one directory: saved atomically (temporary file, fsync, rename, fsync of the
 * directory), loaded newest first with a fallback to older ones when the newest is damaged, and
 * purged down to a number to keep.
 */
public final class Snapshotter {

  private static final String TEMPORARY_SUFFIX = ".tmp";
  private static final String BROKEN_SUFFIX = ".broken";

  private final FileSystem fs;
  private final Path dir;

  public Snapshotter(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** The result of loading: the snapshot chosen, if any, and what was wrong with newer ones. */
  public record Loaded(Optional<Snapshot> snapshot, List<String> warnings) {
    public Loaded {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Writes a snapshot. When this returns, the file is durable under its final name; a crash before
   * that leaves at most a temporary file, which loading ignores and removes.
   */
  public void save(Snapshot snapshot) throws IOException {
    Check.argument(!snapshot.isEmpty(), "snap: refusing to save an empty snapshot");
    fs.createDirectories(dir);
    String name = SnapshotFile.name(snapshot.metadata());
    Path temporary = dir.resolve(name + TEMPORARY_SUFFIX);
    if (fs.exists(temporary)) {
      fs.delete(temporary);
    }
    try (StorageFile out = fs.create(temporary)) {
      SnapshotFile.write(out, snapshot);
      out.sync();
    }
    fs.rename(temporary, dir.resolve(name));
    fs.syncDirectory(dir);
  }

  /** The snapshots on disk, newest first, by name (their contents are not checked here). */
  public List<SnapshotName> list() throws IOException {
    List<SnapshotName> found = new ArrayList<>();
    if (!fs.isDirectory(dir)) {
      return found;
    }
    for (String name : fs.list(dir)) {
      SnapshotFile.parseName(name)
          .ifPresent(termIndex -> found.add(new SnapshotName(termIndex[0], termIndex[1], name)));
    }
    found.sort(
        (a, b) ->
            a.index() != b.index()
                ? Long.compareUnsigned(b.index(), a.index())
                : Long.compareUnsigned(b.term(), a.term()));
    return found;
  }

  /** A snapshot file's name and the (term, index) it claims. */
  public record SnapshotName(long term, long index, String fileName) {}

  /**
   * Reads the snapshot saved with {@code metadata}'s term and index (other files, temporary ones
   * included, are left alone: a save may be in progress).
   */
  public Snapshot load(SnapshotMetadata metadata) throws IOException {
    Path file = dir.resolve(SnapshotFile.name(metadata));
    Snapshot snapshot = read(file);
    if (snapshot.metadata().index() != metadata.index()
        || snapshot.metadata().term() != metadata.term()) {
      throw new SnapshotCorruptException(file, 12, "its contents do not match its name");
    }
    return snapshot;
  }

  private Snapshot read(Path file) throws IOException {
    try (StorageFile in = fs.open(file)) {
      return SnapshotFile.read(in, file);
    }
  }

  /** Loads the newest valid snapshot; see {@link #loadNewest(Predicate)}. */
  public Loaded loadNewest() throws IOException {
    return loadNewest(metadata -> true);
  }

  /**
   * Loads the newest snapshot that is whole and that {@code usable} accepts (the server accepts
   * only snapshots that the WAL has a marker for). A damaged file is renamed to {@code .broken} and
   * an older one tried; each such fallback is reported in the warnings.
   */
  public Loaded loadNewest(Predicate<SnapshotMetadata> usable) throws IOException {
    List<String> warnings = new ArrayList<>();
    removeTemporaries(warnings);
    for (SnapshotName candidate : list()) {
      Path file = dir.resolve(candidate.fileName());
      Snapshot snapshot;
      try {
        snapshot = read(file);
        if (snapshot.metadata().index() != candidate.index()
            || snapshot.metadata().term() != candidate.term()) {
          throw new SnapshotCorruptException(file, 12, "its contents do not match its name");
        }
      } catch (SnapshotCorruptException e) {
        fs.rename(file, dir.resolve(candidate.fileName() + BROKEN_SUFFIX));
        fs.syncDirectory(dir);
        warnings.add(
            e.getMessage()
                + "; renamed it to "
                + candidate.fileName()
                + BROKEN_SUFFIX
                + " and fell back to an older snapshot");
        continue;
      }
      if (usable.test(snapshot.metadata())) {
        return new Loaded(Optional.of(snapshot), warnings);
      }
      warnings.add("snap: skipped " + file + ": the WAL has no record of it");
    }
    return new Loaded(Optional.empty(), warnings);
  }

  /** Deletes all but the newest {@code keep} snapshot files (0 keeps all); returns the count. */
  public int purge(int keep) throws IOException {
    Check.argument(keep >= 0, "snap: keep %d < 0", keep);
    if (keep == 0) {
      return 0;
    }
    List<SnapshotName> all = list();
    int deleted = 0;
    for (int i = keep; i < all.size(); i++) {
      fs.delete(dir.resolve(all.get(i).fileName()));
      deleted++;
    }
    if (deleted > 0) {
      fs.syncDirectory(dir);
    }
    return deleted;
  }

  private void removeTemporaries(List<String> warnings) throws IOException {
    if (!fs.isDirectory(dir)) {
      return;
    }
    for (String name : fs.list(dir)) {
      if (name.endsWith(".snap" + TEMPORARY_SUFFIX)) {
        fs.delete(dir.resolve(name));
        warnings.add("snap: removed " + dir.resolve(name) + ", left by an interrupted save");
      }
    }
  }
}
