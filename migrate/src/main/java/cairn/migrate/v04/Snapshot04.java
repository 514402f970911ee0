package cairn.migrate.v04;

import java.nio.file.Path;
import java.util.List;

/**
 * A 0.4 snapshot file: the last index and term it covers, the names of all members (this one last),
 * and the store dump ({@code state}, the JSON of 0.4's {@code store.Save}).
 */
public record Snapshot04(
    long lastIndex, long lastTerm, List<String> peers, byte[] state, Path file) {

  public Snapshot04 {
    peers = List.copyOf(peers);
  }
}
