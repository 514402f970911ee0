package cairn.migrate.v04;

import java.util.List;

/**
 * A 0.4 {@code conf} file: a commit index (only a lower bound of the real commit point) and the
 * names of the raft peers other than the member that wrote it.
 */
public record Conf04(long commitIndex, List<String> peers) {

  public Conf04 {
    peers = List.copyOf(peers);
  }
}
