package cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.node.NodeMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiMemberRefusedTest {

  @TempDir Path dir;

  @Test
  void aMultiMemberInitialClusterIsRefusedBeforeTouchingTheDataDir() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int rc =
        NodeMain.run(
            List.of(
                "--name",
                "a",
                "--data-dir",
                dir.resolve("d").toString(),
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:12380",
                "--initial-cluster",
                "a=http://127.0.0.1:12380,b=http://127.0.0.1:22380",
                "--listen-client-urls",
                "http://127.0.0.1:0",
                "--advertise-client-urls",
                "http://127.0.0.1:2379"),
            Map.of(),
            err,
            err);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, rc, out);
    assertTrue(out.contains("multi-member clusters are not supported yet"), out);
    assertFalse(Files.exists(dir.resolve("d")), "no data dir was created");
  }
}
