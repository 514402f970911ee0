package cairn.wal;

import cairn.raft.Entry;
import cairn.raft.HardState;
import java.util.List;

/**
 * What a WAL held when it was opened at a snapshot: the metadata, the last hard state, the entries
 * after the snapshot index (overwrites resolved: the last record for an index wins), and what was
 * repaired on the way (a torn tail), in words for the log.
 */
public record WalContents(
    WalMetadata metadata, HardState hardState, List<Entry> entries, List<String> repairs) {

  public WalContents {
    entries = List.copyOf(entries);
    repairs = List.copyOf(repairs);
  }
}
