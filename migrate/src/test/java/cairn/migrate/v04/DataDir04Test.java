package cairn.migrate.v04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the real 0.4 fixtures in ../shared/fixtures/etcd-0.4 (read in place, never copied). */
class DataDir04Test {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));

  @TempDir Path tmp;

  @Test
  void theCapturedSingleNodeDirectoryReadsAsSnapshotPlusLogTail() throws IOException {
    DataDir04 dir = DataDir04.read(FIXTURES.resolve("captured-v0.4.9/single/node0"));
    assertEquals(new Conf04(1, List.of()), dir.conf().orElseThrow());
    Snapshot04 snapshot = dir.snapshot().orElseThrow();
    assertEquals(310, snapshot.lastIndex());
    assertEquals(0, snapshot.lastTerm());
    assertEquals(List.of("node0"), snapshot.peers());
    assertEquals(12315, snapshot.state().length);
    assertTrue(
        new String(snapshot.state(), StandardCharsets.UTF_8).contains("\"CurrentIndex\":32"));
    // The log holds 111..353; only what follows the snapshot is replayed.
    assertEquals(311, dir.entries().get(0).index());
    assertEquals(353, dir.entries().get(dir.entries().size() - 1).index());
    assertEquals(List.of(), dir.warnings());
  }

  @Test
  void theCapturedClusterLogHasTwoTermsAndEveryCommandKind() throws IOException {
    DataDir04 dir = DataDir04.read(FIXTURES.resolve("captured-v0.4.9/cluster/node0"));
    List<LogEntry04> entries = dir.entries();
    assertEquals(381, entries.size());
    assertEquals(0, entries.get(29).term());
    assertEquals(1, entries.get(30).term());
    assertEquals("raft:nop", entries.get(30).commandName());
    assertEquals(0, entries.get(30).command().length);
    LogEntry04 special = entries.get(20);
    assertEquals(21, special.index());
    assertEquals("etcd:set", special.commandName());
    assertTrue(
        special
            .commandText()
            .contains("host=db\\u0026port=5432 \\u003cx\\u003e \\\"quoted\\\" ünïcødé €"),
        special.commandText());
    assertEquals(81, dir.conf().orElseThrow().commitIndex());
    assertEquals(2, dir.conf().orElseThrow().peers().size());
  }

  @Test
  void theHandEditedCmdlogWithItsShortHeaderReadsAsGoReadsIt() throws IOException {
    Log04Reader.Result log = Log04Reader.read(FIXTURES.resolve("migrate-cmdlog/cmdlog"));
    assertEquals(13, log.entries().size());
    assertEquals(
        List.of(
            "etcd:join",
            "etcd:setClusterConfig",
            "raft:nop",
            "etcd:remove",
            "etcd:compareAndDelete",
            "etcd:compareAndSwap",
            "etcd:create",
            "etcd:delete",
            "etcd:set",
            "etcd:sync",
            "etcd:update",
            "raft:leave",
            "raft:join"),
        log.entries().stream().map(LogEntry04::commandName).toList());
    assertTrue(log.entries().get(0).commandText().endsWith("}\n  "));
    assertEquals(
        Log04Reader.read(FIXTURES.resolve("migrate-cmdlog/cmdlog.5ea1f2d")).entries().size(), 13);
  }

  @Test
  void theV1FixturesRead() throws IOException {
    assertEquals(3, DataDir04.read(FIXTURES.resolve("v0.4-tests-v1.solo/node0")).entries().size());
    assertEquals(
        15, DataDir04.read(FIXTURES.resolve("v0.4-tests-v1.cluster/node2")).entries().size());
  }

  @Test
  void aLogCutAnywhereInsideItsLastEntryDropsOnlyThatEntryWithAWarning() throws IOException {
    byte[] log = Files.readAllBytes(FIXTURES.resolve("v0.4-tests-v1.solo/node0/log"));
    Log04Reader.Result whole = Log04Reader.read(FIXTURES.resolve("v0.4-tests-v1.solo/node0/log"));
    long lastStart = whole.entries().get(2).offset();
    for (int cut = (int) lastStart + 1; cut < log.length; cut++) {
      Path file = tmp.resolve("log-" + cut);
      Files.write(file, Arrays.copyOf(log, cut));
      Log04Reader.Result read = Log04Reader.read(file);
      assertEquals(whole.entries().subList(0, 2), read.entries(), "cut at " + cut);
      assertTrue(read.tornTail().orElseThrow().contains("at offset " + lastStart), "cut at " + cut);
    }
  }

  @Test
  void zeroedBlocksAtTheEndAreATornTail() throws IOException {
    byte[] log = Files.readAllBytes(FIXTURES.resolve("v0.4-tests-v1.solo/node0/log"));
    Path file = tmp.resolve("log");
    Files.write(file, Arrays.copyOf(log, log.length + 4096));
    Log04Reader.Result read = Log04Reader.read(file);
    assertEquals(3, read.entries().size());
    assertTrue(read.tornTail().orElseThrow().contains("zeroed bytes"));
  }

  @Test
  void damageBeforeTheLastEntryStopsWithTheOffset() throws IOException {
    byte[] log = Files.readAllBytes(FIXTURES.resolve("v0.4-tests-v1.solo/node0/log"));
    log[0] = 'x'; // the first length line
    Path file = tmp.resolve("log");
    Files.write(file, log);
    Etcd04FormatException damage =
        assertThrows(Etcd04FormatException.class, () -> Log04Reader.read(file));
    assertEquals(0, damage.offset());
    assertTrue(damage.getMessage().contains(file.toString()), damage.getMessage());
  }

  @Test
  void aSnapshotWhoseChecksumDoesNotMatchIsReported() throws IOException {
    Path dir = tmp.resolve("node0");
    Files.createDirectories(dir.resolve("snapshot"));
    Path original = FIXTURES.resolve("captured-v0.4.9/single/node0");
    Files.copy(original.resolve("log"), dir.resolve("log"));
    Files.copy(original.resolve("conf"), dir.resolve("conf"));
    byte[] snapshot = Files.readAllBytes(original.resolve("snapshot/0_310.ss"));
    snapshot[100] ^= 1;
    Files.write(dir.resolve("snapshot/0_310.ss"), snapshot);
    Etcd04FormatException mismatch =
        assertThrows(Etcd04FormatException.class, () -> DataDir04.read(dir));
    assertTrue(mismatch.getMessage().contains("snapshot checksum mismatch"), mismatch.getMessage());
    assertTrue(mismatch.getMessage().contains("0_310.ss"), mismatch.getMessage());
  }
}
