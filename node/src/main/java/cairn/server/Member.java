package cairn.server;

import cairn.util.Check;
import java.util.List;

/**
 * A cluster member as the replicated store records it: {@code name} and {@code clientUrls} are
 * empty until the member has started and published them.
 */
public record Member(long id, String name, List<String> peerUrls, List<String> clientUrls) {

  public Member {
    Check.argument(id != 0, "member id 0");
    peerUrls = List.copyOf(peerUrls);
    clientUrls = List.copyOf(clientUrls);
  }

  /** etcd counts a member as started once it has published its name. */
  public boolean started() {
    return !name.isEmpty();
  }

  public String hexId() {
    return MemberIds.hex(id);
  }
}
