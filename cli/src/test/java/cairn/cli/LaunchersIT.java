package cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launchers in {@code bin/}: they find the jar and a JVM, and exec it. */
class LaunchersIT {

  private static final Path ROOT =
      Path.of(System.getProperty("cairn.root", "..")).toAbsolutePath().normalize();
  private static final Path BIN = ROOT.resolve("bin");

  @TempDir Path workDir;

  /** The environment a launcher sees: this one, less JAVA_HOME, plus the given overrides. */
  private static Map<String, String> environment(String... keyValues) {
    Map<String, String> environment = new HashMap<>();
    environment.put("JAVA_HOME", null);
    environment.put("JAVA_OPTS", null);
    for (int i = 0; i < keyValues.length; i += 2) {
      environment.put(keyValues[i], keyValues[i + 1]);
    }
    return environment;
  }

  private ProcessRun launch(Path launcher, Map<String, String> environment, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    return ProcessRun.of(command, environment, workDir);
  }

  /** {@code launcher --version} with {@code javaOpts}, which must succeed. */
  private ProcessRun versionWith(String launcher, String javaOpts) throws Exception {
    ProcessRun run = launch(BIN.resolve(launcher), environment("JAVA_OPTS", javaOpts), "--version");
    assertEquals(0, run.exitCode(), javaOpts + ": " + run.stderr());
    return run;
  }

  @Test
  void eachLauncherRunsItsSubcommand() throws Exception {
    Map<String, String> launchers =
        Map.of(
            "cairn", "Usage: cairn ",
            "etcd", "Usage: cairn node ",
            "etcdctl", "NAME:\n   etcdctl - ");
    for (Map.Entry<String, String> launcher : launchers.entrySet()) {
      ProcessRun run = launch(BIN.resolve(launcher.getKey()), environment(), "--help");
      assertEquals(0, run.exitCode(), launcher.getKey() + ": " + run.stderr());
      assertTrue(
          run.stdout().startsWith(launcher.getValue()), launcher.getKey() + ": " + run.stdout());
    }
    ProcessRun migrate = launch(BIN.resolve("etcd-migrate"), environment(), "--help");
    assertTrue(migrate.stdout().startsWith("Usage: cairn migrate "), migrate.stdout());
  }

  @Test
  void aLinkToALauncherFromAnotherDirectoryStillFindsTheJar() throws Exception {
    Path link = Files.createSymbolicLink(workDir.resolve("etcdctl"), BIN.resolve("etcdctl"));
    ProcessRun run = launch(link, environment(), "--version");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("etcdctl version 2.3.8 (cairn " + CairnVersion.version() + ")\n", run.stdout());
  }

  @Test
  void withoutJavaHomeTheNewestJdkUnderUsrLibJvmIsChosen() throws Exception {
    ProcessRun run = versionWith("cairn", "-XshowSettings:properties -version");
    Matcher javaHome = Pattern.compile("java\\.home = (\\S+)").matcher(run.stderr());
    assertTrue(javaHome.find(), run.stderr());
    int chosen = majorOf(Path.of(javaHome.group(1)));
    assertEquals(newestUnderUsrLibJvm(), chosen, "chose " + javaHome.group(1));
    assertTrue(chosen >= 17, "chose Java " + chosen);
  }

  @Test
  void theNodesHeapFloorGivesWayToTheHeapJavaOptsAsksFor() throws Exception {
    // The launcher's 64 MiB minimum heap would make the JVM refuse a smaller maximum.
    for (String opts : List.of("-Xmx32m", "-Xms8m -Xmx16m", "-XX:MaxHeapSize=40000000")) {
      ProcessRun run = versionWith("etcd", opts);
      assertTrue(run.stdout().startsWith("etcd Version: "), opts + ": " + run.stdout());
    }
    ProcessRun floor = versionWith("etcd", "-Xmx1g -XX:+PrintFlagsFinal");
    assertTrue(
        Pattern.compile("size_t MinHeapSize += 67108864 ").matcher(floor.stdout()).find(),
        "a 64 MiB minimum heap for a node given -Xmx1g");
  }

  @Test
  void aJavaHomeOlderThan17IsRefusedWithAClearMessage() throws Exception {
    Path oldJdk = workDir.resolve("jdk-11");
    Files.createDirectories(oldJdk.resolve("bin"));
    Files.writeString(oldJdk.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
    Path java = Files.writeString(oldJdk.resolve("bin/java"), "#!/bin/sh\nexit 42\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProcessRun run = launch(BIN.resolve("etcd"), environment("JAVA_HOME", oldJdk.toString()));
    assertEquals(1, run.exitCode());
    assertEquals(
        "etcd: JAVA_HOME=" + oldJdk + " is Java 11; Cairn needs Java 17 or newer\n", run.stderr());
  }

  /**
   * Starts {@code bin/etcd} in the work dir on free loopback ports, with {@code clientUrls} to
   * listen on and {@code flags} added, writing its output to {@code log}; waits until it is ready
   * (a node that is not ready in 30 s fails the test) and returns what it wrote by then.
   */
  private String startNode(List<Process> started, Path log, String clientUrls, String... flags)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                BIN.resolve("etcd").toString(),
                "--data-dir",
                workDir.resolve("n.etcd").toString(),
                "--listen-client-urls",
                clientUrls,
                "--advertise-client-urls",
                "http://127.0.0.1:2379",
                "--listen-peer-urls",
                "http://127.0.0.1:0"));
    command.addAll(List.of(flags));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("JAVA_OPTS");
    Process process = builder.start();
    started.add(process);
    for (int i = 0; i < 600 && process.isAlive() && !ready(log); i++) {
      Thread.sleep(50);
    }
    String output = Files.readString(log);
    assertTrue(ready(log), "the node did not get ready:\n" + output);
    return output;
  }

  private static void stopAll(List<Process> started) throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aNodeStartsOnTheNewestJdkWithoutJvmWarnings() throws Exception {
    // Netty loads a native library: Java 24+ prints four WARNING lines unless native access is on.
    List<Process> started = new ArrayList<>();
    try {
      String output = startNode(started, workDir.resolve("node.log"), "http://127.0.0.1:0");
      assertTrue(!output.contains("WARNING"), output);
    } finally {
      stopAll(started);
    }
  }

  @Test
  void etcdctlTalksToAnHttpsNodeWithTheCertificatesEtcdUsersHave() throws Exception {
    // The pem module's fixtures: a PKCS #1 server key (cfssl) and a SEC 1 client key (openssl).
    Path tls = ROOT.resolve("pem/src/test/resources/tls");
    List<Process> started = new ArrayList<>();
    try {
      String output =
          startNode(
              started,
              workDir.resolve("node.log"),
              "https://127.0.0.1:0",
              "--cert-file",
              tls.resolve("server.pem").toString(),
              "--key-file",
              tls.resolve("server-key.pem").toString(),
              "--ca-file",
              tls.resolve("ca.pem").toString());
      Matcher port =
          Pattern.compile("listening for client requests on 127\\.0\\.0\\.1:(\\d+)")
              .matcher(output);
      assertTrue(port.find(), output);
      // --no-sync: the advertised URL is not the one bound to port 0.
      String endpoint = "https://127.0.0.1:" + port.group(1);
      Map<String, String> env =
          environment(
              "ETCDCTL_CA_FILE", tls.resolve("ca.pem").toString(), "ETCDCTL_ENDPOINTS", endpoint);

      Map<String, String> withCertificate = new HashMap<>(env);
      withCertificate.put("ETCDCTL_CERT_FILE", tls.resolve("client.pem").toString());
      withCertificate.put("ETCDCTL_KEY_FILE", tls.resolve("client-key.pem").toString());
      ProcessRun set =
          launch(BIN.resolve("etcdctl"), withCertificate, "--no-sync", "set", "/tls", "private");
      assertEquals(0, set.exitCode(), set.stderr());
      assertEquals("private\n", set.stdout());
      // --ca-file requires a client certificate: without one the handshake fails, which etcdctl
      // reports as a server error (4), not a connection error (2).
      ProcessRun anonymous = launch(BIN.resolve("etcdctl"), env, "--no-sync", "get", "/tls");
      assertEquals(4, anonymous.exitCode(), anonymous.stdout() + anonymous.stderr());
      // Its words vary with the race between the server's alert and its close (TLS 1.3):
      // "remote error: tls: certificate required" or "Connection reset by peer".
      assertTrue(
          anonymous.stderr().startsWith("Error:  client: etcd cluster is unavailable"),
          anonymous.stderr());
    } finally {
      stopAll(started);
    }
  }

  private static boolean ready(Path log) throws IOException {
    return Files.exists(log) && Files.readString(log).contains("ready to serve client requests");
  }

  @Test
  void theLauncherExecsTheJvmSoBothShareOneProcessId() throws Exception {
    // PauseAtStartup makes the JVM write ./vm.paused.<its pid> and wait until the file is gone.
    ProcessBuilder builder =
        new ProcessBuilder(BIN.resolve("cairn").toString(), "--version")
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("out").toFile());
    builder.environment().remove("JAVA_HOME");
    builder.environment().put("JAVA_OPTS", "-XX:+UnlockDiagnosticVMOptions -XX:+PauseAtStartup");
    Process process = builder.start();
    try {
      Path pauseFile = workDir.resolve("vm.paused." + process.pid());
      for (int i = 0; i < 600 && !Files.exists(pauseFile) && process.isAlive(); i++) {
        Thread.sleep(50);
      }
      assertTrue(Files.exists(pauseFile), "no " + pauseFile + ": the JVM has another pid");
      Files.delete(pauseFile);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }

  private static int newestUnderUsrLibJvm() throws IOException {
    try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .mapToInt(LaunchersIT::majorOf)
          .max()
          .orElse(0);
    }
  }

  private static int majorOf(Path javaHome) {
    try {
      Matcher version =
          Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)")
              .matcher(Files.readString(javaHome.resolve("release")));
      return version.find() ? Integer.parseInt(version.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
