package cairn.migrate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes etcd 0.4 data directories for tests, from etcd-0.4-data-format.md: goraft log entries
 * ({@code "%8x\n"} + LogEntry protobuf + JSON command with a trailing newline), {@code conf}, and
 * snapshot files (CRC-32 line + JSON with the base64 store dump).
 */
final class Etcd04Writer {

  private final Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private long index;
  private long term;

  Etcd04Writer(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    Files.createDirectories(dir.resolve("snapshot"));
  }

  /** The log continues after a snapshot at {@code lastIndex} (compacted away before it). */
  Etcd04Writer startingAfter(long lastIndex) {
    this.index = lastIndex;
    return this;
  }

  Etcd04Writer term(long newTerm) {
    this.term = newTerm;
    return this;
  }

  long index() {
    return index;
  }

  /** Appends a command; {@code json} without the trailing newline (added as 0.4 did). */
  Etcd04Writer command(String name, String json) {
    index++;
    byte[] payload = json == null ? new byte[0] : (json + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0x08);
    varint(body, index);
    body.write(0x10);
    varint(body, term);
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    body.write(0x1a);
    varint(body, nameBytes.length);
    body.writeBytes(nameBytes);
    if (payload.length > 0) {
      body.write(0x22);
      varint(body, payload.length);
      body.writeBytes(payload);
    }
    log.writeBytes(String.format("%8x\n", body.size()).getBytes(StandardCharsets.US_ASCII));
    log.writeBytes(body.toByteArray());
    return this;
  }

  Etcd04Writer set(String key, String value) {
    return command(
        "etcd:set",
        "{\"key\":\""
            + key
            + "\",\"value\":\""
            + value
            + "\",\"expireTime\":\"0001-01-01T00:00:00Z\",\"dir\":false}");
  }

  Etcd04Writer join(String name, String raftUrl, String etcdUrl) {
    return command(
        "etcd:join",
        "{\"minVersion\":2,\"maxVersion\":2,\"name\":\""
            + name
            + "\",\"raftURL\":\""
            + raftUrl
            + "\",\"etcdURL\":\""
            + etcdUrl
            + "\"}");
  }

  Etcd04Writer sync(String time) {
    return command("etcd:sync", "{\"time\":\"" + time + "\"}");
  }

  /** Writes {@code log} and {@code conf}; returns the directory. */
  Path write(long commitIndex, List<String> peers) throws IOException {
    Files.write(dir.resolve("log"), log.toByteArray());
    StringBuilder conf = new StringBuilder("{\"commitIndex\":" + commitIndex + ",\"peers\":[");
    for (int i = 0; i < peers.size(); i++) {
      conf.append(i > 0 ? "," : "")
          .append("{\"name\":\"")
          .append(peers.get(i))
          .append("\",\"connectionString\":\"\"}");
    }
    Files.writeString(dir.resolve("conf"), conf.append("]}").toString());
    return dir;
  }

  /** Writes the log as it is so far straight to a stream (for large logs). */
  void flushLogTo(OutputStream out) throws IOException {
    log.writeTo(out);
    log.reset();
  }

  /** A snapshot file {@code <term>_<index>.ss} holding {@code storeJson}. */
  Path snapshot(long lastIndex, long lastTerm, List<String> peers, String storeJson)
      throws IOException {
    StringBuilder json =
        new StringBuilder(
            "{\"lastIndex\":" + lastIndex + ",\"lastTerm\":" + lastTerm + ",\"peers\":[");
    for (int i = 0; i < peers.size(); i++) {
      json.append(i > 0 ? "," : "")
          .append("{\"name\":\"")
          .append(peers.get(i))
          .append("\",\"connectionString\":\"\"}");
    }
    json.append("],\"state\":\"")
        .append(Base64.getEncoder().encodeToString(storeJson.getBytes(StandardCharsets.UTF_8)))
        .append("\",\"path\":\"/tmp/x\"}");
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(body);
    Path file = dir.resolve("snapshot/" + lastTerm + "_" + lastIndex + ".ss");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(String.format("%08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    Files.write(file, out.toByteArray());
    return file;
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
