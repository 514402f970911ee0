package cairn.migrate.v04;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A 0.4 {@code standby_info} file (etcd-0.4-data-format.md §6), written by a member that was, or
 * is, a standby: {@code Running} tells whether it was a standby when it stopped (0.4 then restarts
 * it as one), {@code Cluster} is the member list it last saw.
 *
 * @param running whether the directory's owner was a standby when it stopped
 * @param cluster the members the standby last saw, in the file's order
 */
public record Standby04(boolean running, List<Machine> cluster) {

  /** A member as a standby saw it. */
  public record Machine(String name, String state, String clientUrl, String peerUrl) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public Standby04 {
    cluster = List.copyOf(cluster);
  }

  /** The directory's {@code standby_info}, if it has one. */
  public static Optional<Standby04> read(Path dir) throws IOException {
    Path file = dir.resolve("standby_info");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new Etcd04FormatException(file, 0, "bad JSON: " + e.getMessage());
    }
    if (json == null || !json.isObject() || !json.path("Running").isBoolean()) {
      throw new Etcd04FormatException(file, 0, "expected a JSON object with a boolean Running");
    }
    List<Machine> cluster = new ArrayList<>();
    for (JsonNode m : json.path("Cluster")) {
      cluster.add(
          new Machine(
              m.path("name").asText(),
              m.path("state").asText(),
              m.path("clientURL").asText(),
              m.path("peerURL").asText()));
    }
    return Optional.of(new Standby04(json.path("Running").asBoolean(), cluster));
  }
}
