package cairn.peer;

import static cairn.peer.PeerTestKit.CLUSTER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cairn.peer.PeerClient.RemoteCluster;
import cairn.peer.PeerClient.RemoteMember;
import cairn.peer.PeerTestKit.RecordingHandler;
import cairn.util.MemberLog;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerClientTest {

  private static final String MEMBERS =
      "[{\"id\":\"8e9e05c52164694d\",\"name\":\"m1\",\"peerURLs\":[\"http://10.0.0.1:2380\"],"
          + "\"clientURLs\":[\"http://10.0.0.1:2379\",\"http://10.0.0.1:4001\"]},"
          + "{\"id\":\"2\",\"name\":\"\",\"peerURLs\":[\"http://10.0.0.2:2380\"],"
          + "\"clientURLs\":null,\"extra\":{\"ignored\":[1,2]}}]";

  private static final RemoteCluster WANT =
      new RemoteCluster(
          CLUSTER_ID,
          List.of(
              new RemoteMember(
                  0x8e9e05c52164694dL,
                  "m1",
                  List.of("http://10.0.0.1:2380"),
                  List.of("http://10.0.0.1:2379", "http://10.0.0.1:4001")),
              new RemoteMember(2, "", List.of("http://10.0.0.2:2380"), List.of())));

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static PeerServer serving(RecordingHandler handler) {
    handler.membersJson = MEMBERS;
    return new PeerServer(List.of(URI.create("http://127.0.0.1:0")), handler, MemberLog.NONE);
  }

  @Test
  void fetchClusterReadsTheClusterIdAndMembersFromAPeer() throws Exception {
    try (PeerServer server = serving(new RecordingHandler(CLUSTER_ID))) {
      String url = "http://127.0.0.1:" + server.start().get(0).getPort();
      assertEquals(WANT, PeerClient.fetchCluster(List.of(url), TIMEOUT));
      assertEquals(WANT, PeerClient.fetchCluster(List.of(url + "/"), TIMEOUT));
    }
  }

  @Test
  void fetchClusterSkipsAUrlThatDoesNotAnswer() throws Exception {
    try (PeerServer server = serving(new RecordingHandler(CLUSTER_ID))) {
      String live = "http://127.0.0.1:" + server.start().get(0).getPort();
      String dead = "http://127.0.0.1:" + PeerTestKit.deadPort();
      assertEquals(WANT, PeerClient.fetchCluster(List.of(dead, live), TIMEOUT));
    }
  }

  @Test
  void fetchClusterFailsWhenNoUrlAnswers() throws Exception {
    String dead = "http://127.0.0.1:" + PeerTestKit.deadPort();
    IOException e =
        assertThrows(
            IOException.class, () -> PeerClient.fetchCluster(List.of(dead, "not a url"), TIMEOUT));
    assertEquals("could not retrieve cluster information from the given urls", e.getMessage());
    assertEquals(2, e.getSuppressed().length);
  }

  @Test
  void aMalformedMemberListIsAFailure() {
    assertThrows(IOException.class, () -> MembersJson.parse("[{\"id\":\"xyz\"}]"));
    assertThrows(IOException.class, () -> MembersJson.parse("{}"));
    assertThrows(IOException.class, () -> MembersJson.parse("[{\"id\":\"1\""));
    assertThrows(IOException.class, () -> MembersJson.parse("[] []"));
  }
}
