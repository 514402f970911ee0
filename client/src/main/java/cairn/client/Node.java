package cairn.client;

import java.util.List;

/**
 * A key or directory as the v2 API returns it. Absent fields are null (value, expiration, nodes) or
 * 0 (ttl).
 */
public record Node(
    String key,
    String value,
    boolean dir,
    String expiration,
    long ttl,
    List<Node> nodes,
    long createdIndex,
    long modifiedIndex) {

  public Node {
    nodes = nodes == null ? null : List.copyOf(nodes);
  }
}
