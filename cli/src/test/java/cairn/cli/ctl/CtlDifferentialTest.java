package cairn.cli.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential table: every case runs against one reference etcd twice, once with the
 * reference's {@code ETCDCTL_API=2 etcdctl} and once with ours, each under its own key prefix;
 * standard output, standard error and the exit code must be identical after indexes, expiration
 * times and the prefix are normalised. The cases are in {@code ctl-differential.cases}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtlDifferentialTest {

  private static final String ETCDCTL = "/usr/bin/etcdctl";

  static ReferenceEtcd etcd;
  static int deadPort;

  /** What one run printed and returned. */
  record Outcome(int code, String stdout, String stderr) {}

  /** The server the table runs against: the reference etcd here. */
  ReferenceEtcd startServer() throws Exception {
    return ReferenceEtcd.start();
  }

  @BeforeAll
  void startReference() throws Exception {
    etcd = startServer();
    deadPort = ReferenceEtcd.freePort();
  }

  @AfterAll
  void stopReference() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> oursMatchesTheReference() throws IOException {
    String table;
    try (InputStream in = CtlDifferentialTest.class.getResourceAsStream("ctl-differential.cases")) {
      table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<CtlCase> cases = CtlCase.parse(table);
    assertTrue(cases.size() >= 60, "the table has only " + cases.size() + " cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      CtlCase c = cases.get(i);
      int number = i;
      tests.add(DynamicTest.dynamicTest(c.name(), () -> compare(c, number)));
    }
    return tests.stream();
  }

  private static void compare(CtlCase c, int number) throws Exception {
    String referencePrefix = "/d" + number + "r";
    String oursPrefix = "/d" + number + "o";
    Outcome reference = runReference(c, referencePrefix);
    Outcome ours = runOurs(c, oursPrefix);
    Outcome expected = normalize(reference, referencePrefix);
    Outcome actual = normalize(ours, oursPrefix);
    assertEquals(expected.code(), actual.code(), c.name() + ": exit code\n" + actual);
    assertEquals(expected.stderr(), actual.stderr(), c.name() + ": stderr");
    if (!c.codeAndStderrOnly()) {
      assertEquals(expected.stdout(), actual.stdout(), c.name() + ": stdout");
    }
  }

  private static List<String> substitute(List<String> args, String prefix) {
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      out.add(
          arg.replace("$P", prefix)
              .replace("$EP", etcd.endpoint())
              .replace("$DEAD", "http://127.0.0.1:" + deadPort));
    }
    return out;
  }

  private static List<String> withEndpoints(CtlCase c, List<String> args) {
    List<String> all = new ArrayList<>();
    if (c.withEndpoints()) {
      all.add("--endpoints");
      all.add(etcd.endpoint());
    }
    all.addAll(args);
    return all;
  }

  /** Runs the case's setup with the reference etcdctl; returns the case's environment. */
  private static Map<String, String> prepare(CtlCase c, String prefix) throws Exception {
    for (List<String> setup : c.setup()) {
      List<String> args = new ArrayList<>(List.of("--endpoints", etcd.endpoint()));
      args.addAll(substitute(setup, prefix));
      etcdctl(args, "", Map.of());
    }
    Map<String, String> env = new HashMap<>();
    c.env().forEach((k, v) -> env.put(k, substitute(List.of(v), prefix).get(0)));
    return env;
  }

  private static Outcome runReference(CtlCase c, String prefix) throws Exception {
    Map<String, String> env = prepare(c, prefix);
    return etcdctl(withEndpoints(c, substitute(c.command(), prefix)), c.stdin(), env);
  }

  private static Outcome runOurs(CtlCase c, String prefix) throws Exception {
    Map<String, String> env = prepare(c, prefix);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(c.stdin().getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    int code = CtlMain.run(withEndpoints(c, substitute(c.command(), prefix)), terminal);
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Outcome etcdctl(List<String> args, String stdin, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(ETCDCTL));
    command.addAll(args);
    Path out = Files.createTempFile("etcdctl", ".out");
    Path err = Files.createTempFile("etcdctl", ".err");
    Path in = Files.createTempFile("etcdctl", ".in");
    try {
      Files.writeString(in, stdin);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("ETCDCTL_"));
      builder.environment().put("ETCDCTL_API", "2");
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the reference etcdctl hung: " + command);
      }
      return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      Files.deleteIfExists(in);
    }
  }

  /** Indexes, expirations, TTLs, in-order key names and the key prefix differ between runs. */
  static Outcome normalize(Outcome outcome, String prefix) {
    return new Outcome(
        outcome.code(), normalize(outcome.stdout(), prefix), normalize(outcome.stderr(), prefix));
  }

  private static String normalize(String text, String prefix) {
    return text.replace(prefix, "/$P")
        .replaceAll("(Created-Index|Modified-Index|Index): \\d+", "$1: N")
        .replaceAll("\"(createdIndex|modifiedIndex|index)\":\\d+", "\"$1\":N")
        .replaceAll("\\) \\[\\d+\\]", ") [N]")
        .replaceAll("/\\d{20}", "/IN-ORDER")
        .replaceAll("\"expiration\":\"[^\"]+\"", "\"expiration\":\"T\"")
        .replaceAll("\"ttl\":\\d+", "\"ttl\":N")
        .replaceAll("TTL: [1-9]\\d*", "TTL: N")
        .replaceAll("waitIndex=\\d+", "waitIndex=N")
        .replaceAll("\\(\\[\\d+ != \\d+\\]\\)", "([N != N])")
        // etcd 3.4 also appends a cluster error's details to its first line; 2.x did not.
        .replaceAll(
            "(Error:  client: etcd cluster is unavailable or misconfigured); error #[^\\n]*\\n",
            "$1");
  }
}
