package cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The client reads etcd's answers alike with either JSON reader ({@code JsonTokensTest} holds the
 * readers themselves to the same tokens).
 */
class JsonTest {

  @Test
  void theReadersAgreeOnEveryEtcdAnswerShapeTheClientReads() throws IOException {
    String members =
        "{\"members\":[{\"id\":\"8e9e05c52164694d\",\"name\":\"default\",\"peerURLs\":"
            + "[\"http://localhost:2380\"],\"clientURLs\":[\"http://localhost:2379\"]}]}";
    assertEquals(Json.JACKSON.members(bytes(members)), Json.UTF8.members(bytes(members)));
    String error = "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/x\",\"index\":9}";
    EtcdException jackson = Json.JACKSON.error(bytes(error));
    EtcdException ours = Json.UTF8.error(bytes(error));
    assertEquals(jackson.getMessage(), ours.getMessage());
    assertEquals(jackson.index(), ours.index());
    String tree =
        "{\"action\":\"get\",\"node\":{\"key\":\"/d\",\"dir\":true,\"nodes\":[{\"key\":\"/d/a\","
            + "\"value\":\"1\",\"expiration\":\"2026-11-26T01:00:00Z\",\"ttl\":5,"
            + "\"modifiedIndex\":4,\"createdIndex\":4}],\"modifiedIndex\":3,\"createdIndex\":3}}";
    assertEquals(
        Json.JACKSON.keysResponse(bytes(tree), 1, 2, 3),
        Json.UTF8.keysResponse(bytes(tree), 1, 2, 3));
    assertThrows(IOException.class, () -> Json.UTF8.keysResponse(bytes("{\"node\":{}}"), 1, 2, 3));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
