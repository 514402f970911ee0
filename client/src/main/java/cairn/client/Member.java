package cairn.client;

import java.util.List;

/** A cluster member as {@code /v2/members} lists it; an unstarted member has an empty name. */
public record Member(String id, String name, List<String> peerURLs, List<String> clientURLs) {

  public Member {
    peerURLs = List.copyOf(peerURLs);
    clientURLs = List.copyOf(clientURLs);
  }
}
