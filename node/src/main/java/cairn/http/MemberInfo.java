package cairn.http;

import java.util.List;

/**
 * A cluster member as {@code /v2/members} shows it: the ID in lower-case hex, the name (empty while
 * unstarted) and its peer and client URLs.
 */
public record MemberInfo(String id, String name, List<String> peerURLs, List<String> clientURLs) {

  public MemberInfo {
    peerURLs = List.copyOf(peerURLs);
    clientURLs = List.copyOf(clientURLs);
  }

  /** etcd's member JSON: {@code {"id","name","peerURLs","clientURLs"}}. */
  String toJson() {
    StringBuilder b = new StringBuilder("{\"id\":");
    Json.string(b, id);
    b.append(",\"name\":");
    Json.string(b, name);
    b.append(",\"peerURLs\":");
    strings(b, peerURLs);
    b.append(",\"clientURLs\":");
    strings(b, clientURLs);
    return b.append('}').toString();
  }

  private static void strings(StringBuilder b, List<String> values) {
    b.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      Json.string(b, values.get(i));
    }
    b.append(']');
  }
}
