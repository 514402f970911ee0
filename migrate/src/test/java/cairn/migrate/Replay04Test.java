package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.migrate.v04.Command04;
import cairn.migrate.v04.DataDir04;
import cairn.migrate.v04.LogEntry04;
import cairn.store.NodeExtern;
import cairn.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replaying real 0.4 logs ends in the state etcd 0.4 served (FIXTURES.md). */
class Replay04Test {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));
  private static final Instant LATER = Instant.parse("2026-11-25T12:00:00Z");

  private static Replay04 replay(Path dir) throws IOException {
    DataDir04 data = DataDir04.read(dir);
    Store start = data.snapshot().isPresent() ? State04.load(data.snapshot().get()) : new Store();
    Replay04 replay = new Replay04(start);
    for (LogEntry04 entry : data.entries()) {
      replay.apply(entry, Command04.decode(entry, dir.resolve("log")));
    }
    return replay;
  }

  private static List<String> keys(NodeExtern node, List<String> into) {
    if (node.nodes() != null) {
      for (NodeExtern child : node.nodes()) {
        into.add(child.key() + (child.dir() ? "/" : "=" + child.value()));
        keys(child, into);
      }
    }
    return into;
  }

  @Test
  void theCapturedClusterReplaysToWhatV049Served() throws IOException {
    Store store = replay(FIXTURES.resolve("captured-v0.4.9/cluster/node0")).store();
    List<String> keys = keys(store.get("/", true, true, LATER).node(), new ArrayList<>());
    assertEquals(
        List.of(
            "/after/",
            "/after/restart=r",
            "/config/",
            "/config/app=v3",
            "/config/db=host=db&port=5432 <x> \"quoted\" ünïcødé €",
            "/empty/",
            "/final=done",
            "/lease=L2"),
        keys);
    assertEquals(
        Instant.parse("2026-12-01T09:31:39.631003957Z"),
        store.get("/lease", false, false, LATER).node().expiration());
    assertEquals(20, store.index(), "the store's index counter ends where 0.4's did");
    List<NodeExtern> machines = store.get("/_etcd/machines", false, true, LATER).node().nodes();
    assertEquals(
        List.of("/_etcd/machines/node0", "/_etcd/machines/node1", "/_etcd/machines/node2"),
        machines.stream().map(NodeExtern::key).toList());
    assertEquals(20, machines.get(2).createdIndex(), "node2 was registered again after removal");
  }

  @Test
  void theCapturedSingleNodeReplaysItsSnapshotAndLogTailToWhatV049Served() throws IOException {
    Store store = replay(FIXTURES.resolve("captured-v0.4.9/single/node0")).store();
    List<String> keys = keys(store.get("/", true, true, LATER).node(), new ArrayList<>());
    assertEquals(
        List.of(
            "/afterfirst=x1",
            "/aftersecond=x2",
            "/cadidx=v1",
            "/queue/",
            "/queue/12=job1",
            "/queue/13=job2",
            "/queue/32=job3",
            "/special=a&b<c>\"q\" ünï €",
            "/ttllong=keep2"),
        keys);
    assertEquals("h", store.get("/_hidden", false, false, LATER).node().value());
    assertEquals(
        Instant.parse("2026-12-04T12:54:39.022161873-08:00".replace("-08:00", "Z"))
            .plusSeconds(8 * 3600),
        store.get("/ttllong", false, false, LATER).node().expiration());
    assertEquals(36, store.index(), "the store's index counter ends where 0.4's did");
    assertEquals(
        "etcd=http%3A%2F%2Flocalhost%3A34001&raft=http%3A%2F%2Flocalhost%3A37001",
        store.get("/_etcd/machines/node0", false, false, LATER).node().value());
  }

  @Test
  void theV1SoloDirectoryHasItsMessageAndItsMember() throws IOException {
    Store store = replay(FIXTURES.resolve("v0.4-tests-v1.solo/node0")).store();
    assertEquals("Hello world", store.get("/message", false, false, LATER).node().value());
    assertEquals(
        "etcd=http%3A%2F%2F127.0.0.1%3A4001&raft=http%3A%2F%2F127.0.0.1%3A7001",
        store.get("/_etcd/machines/node0", false, false, LATER).node().value());
  }

  @Test
  void zeroTwoCommandsAreSkippedAndReported() throws IOException {
    Replay04 replay = replay(FIXTURES.resolve("v0.4-tests-v1.cluster/node0"));
    Store store = replay.store();
    assertEquals("one", store.get("/foo", false, false, LATER).node().value());
    assertEquals("Hola", store.get("/message2", false, false, LATER).node().value());
    assertEquals(4, replay.notes().stream().filter(n -> n.contains("etcd:testAndSet")).count());
    assertTrue(
        store.get("/_etcd/machines", false, true, LATER).node().nodes().stream()
            .noneMatch(m -> m.key().endsWith("node3")),
        "node3 was removed");
  }
}
