package cairn.migrate.v04;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * An etcd 0.4 data directory, read (never written): {@code conf}, the newest snapshot in {@code
 * snapshot/}, and the log entries after it. Reading checks what 0.4 could check (the snapshot's
 * CRC-32, the log's framing and index sequence) and reports what 0.4 would have dropped silently.
 */
public record DataDir04(
    Path dir,
    Optional<Conf04> conf,
    Optional<Snapshot04> snapshot,
    List<LogEntry04> entries,
    List<String> warnings) {

  private static final Pattern SNAPSHOT_NAME = Pattern.compile("(\\d+)_(\\d+)\\.ss");
  private static final ObjectMapper JSON = new ObjectMapper();

  public DataDir04 {
    entries = List.copyOf(entries);
    warnings = List.copyOf(warnings);
  }

  /** Whether {@code dir} looks like a 0.4 data directory (a {@code log} and a {@code conf}). */
  public static boolean looksLike(Path dir) {
    return Files.isRegularFile(dir.resolve("log")) && Files.isRegularFile(dir.resolve("conf"));
  }

  public static DataDir04 read(Path dir) throws IOException {
    List<String> warnings = new ArrayList<>();
    Path logFile = dir.resolve("log");
    if (!Files.isRegularFile(logFile)) {
      throw new IOException(dir + " is not an etcd 0.4 data directory: it has no log file");
    }
    Optional<Conf04> conf = readConf(dir.resolve("conf"));
    Optional<Snapshot04> snapshot = newestSnapshot(dir.resolve("snapshot"));
    Log04Reader.Result log = Log04Reader.read(logFile);
    log.tornTail().ifPresent(warnings::add);
    long after = snapshot.map(Snapshot04::lastIndex).orElse(0L);
    List<LogEntry04> entries = new ArrayList<>();
    for (LogEntry04 entry : log.entries()) {
      if (entry.index() > after) {
        entries.add(entry);
      }
    }
    if (snapshot.isPresent() && !log.entries().isEmpty()) {
      long first = log.entries().get(0).index();
      if (first > after + 1) {
        throw new Etcd04FormatException(
            logFile,
            0,
            "the log starts at index "
                + first
                + " but the snapshot ends at "
                + after
                + ": entries are missing");
      }
    } else if (snapshot.isEmpty()
        && !log.entries().isEmpty()
        && log.entries().get(0).index() != 1) {
      throw new Etcd04FormatException(
          logFile,
          0,
          "the log starts at index " + log.entries().get(0).index() + " and there is no snapshot");
    }
    return new DataDir04(dir, conf, snapshot, entries, warnings);
  }

  private static Optional<Conf04> readConf(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode json = parse(file, Files.readAllBytes(file), 0);
    List<String> peers = new ArrayList<>();
    for (JsonNode peer : json.path("peers")) {
      peers.add(peer.path("name").asText());
    }
    return Optional.of(new Conf04(json.path("commitIndex").asLong(), peers));
  }

  /** The snapshot with the highest (term, index), compared as numbers (0.4 sorted by name). */
  private static Optional<Snapshot04> newestSnapshot(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Path newest = null;
    long[] newestKey = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        Matcher m = SNAPSHOT_NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
          throw new Etcd04FormatException(
              file, 0, "is not a snapshot (<term>_<index>.ss); move it out of " + dir);
        }
        long[] key = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        if (newestKey == null
            || key[0] > newestKey[0]
            || (key[0] == newestKey[0] && key[1] > newestKey[1])) {
          newest = file;
          newestKey = key;
        }
      }
    }
    return newest == null ? Optional.empty() : Optional.of(readSnapshot(newest));
  }

  static Snapshot04 readSnapshot(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 9 || bytes[8] != '\n') {
      throw new Etcd04FormatException(file, 0, "no CRC line");
    }
    String stored = new String(bytes, 0, 8, StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(bytes, 9, bytes.length - 9);
    String computed = String.format("%08x", crc.getValue());
    if (!computed.equals(stored)) {
      throw new Etcd04FormatException(
          file,
          0,
          "snapshot checksum mismatch: the file says " + stored + ", its content is " + computed);
    }
    JsonNode json = parse(file, bytes, 9);
    List<String> peers = new ArrayList<>();
    for (JsonNode peer : json.path("peers")) {
      peers.add(peer.path("name").asText());
    }
    byte[] state;
    try {
      state = Base64.getDecoder().decode(json.path("state").asText());
    } catch (IllegalArgumentException e) {
      throw new Etcd04FormatException(file, 9, "the store dump is not base64: " + e.getMessage());
    }
    return new Snapshot04(
        json.path("lastIndex").asLong(), json.path("lastTerm").asLong(), peers, state, file);
  }

  private static JsonNode parse(Path file, byte[] bytes, int from) throws Etcd04FormatException {
    try {
      JsonNode json = JSON.readTree(bytes, from, bytes.length - from);
      if (json == null || !json.isObject()) {
        throw new Etcd04FormatException(file, from, "expected a JSON object");
      }
      return json;
    } catch (IOException e) {
      throw new Etcd04FormatException(file, from, "bad JSON: " + e.getMessage());
    }
  }
}
