package cairn.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.raft.quorum.MajorityConfig;
import cairn.raft.quorum.VoteResult;
import cairn.raft.tracker.Inflights;
import cairn.raft.tracker.Progress;
import cairn.raft.tracker.ProgressState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small helpers: quorum counting, Inflights, Progress, MemoryStorage, the unstable log. */
class UnitsTest {

  @Test
  void theCommitIndexIsTheHighestIndexAMajorityHasMatched() {
    assertEquals(5, MajorityConfig.committedIndex(new long[] {5}, 1));
    assertEquals(3, MajorityConfig.committedIndex(new long[] {9, 3, 1}, 3));
    assertEquals(1, MajorityConfig.committedIndex(new long[] {9, 3, 1, 0}, 4));
    assertEquals(4, MajorityConfig.committedIndex(new long[] {1, 4, 4, 9, 2}, 5));
  }

  @Test
  void hardAndSoftStatesAreValuesEqualFieldByField() {
    assertEquals(new HardState(2, 1, 7), new HardState(2, 1, 7));
    assertEquals(new HardState(2, 1, 7).hashCode(), new HardState(2, 1, 7).hashCode());
    assertFalse(new HardState(2, 1, 7).equals(new HardState(3, 1, 7)), "term");
    assertFalse(new HardState(2, 1, 7).equals(new HardState(2, 0, 7)), "vote");
    assertFalse(new HardState(2, 1, 7).equals(new HardState(2, 1, 8)), "commit");
    assertTrue(new HardState(0, 0, 0).isEmpty());
    assertFalse(new HardState(0, 0, 1).isEmpty());
    assertEquals(new SoftState(3, StateType.LEADER), new SoftState(3, StateType.LEADER));
    assertEquals(
        new SoftState(3, StateType.LEADER).hashCode(),
        new SoftState(3, StateType.LEADER).hashCode());
    assertFalse(new SoftState(3, StateType.LEADER).equals(new SoftState(2, StateType.LEADER)));
    assertFalse(new SoftState(3, StateType.LEADER).equals(new SoftState(3, StateType.FOLLOWER)));
  }

  @Test
  void votesAreWonLostOrPending() {
    List<Long> v = List.of(1L, 2L, 3L);
    assertEquals(VoteResult.WON, MajorityConfig.voteResult(v, Map.of(1L, true, 2L, true)));
    assertEquals(VoteResult.PENDING, MajorityConfig.voteResult(v, Map.of(1L, true, 2L, false)));
    assertEquals(VoteResult.LOST, MajorityConfig.voteResult(v, Map.of(2L, false, 3L, false)));
    assertEquals(
        VoteResult.PENDING, MajorityConfig.voteResult(v, Map.of(1L, true, 9L, true)), "9 no voter");
  }

  @Test
  void inflightsWrapAroundAndFreeUpToAnIndex() {
    Inflights in = new Inflights(3);
    in.add(10);
    in.add(20);
    in.add(30);
    assertTrue(in.full());
    assertThrows(IllegalStateException.class, () -> in.add(40));
    in.freeLE(15);
    assertEquals(2, in.count());
    in.add(40);
    in.freeLE(35);
    assertEquals(1, in.count());
    in.freeLE(100);
    assertEquals(0, in.count());
  }

  @Test
  void progressMovesBetweenProbeReplicateAndSnapshot() {
    Progress p = new Progress(0, 6, 2);
    p.sentEntries(1);
    assertTrue(p.isPaused(), "one probe at a time");
    assertTrue(p.maybeUpdate(5));
    p.becomeReplicate();
    assertEquals(6, p.next());
    p.sentEntries(2);
    p.sentEntries(1);
    assertEquals(9, p.next());
    assertTrue(p.isPaused(), "window of two is full");
    assertFalse(p.maybeDecrTo(4, 4), "stale rejection");
    assertTrue(p.maybeDecrTo(7, 4));
    assertEquals(6, p.next(), "back to match + 1");
    p.becomeSnapshot(20);
    assertTrue(p.isPaused());
    p.becomeProbe();
    assertEquals(ProgressState.PROBE, p.state());
    assertEquals(21, p.next(), "probe right after the snapshot");
  }

  @Test
  void memoryStorageRejectsGapsAndReadsCompactedRangesAsErrors() {
    MemoryStorage s = MemoryStorage.bootstrapped(new ConfState(List.of(1L)), new byte[0]);
    s.append(RaftTestUtil.entriesWithTerms(1, 1, 2, 2)); // 2..5
    s.append(List.of(Entry.normal(3, 4, new byte[0]))); // truncates 4..5
    assertEquals(4, s.lastIndex());
    assertEquals(3, s.term(4));
    assertThrows(
        IllegalArgumentException.class, () -> s.append(List.of(Entry.normal(3, 7, new byte[0]))));
    assertTrue(s.createSnapshot(3, new ConfState(List.of(1L)), new byte[] {1}));
    s.compact(3);
    assertEquals(4, s.firstIndex());
    assertEquals(1, s.term(3), "the snapshot's term stays readable");
    assertThrows(LogCompactedException.class, () -> s.term(2));
    assertThrows(LogCompactedException.class, () -> s.entries(3, 5, Long.MAX_VALUE));
    assertThrows(LogUnavailableException.class, () -> s.term(5));
    assertEquals(1, s.entries(4, 5, 0).size(), "at least one entry despite the size limit");
  }

  @Test
  void theRaftLogFindsConflictsAndHints() {
    MemoryStorage s = RaftTestUtil.storageWithLog(1, 1, 2, 2, 3); // 2:1 3:2 4:2 5:3
    RaftLog log = new RaftLog(s, Long.MAX_VALUE);
    assertEquals(0, log.findConflict(RaftTestUtil.entriesWithTerms(1, 2)));
    assertEquals(
        4,
        log.findConflict(
            List.of(Entry.normal(2, 3, new byte[0]), Entry.normal(5, 4, new byte[0]))));
    assertEquals(4, log.findConflictByTerm(5, 2), "skips the term-3 entry");
    assertEquals(2, log.findConflictByTerm(5, 1));
    assertEquals(-1, log.term(9));
    assertTrue(log.isUpToDate(5, 3));
    assertFalse(log.isUpToDate(9, 2));
  }

  @Test
  void configRejectsBadSettingsWhenBuilt() {
    MemoryStorage s = new MemoryStorage();
    assertThrows(IllegalArgumentException.class, () -> RaftConfig.builder(0, s).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RaftConfig.builder(1, s).electionTicks(1).heartbeatTicks(1).build());
    assertThrows(
        IllegalArgumentException.class, () -> RaftConfig.builder(1, s).maxInflightMsgs(0).build());
  }
}
