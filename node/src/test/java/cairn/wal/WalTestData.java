package cairn.wal;

import cairn.raft.Entry;
import cairn.raft.EntryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Entries whose content is a function of their index and term, so a reader can check them. */
final class WalTestData {

  static final WalMetadata METADATA = new WalMetadata(0x8e9e05c52164694dL, 0xcdf818194e3a8c32L);

  private WalTestData() {}

  static Entry entry(long term, long index) {
    EntryType type = index % 7 == 0 ? EntryType.CONF_CHANGE : EntryType.NORMAL;
    return new Entry(term, index, type, payload(term, index));
  }

  static byte[] payload(long term, long index) {
    return ("entry " + index + " of term " + term + " " + "x".repeat((int) (index % 50)))
        .getBytes(StandardCharsets.UTF_8);
  }

  static List<Entry> entries(long term, long from, long to) {
    List<Entry> entries = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      entries.add(entry(term, i));
    }
    return entries;
  }
}
