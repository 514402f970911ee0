package cairn.migrate.v04;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A decoded 0.4 log command (etcd-0.4-data-format.md §2.3). Times are instants ({@code null} for
 * Go's zero time, "no TTL"); keys are as written (not yet cleaned).
 */
public sealed interface Command04 {

  record Set(String key, String value, Instant expireTime, boolean dir) implements Command04 {}

  record Create(String key, String value, Instant expireTime, boolean unique, boolean dir)
      implements Command04 {}

  record Update(String key, String value, Instant expireTime) implements Command04 {}

  record CompareAndSwap(
      String key, String value, Instant expireTime, String prevValue, long prevIndex)
      implements Command04 {}

  record Delete(String key, boolean recursive, boolean dir) implements Command04 {}

  record CompareAndDelete(String key, String prevValue, long prevIndex) implements Command04 {}

  /** Expire every node whose expiry is at or before {@code time}. */
  record Sync(Instant time) implements Command04 {}

  /** A quorum read (0.4.6+): no state change. */
  record Get(String key, boolean recursive, boolean sorted) implements Command04 {}

  record Join(String name, String raftUrl, String etcdUrl, int minVersion, int maxVersion)
      implements Command04 {}

  record Remove(String name) implements Command04 {}

  record SetClusterConfig(int activeSize, double removeDelay, double syncInterval)
      implements Command04 {}

  /** {@code raft:nop}, {@code raft:join}, {@code raft:leave}: no effect on the key space. */
  record RaftInternal(String name) implements Command04 {}

  /** A command 0.4 does not register (e.g. 0.2's {@code etcd:testAndSet}); 0.4 skipped them. */
  record Unknown(String name) implements Command04 {}

  ObjectMapper JSON = new ObjectMapper();

  /** Decodes an entry's command; a payload that is not what its name says is damage. */
  static Command04 decode(LogEntry04 entry, java.nio.file.Path file) throws Etcd04FormatException {
    String name = entry.commandName();
    if (name.equals("raft:nop") || name.equals("raft:join") || name.equals("raft:leave")) {
      return new RaftInternal(name);
    }
    JsonNode json;
    try {
      json = entry.command().length == 0 ? JSON.createObjectNode() : JSON.readTree(entry.command());
    } catch (IOException e) {
      throw new Etcd04FormatException(
          file, entry.offset(), "entry " + entry.index() + ": bad JSON");
    }
    try {
      return switch (name) {
        case "etcd:set" ->
            new Set(
                text(json, "key"),
                text(json, "value"),
                time(json, "expireTime"),
                bool(json, "dir"));
        case "etcd:create" ->
            new Create(
                text(json, "key"),
                text(json, "value"),
                time(json, "expireTime"),
                bool(json, "unique"),
                bool(json, "dir"));
        case "etcd:update" ->
            new Update(text(json, "key"), text(json, "value"), time(json, "expireTime"));
        case "etcd:compareAndSwap" ->
            new CompareAndSwap(
                text(json, "key"),
                text(json, "value"),
                time(json, "expireTime"),
                text(json, "prevValue"),
                json.path("prevIndex").asLong());
        case "etcd:delete" ->
            new Delete(text(json, "key"), bool(json, "recursive"), bool(json, "dir"));
        case "etcd:compareAndDelete" ->
            new CompareAndDelete(
                text(json, "key"), text(json, "prevValue"), json.path("prevIndex").asLong());
        case "etcd:sync" -> new Sync(time(json, "time"));
        case "etcd:get" ->
            new Get(text(json, "key"), bool(json, "recursive"), bool(json, "Sorted"));
        case "etcd:join" ->
            new Join(
                text(json, "name"),
                text(json, "raftURL"),
                text(json, "etcdURL"),
                json.path("minVersion").asInt(),
                json.path("maxVersion").asInt());
        case "etcd:remove" -> new Remove(text(json, "name"));
        case "etcd:setClusterConfig" -> {
          JsonNode config = json.path("config");
          yield new SetClusterConfig(
              config.path("activeSize").asInt(),
              config.path("removeDelay").asDouble(),
              config.path("syncInterval").asDouble());
        }
        default -> new Unknown(name);
      };
    } catch (DateTimeParseException e) {
      throw new Etcd04FormatException(
          file, entry.offset(), "entry " + entry.index() + ": bad time " + e.getParsedString());
    }
  }

  private static String text(JsonNode json, String field) {
    return json.path(field).asText("");
  }

  private static boolean bool(JsonNode json, String field) {
    return json.path(field).asBoolean(false);
  }

  /** Go's time.Time JSON (RFC 3339, any offset); Go's zero time means "none". */
  private static Instant time(JsonNode json, String field) {
    String text = json.path(field).asText("");
    if (text.isEmpty() || text.equals("0001-01-01T00:00:00Z")) {
      return null;
    }
    return OffsetDateTime.parse(text).toInstant();
  }
}
