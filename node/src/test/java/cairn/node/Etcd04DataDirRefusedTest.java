package cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started on an etcd 0.4 data dir refuses and says how to migrate, touching nothing. */
class Etcd04DataDirRefusedTest {

  @TempDir Path dir;

  @Test
  void aNodeOnA04DataDirTellsHowToMigrate() throws Exception {
    Files.writeString(dir.resolve("conf"), "{\"commitIndex\":3,\"peers\":[]}");
    Files.write(dir.resolve("log"), new byte[] {1, 2, 3});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int rc =
        NodeMain.run(
            List.of(
                "--name",
                "node0",
                "--data-dir",
                dir.toString(),
                "--listen-client-urls",
                "http://127.0.0.1:0",
                "--advertise-client-urls",
                "http://127.0.0.1:2379"),
            Map.of(),
            err,
            err);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, rc, out);
    assertTrue(
        out.contains("etcd-migrate --data-dir " + dir + " --name node0"),
        "tells how to migrate: " + out);
    assertFalse(Files.exists(dir.resolve("member")), "nothing written");
    assertEquals(3, Files.size(dir.resolve("log")), "the 0.4 files untouched");
  }
}
