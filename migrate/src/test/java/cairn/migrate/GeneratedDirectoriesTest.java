package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.migrate.v04.Etcd04FormatException;
import cairn.migrate.v04.Log04Reader;
import cairn.migrate.v04.Standby04;
import cairn.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 0.4 directories of many shapes, written by {@link Etcd04Writer}, migrated and checked. */
class GeneratedDirectoriesTest {

  private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path tmp;

  private static Etcd04Writer founded(Path dir) throws IOException {
    return new Etcd04Writer(dir)
        .join("node0", "http://127.0.0.1:7001", "http://127.0.0.1:4001")
        .command("raft:nop", null);
  }

  /** The snapshot store (if any) plus the replayed log, as Migration computes it. */
  private static Store replayed(Path dir) throws IOException {
    var data = cairn.migrate.v04.DataDir04.read(dir);
    Store store = data.snapshot().isPresent() ? State04.load(data.snapshot().get()) : new Store();
    Replay04 replay = new Replay04(store);
    for (var entry : data.entries()) {
      replay.apply(entry, cairn.migrate.v04.Command04.decode(entry, dir.resolve("log")));
    }
    return store;
  }

  @Test
  void setsTtlsCompareAndSwapDeletesAndUniqueCreatesReplayAs04Did() throws IOException {
    Path dir =
        founded(tmp.resolve("d"))
            .set("/a", "1")
            .command(
                "etcd:set",
                "{\"key\":\"/ttl\",\"value\":\"t\",\"expireTime\":\"2026-01-01T00:00:10Z\",\"dir\":false}")
            .command(
                "etcd:compareAndSwap",
                "{\"key\":\"/a\",\"value\":\"2\",\"expireTime\":\"0001-01-01T00:00:00Z\",\"prevValue\":\"1\",\"prevIndex\":0}")
            .command(
                "etcd:compareAndSwap",
                "{\"key\":\"/a\",\"value\":\"3\",\"expireTime\":\"0001-01-01T00:00:00Z\",\"prevValue\":\"9\",\"prevIndex\":0}")
            .command(
                "etcd:create",
                "{\"key\":\"/q\",\"value\":\"j1\",\"expireTime\":\"0001-01-01T00:00:00Z\",\"unique\":true,\"dir\":false}")
            .command(
                "etcd:create",
                "{\"key\":\"/a\",\"value\":\"x\",\"expireTime\":\"0001-01-01T00:00:00Z\",\"unique\":false,\"dir\":false}")
            .sync("2026-01-01T00:00:11Z")
            .set("/gone", "g")
            .command("etcd:delete", "{\"key\":\"/gone\",\"recursive\":false,\"dir\":false}")
            .write(1, List.of());
    Store store = replayed(dir);
    assertEquals(
        "2",
        store.get("/a", false, false, LATER).node().value(),
        "CAS ok, bad CAS and create failed");
    assertEquals(
        "j1", store.get("/q/5", false, false, LATER).node().value(), "0.4's unpadded unique name");
    assertThrows(cairn.store.StoreException.class, () -> store.get("/ttl", false, false, LATER));
    assertThrows(cairn.store.StoreException.class, () -> store.get("/gone", false, false, LATER));
    // join 1, /a 2, /ttl 3, CAS 4, /q/5 5, expire 6, /gone 7, delete 8
    assertEquals(8, store.index());
  }

  @Test
  void aSnapshotPlusAnOverlappingLogTailIgnoresTheEntriesItCovers() throws IOException {
    Path dir = tmp.resolve("d");
    Etcd04Writer writer = new Etcd04Writer(dir).startingAfter(300);
    String state =
        "{\"Root\":{\"Path\":\"/\",\"CreatedIndex\":0,\"ModifiedIndex\":0,\"ExpireTime\":\"0001-01-01T00:00:00Z\",\"ACL\":\"\",\"Value\":\"\",\"Children\":{"
            + "\"k\":{\"Path\":\"/k\",\"CreatedIndex\":7,\"ModifiedIndex\":7,\"ExpireTime\":\"0001-01-01T00:00:00Z\",\"ACL\":\"\",\"Value\":\"from-snapshot\",\"Children\":null}}},"
            + "\"CurrentIndex\":7}";
    writer.snapshot(310, 0, List.of("node0"), state);
    for (int i = 0; i < 10; i++) {
      writer.set("/k", "covered-" + i); // indexes 301..310: already in the snapshot
    }
    writer.set("/after", "tail");
    writer.write(1, List.of());
    Store store = replayed(dir);
    assertEquals("from-snapshot", store.get("/k", false, false, LATER).node().value());
    assertEquals("tail", store.get("/after", false, false, LATER).node().value());
    assertEquals(8, store.index());
  }

  @Test
  void aTruncatedTailIsDroppedWithAWarningAndTheRestMigrates() throws IOException {
    Path dir = founded(tmp.resolve("d")).set("/a", "1").set("/b", "2").write(1, List.of());
    byte[] log = Files.readAllBytes(dir.resolve("log"));
    Files.write(dir.resolve("log"), Arrays.copyOf(log, log.length - 5));
    Migration.Result result = Migration.run(dir, null, tmp.resolve("out"), false);
    assertTrue(result.notes().get(0).contains("dropped"), result.notes().toString());
    assertEquals(3, result.index(), "the last whole entry");
  }

  @Test
  void damageInEachRegionOfAnEarlierEntryStopsWithItsOffset() throws IOException {
    Path dir = founded(tmp.resolve("d")).set("/a", "1").set("/b", "2").write(1, List.of());
    byte[] pristine = Files.readAllBytes(dir.resolve("log"));
    long second = Log04Reader.read(dir.resolve("log")).entries().get(1).offset();
    // The length line, the index field tag, the command name: each damaged in the second entry.
    for (int at : new int[] {(int) second + 7, (int) second + 9, (int) second + 14}) {
      byte[] damaged = pristine.clone();
      damaged[at] = (byte) 0xff;
      Files.write(dir.resolve("log"), damaged);
      Etcd04FormatException e =
          assertThrows(
              Etcd04FormatException.class,
              () -> Log04Reader.read(dir.resolve("log")),
              "byte " + at);
      assertEquals(second, e.offset(), "byte " + at + ": " + e.getMessage());
    }
  }

  @Test
  void aThreeMemberDirectoryNeedsConfPeersOrANameToKnowItself() throws IOException {
    Etcd04Writer writer =
        founded(tmp.resolve("d"))
            .join("node1", "http://127.0.0.1:7002", "http://127.0.0.1:4002")
            .join("node2", "http://127.0.0.1:7003", "http://127.0.0.1:4003")
            .set("/k", "v");
    Path ambiguous = writer.write(4, List.of());
    IOException refused =
        assertThrows(
            IOException.class, () -> Migration.run(ambiguous, null, tmp.resolve("o1"), false));
    assertTrue(refused.getMessage().contains("pass --name"), refused.getMessage());
    assertEquals("node1", Migration.run(ambiguous, "node1", tmp.resolve("o2"), false).name());
    Path known = writer.write(4, List.of("node0", "node2"));
    Migration.Result result = Migration.run(known, null, tmp.resolve("o3"), false);
    assertEquals("node1", result.name());
    assertEquals(3, result.members().size());
  }

  /**
   * A standby (standby_info Running true) is no member: its directory is refused with the members
   * to migrate instead, whether or not it still has the conf and log of its time as a member. A
   * member that rejoined (Running false, as captured-v0.4.9/cluster/node2) migrates; 0.4 ignored
   * the file then too.
   */
  @Test
  void aStandbysDirectoryIsRefusedWithTheMembersToMigrateInstead() throws IOException {
    String cluster =
        "\"Cluster\":[{\"name\":\"node0\",\"state\":\"leader\","
            + "\"clientURL\":\"http://127.0.0.1:4001\",\"peerURL\":\"http://127.0.0.1:7001\"}],"
            + "\"SyncInterval\":5}";
    Path stale =
        founded(tmp.resolve("stale"))
            .join("node1", "http://127.0.0.1:7002", "http://127.0.0.1:4002")
            .write(3, List.of("node0"));
    Files.writeString(stale.resolve("standby_info"), "{\"Running\":true," + cluster);
    Path bare = Files.createDirectories(tmp.resolve("bare"));
    Files.writeString(bare.resolve("standby_info"), "{\"Running\":true," + cluster);
    for (Path dir : List.of(stale, bare)) {
      IOException refused =
          assertThrows(IOException.class, () -> Migration.run(dir, null, tmp.resolve("o"), false));
      String message = refused.getMessage();
      assertTrue(message.contains("standby (standby_info: Running true)"), message);
      assertTrue(
          message.contains("node0 (peer http://127.0.0.1:7001, client http://127.0.0.1:4001)"),
          message);
      assertTrue(message.contains("etcdctl member add"), message);
      assertTrue(Files.notExists(tmp.resolve("o")), "nothing written for " + dir);
    }

    Files.writeString(stale.resolve("standby_info"), "{\"Running\":false," + cluster);
    Migration.Result rejoined = Migration.run(stale, null, tmp.resolve("o"), false);
    assertEquals("node1", rejoined.name());
    assertEquals(2, rejoined.members().size());

    Files.writeString(stale.resolve("standby_info"), "{\"Running\":");
    assertThrows(
        Etcd04FormatException.class, () -> Migration.run(stale, null, tmp.resolve("o2"), false));
  }

  @Test
  void theCapturedRejoinedMembersStandbyInfoSaysItIsNoStandbyAnyMore() throws IOException {
    Path node2 =
        Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"))
            .resolve("captured-v0.4.9/cluster/node2");
    Standby04 info = Standby04.read(node2).orElseThrow();
    assertEquals(false, info.running());
    assertEquals(
        List.of(
            new Standby04.Machine(
                "node0", "follower", "http://localhost:34101", "http://localhost:37101"),
            new Standby04.Machine(
                "node1", "leader", "http://localhost:34102", "http://localhost:37102")),
        info.cluster());
    assertEquals("node2", Migration.run(node2, null, tmp.resolve("o"), false).name());
  }
}
