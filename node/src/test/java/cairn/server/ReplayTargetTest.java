package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.http.KeysWrite;
import cairn.raft.ConfChange;
import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.EntryType;
import cairn.raft.HardState;
import cairn.raft.MemoryStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much of its log a restarted member applies before it serves clients. */
class ReplayTargetTest {

  private static final Instant NOW = Instant.parse("2026-11-26T22:00:00Z");

  @Test
  void aTailOfSyncsAndEmptyEntriesPastTheCommitIndexIsLeftToTheNextLeader() {
    // 2 write, 3 write (committed); then 4 sync, 5 empty, 6 sync (not known to be committed)
    MemoryStorage s = log(3, write("/a"), write("/b"), sync(), empty(), sync());
    assertEquals(3, ReplayTarget.of(s));
  }

  @Test
  void aWriteInTheTailIsWaitedFor() {
    MemoryStorage s = log(2, write("/a"), sync(), write("/b"), sync());
    assertEquals(4, ReplayTarget.of(s), "entry 4 may be committed: the member waits for it");
  }

  @Test
  void membershipChangesAndMemberRecordsAreWaitedFor() {
    Entry addMember = new Entry(2, 0, EntryType.CONF_CHANGE, ConfChange.addNode(7).encode());
    assertEquals(3, ReplayTarget.of(log(2, write("/a"), addMember)));
    Entry publish =
        normal(
            new EntryCodec.Request(
                EntryCodec.Kind.PUBLISH,
                1,
                NOW,
                null,
                new EntryCodec.MemberRecord(7, "n7", List.of("http://127.0.0.1:2379"))));
    assertEquals(3, ReplayTarget.of(log(2, write("/a"), publish, sync())));
  }

  @Test
  void everythingCommittedIsApplied() {
    assertEquals(4, ReplayTarget.of(log(4, write("/a"), sync(), empty())));
    assertEquals(1, ReplayTarget.of(log(1)), "an empty log: the snapshot's index");
  }

  /** A log after the bootstrap snapshot at index 1: the entries at 2, 3, ..., commit as given. */
  private static MemoryStorage log(long commit, Entry... entries) {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L)), new byte[0]);
    List<Entry> indexed = new ArrayList<>();
    for (Entry e : entries) {
      indexed.add(new Entry(e.term(), 2 + indexed.size(), e.type(), e.data()));
    }
    s.append(indexed);
    s.setHardState(new HardState(2, 0, commit));
    return s;
  }

  private static Entry write(String key) {
    return request(
        EntryCodec.Kind.WRITE,
        new KeysWrite(KeysWrite.Method.PUT, key, "v", false, null, null, "", 0, false, false));
  }

  private static Entry sync() {
    return request(EntryCodec.Kind.SYNC, null);
  }

  /** A leader's first entry of its term. */
  private static Entry empty() {
    return Entry.normal(2, 0, new byte[0]);
  }

  private static Entry request(EntryCodec.Kind kind, KeysWrite write) {
    return normal(new EntryCodec.Request(kind, 1, NOW, write));
  }

  private static Entry normal(EntryCodec.Request r) {
    return Entry.normal(2, 0, EntryCodec.encode(r));
  }
}
