package cairn.node;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recognises an etcd 0.4 data directory ({@code conf}, {@code log}, {@code snapshot/}) where a
 * member would start: starting there would begin an empty cluster next to the user's data, so the
 * node refuses and says how to migrate.
 */
final class Etcd04DataDir {

  private Etcd04DataDir() {}

  /** Whether {@code dataDir} holds 0.4 files (and no Cairn member, which the caller checked). */
  static boolean isOne(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve("log"))
        || Files.isRegularFile(dataDir.resolve("conf"))
        || Files.isDirectory(dataDir.resolve("snapshot"));
  }

  static String refusal(Path dataDir, String name) {
    return "data dir "
        + dataDir
        + " holds etcd 0.4 data (conf, log, snapshot/) and no member directory: migrate it first"
        + " with `etcd-migrate --data-dir "
        + dataDir
        + " --name "
        + name
        + "` (it writes "
        + dataDir.resolve("member")
        + " and leaves the 0.4 files as they are), then start again";
  }
}
