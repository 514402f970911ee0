package cairn.raft;

import cairn.util.Check;

/**
 * A snapshot of the application's state machine up to {@code metadata.index()}. The data array is
 * owned by the snapshot: never changed after construction.
 */
public record Snapshot(SnapshotMetadata metadata, byte[] data) {

  public static final Snapshot EMPTY = new Snapshot(SnapshotMetadata.EMPTY, new byte[0]);

  public Snapshot {
    Check.argument(metadata != null, "snapshot metadata is null");
    Check.argument(data != null, "snapshot data is null");
  }

  public boolean isEmpty() {
    return metadata.index() == 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Snapshot that
        && metadata.equals(that.metadata)
        && java.util.Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return metadata.hashCode() * 31 + java.util.Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Snapshot[" + metadata + ", " + data.length + " bytes]";
  }
}
