package cairn.migrate.v04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Decoding every command of the real fixtures. */
class Command04Test {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));

  private static List<Command04> decodeAll(Path log) throws IOException {
    List<Command04> commands = new ArrayList<>();
    for (LogEntry04 entry : Log04Reader.read(log).entries()) {
      commands.add(Command04.decode(entry, log));
    }
    return commands;
  }

  @Test
  void theCmdlogHasOneOfEachKindWithItsFields() throws IOException {
    List<Command04> commands = decodeAll(FIXTURES.resolve("migrate-cmdlog/cmdlog"));
    assertEquals(
        new Command04.Join("alice", "http://127.0.0.1:7001", "http://127.0.0.1:4001", 2, 2),
        commands.get(0));
    assertEquals(new Command04.SetClusterConfig(9, 1800, 5), commands.get(1));
    assertEquals(new Command04.RaftInternal("raft:nop"), commands.get(2));
    assertEquals(new Command04.Remove("alice"), commands.get(3));
    assertEquals(new Command04.CompareAndDelete("foo", "baz", 9), commands.get(4));
    Instant unixZeroInPst = Instant.EPOCH;
    assertEquals(
        new Command04.CompareAndSwap("foo", "bar", unixZeroInPst, "baz", 9), commands.get(5));
    assertEquals(new Command04.Create("foo", "bar", unixZeroInPst, true, true), commands.get(6));
    assertEquals(new Command04.Delete("foo", true, true), commands.get(7));
    assertEquals(new Command04.Set("foo", "bar", unixZeroInPst, true), commands.get(8));
    assertEquals(new Command04.Sync(unixZeroInPst), commands.get(9));
    assertEquals(new Command04.Update("foo", "bar", unixZeroInPst), commands.get(10));
    assertEquals(new Command04.RaftInternal("raft:leave"), commands.get(11));
    assertEquals(new Command04.RaftInternal("raft:join"), commands.get(12));
  }

  @Test
  void theCapturedClusterLogDecodesWithSyncsDominating() throws IOException {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Command04 command : decodeAll(FIXTURES.resolve("captured-v0.4.9/cluster/node0/log"))) {
      kinds.merge(command.getClass().getSimpleName(), 1, Integer::sum);
    }
    assertEquals(358, kinds.get("Sync"));
    assertEquals(5, kinds.get("Join"));
    assertEquals(1, kinds.get("Remove"));
  }

  @Test
  void theSpecialValueAndATtlKeepTheirExactForm() throws IOException {
    List<Command04> commands = decodeAll(FIXTURES.resolve("captured-v0.4.9/cluster/node0/log"));
    Command04.Set special = assertInstanceOf(Command04.Set.class, commands.get(20));
    assertEquals("/config/db", special.key());
    assertEquals("host=db&port=5432 <x> \"quoted\" ünïcødé €", special.value());
    assertEquals(null, special.expireTime());
  }

  @Test
  void zeroTwoCommandsAreUnknownAsZeroFourTreatedThem() throws IOException {
    List<Command04> commands = decodeAll(FIXTURES.resolve("v0.4-tests-v1.cluster/node0/log"));
    assertEquals(new Command04.Unknown("etcd:testAndSet"), commands.get(10));
  }
}
