package cairn.snap;

import cairn.io.FileSystem;
import cairn.raft.ConfState;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import java.nio.file.Path;
import java.util.List;

/**
 * The process that {@link SnapshotCrashTest} kills: saves ever newer 2 MiB snapshots into {@code
 * args[0]}, starting after {@code args[1]}, printing {@code saved <index>} after each save returns.
 * Stops by itself after 60 s.
 */
public final class SnapshotCrashChild {

  static final int DATA_BYTES = 2 << 20;

  private SnapshotCrashChild() {}

  static Snapshot snapshot(long index) {
    byte[] data = new byte[DATA_BYTES];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (index * 31 + i);
    }
    return new Snapshot(new SnapshotMetadata(index, 1, new ConfState(List.of(1L))), data);
  }

  public static void main(String[] args) throws Exception {
    Snapshotter snapshotter = new Snapshotter(FileSystem.SYSTEM, Path.of(args[0]));
    long deadline = System.currentTimeMillis() + 60_000;
    System.out.println("ready");
    System.out.flush();
    for (long index = Long.parseLong(args[1]) + 1; System.currentTimeMillis() < deadline; index++) {
      snapshotter.save(snapshot(index));
      System.out.println("saved " + index);
      System.out.flush();
    }
  }
}
