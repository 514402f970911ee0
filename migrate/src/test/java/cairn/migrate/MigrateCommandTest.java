package cairn.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.io.FileSystem;
import cairn.raft.Snapshot;
import cairn.server.MemberIds;
import cairn.snap.Snapshotter;
import cairn.store.Store;
import cairn.store.StoreConfig;
import cairn.store.TtlOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn migrate} through its command line: --dry-run, --verify and progress. */
class MigrateCommandTest {

  private static final Path FIXTURES =
      Path.of(System.getProperty("cairn.fixtures", "../../shared/fixtures/etcd-0.4"));

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int migrate(String... args) {
    return new CommandLine(new MigrateCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  /** A one-member 0.4 directory: join, nop, /a, /b/c at indexes 1 to 4, term 0. */
  private Path small() throws IOException {
    return new Etcd04Writer(tmp.resolve("d"))
        .join("node0", "http://127.0.0.1:7001", "http://127.0.0.1:4001")
        .command("raft:nop", null)
        .set("/a", "1")
        .set("/b/c", "2")
        .write(1, List.of());
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aDryRunPrintsWhatWouldBeMigratedAndWritesNothing() throws IOException {
    Path dir = small();
    List<Path> before = list(dir);
    String id =
        MemberIds.hex(MemberIds.memberId(List.of("http://127.0.0.1:7001"), "etcd-cluster", null));
    assertEquals(
        0, migrate("--data-dir", dir.toString(), "--name", "node0", "--dry-run"), err.toString());
    assertEquals(
        List.of(
            "Dry run: nothing is written",
            "entries: 4 (index 1 to 4)",
            // keys: /0/members/<id>/{raftAttributes,attributes}, /1/_etcd/machines/node0, /1/a,
            // /1/b/c; directories: /0, /0/members, /0/members/<id>, /1, /1/_etcd,
            // /1/_etcd/machines, /1/b
            "store: 5 keys, 7 directories",
            "member node0: peer http://127.0.0.1:7001, client http://127.0.0.1:4001, ID "
                + id
                + " (this data directory)",
            "last index 4, term 1",
            "target: " + dir.resolve("member")),
        out.toString().lines().toList());
    assertEquals(before, list(dir), "nothing written beside the 0.4 files, no temporary directory");
    assertEquals("", err.toString(), "no progress for a small log");

    Path output = tmp.resolve("out");
    assertEquals(
        0, migrate("--data-dir", dir.toString(), "--output", output.toString(), "--dry-run"));
    assertFalse(Files.exists(output), "the --output directory is not even created");
  }

  @Test
  void aDryRunSaysWhenTheTargetExists() throws IOException {
    Path dir = small();
    assertEquals(0, migrate("--data-dir", dir.toString()));
    out.getBuffer().setLength(0);
    assertEquals(0, migrate("--data-dir", dir.toString(), "--dry-run"));
    assertTrue(
        out.toString()
            .contains(
                "target: "
                    + dir.resolve("member")
                    + " (exists: the migration would refuse to overwrite it without --force)"),
        out.toString());
  }

  @Test
  void aMigrationOfEachFixtureShapeVerifiesClean() throws IOException {
    for (String fixture :
        List.of("captured-v0.4.9/single/node0", "captured-v0.4.9/cluster/node0")) {
      Path output = tmp.resolve(fixture.replace('/', '_'));
      out.getBuffer().setLength(0);
      assertEquals(
          0,
          migrate(
              "--data-dir",
              FIXTURES.resolve(fixture).toString(),
              "--output",
              output.toString(),
              "--verify"),
          fixture + ": " + out + err);
      assertTrue(
          out.toString().matches("(?s).*\nverified: \\d+ nodes identical\n"), out.toString());
      assertTrue(Files.isDirectory(output.resolve("member/snap")));
    }
  }

  @Test
  void aDryRunVerifiesTheWouldBeResult() throws IOException {
    Path dir = small();
    assertEquals(0, migrate("--data-dir", dir.toString(), "--dry-run", "--verify"));
    assertTrue(out.toString().endsWith("verified: 12 nodes identical\n"), out.toString());
    assertFalse(Files.exists(dir.resolve("member")));
  }

  @Test
  void aResultTamperedWithAfterWritingIsReportedWithTheDifferingKey() throws IOException {
    Path dir = small();
    Path output = tmp.resolve("out");
    assertEquals(
        0, migrate("--data-dir", dir.toString(), "--output", output.toString(), "--verify"));
    Path member = output.resolve("member");
    tamper(member, "/1/a", "tampered");

    Verification verification =
        Verification.ofWritten(member, Migration.plan(dir, null, 0, Progress.silent()));
    assertFalse(verification.identical());
    // A set replaces the node: /1/a is created anew at the store's next index.
    assertEquals(
        List.of(
            "store index 6 in the result, 5 in the replay of the source",
            "/1/a: value \"tampered\" in the result, \"1\" in the replay of the source",
            "/1/a: createdIndex 6 in the result, 2 in the replay of the source",
            "/1/a: modifiedIndex 6 in the result, 2 in the replay of the source"),
        verification.differences());

    StringWriter printed = new StringWriter();
    assertEquals(1, MigrateCommand.report(new PrintWriter(printed), verification));
    assertTrue(
        printed.toString().contains("differs: /1/a: value \"tampered\""), printed.toString());
    assertTrue(
        printed.toString().endsWith("verification failed: 4 differences\n"), printed.toString());
  }

  @Test
  void aTtlGivenToAKeyAfterWritingIsReportedAsAnExpirationDifference() throws IOException {
    Path dir = small();
    Path output = tmp.resolve("out");
    assertEquals(0, migrate("--data-dir", dir.toString(), "--output", output.toString()));
    Path member = output.resolve("member");
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
    rewrite(
        member, store -> store.update("/1/b/c", "2", TtlOptions.expireAt(expiry), Instant.EPOCH));
    List<String> differences =
        Verification.ofWritten(member, Migration.plan(dir, null, 0, Progress.silent()))
            .differences();
    assertTrue(
        differences.contains(
            "/1/b/c: expiration " + expiry + " in the result, null in the replay of the source"),
        differences.toString());
  }

  @Test
  void atMostTwentyDifferencesArePrintedThenTheirCount() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add("/1/k" + i + ": value \"x\" in the result, \"y\" in the replay of the source");
    }
    StringWriter printed = new StringWriter();
    assertEquals(1, MigrateCommand.report(new PrintWriter(printed), new Verification(many, 30)));
    List<String> lines = printed.toString().lines().toList();
    assertEquals(22, lines.size(), printed.toString());
    assertEquals("differs: " + many.get(19), lines.get(19));
    assertEquals("... and 5 more differences", lines.get(20));
    assertEquals("verification failed: 25 differences", lines.get(21));
  }

  @Test
  void aLongMigrationOffATerminalPrintsAProgressLineEveryTenth() throws IOException {
    Etcd04Writer writer =
        new Etcd04Writer(tmp.resolve("long"))
            .join("node0", "http://127.0.0.1:7001", "http://127.0.0.1:4001");
    while (writer.index() < 20_000) {
      if (writer.index() % 10 == 0) {
        writer.set("/k" + writer.index() % 100, "v" + writer.index());
      } else {
        writer.sync("2026-11-25T14:38:14Z");
      }
    }
    Path dir = writer.write(1, List.of());
    assertEquals(0, migrate("--data-dir", dir.toString(), "--output", tmp.resolve("o").toString()));
    List<String> expected = new ArrayList<>();
    for (int tenth = 1; tenth <= 10; tenth++) {
      expected.add("replayed " + tenth * 2000 + " of 20000 entries (" + tenth * 10 + "%)");
    }
    assertEquals(expected, err.toString().lines().toList());

    err.getBuffer().setLength(0);
    assertEquals(0, migrate("--data-dir", dir.toString(), "--dry-run", "--verify"));
    expected.add("verifying: replaying the 0.4 source again");
    assertEquals(expected, err.toString().lines().toList(), "the second replay is not counted");
    assertTrue(out.toString().contains("entries: 20000 (index 1 to 20000)"), out.toString());
  }

  @Test
  void onATerminalOneLineIsRewrittenAtEveryPercentAndEndedOnce() {
    StringWriter printed = new StringWriter();
    Progress progress = Progress.to(new PrintWriter(printed), true);
    progress.start(10_000);
    for (long i = 1; i <= 10_000; i++) {
      progress.replayed(i);
    }
    String text = printed.toString();
    assertEquals(100, text.chars().filter(c -> c == '\r').count());
    assertTrue(text.startsWith("\rreplayed 100 of 10000 entries (1%)\r"), text.substring(0, 80));
    assertTrue(text.endsWith("\rreplayed 10000 of 10000 entries (100%)\n"));
    assertEquals(1, text.chars().filter(c -> c == '\n').count());
  }

  /**
   * Re-writes the newest snapshot with {@code key} set to {@code value}, as the migration wrote it.
   */
  private static void tamper(Path member, String key, String value) throws IOException {
    rewrite(member, store -> store.set(key, false, value, TtlOptions.PERMANENT, Instant.EPOCH));
  }

  /** Re-writes the newest snapshot after {@code change}, through the migration's own writers. */
  private static void rewrite(Path member, java.util.function.Consumer<Store> change)
      throws IOException {
    Snapshotter snapshotter = new Snapshotter(FileSystem.SYSTEM, member.resolve("snap"));
    Snapshot snapshot = snapshotter.loadNewest().snapshot().orElseThrow();
    Store store = new Store(StoreConfig.DEFAULT, "/0", "/1");
    store.recover(snapshot.data());
    change.accept(store);
    try (Stream<Path> files = Files.list(member.resolve("snap"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    snapshotter.save(new Snapshot(snapshot.metadata(), store.save()));
  }
}
