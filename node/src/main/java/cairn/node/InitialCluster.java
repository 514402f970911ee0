package cairn.node;

import cairn.server.MemberIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --initial-cluster}: member names to their sorted peer URLs, in the order first named. A
 * repeated name collects URLs ({@code a=u1,a=u2}). Split literally, as etcd 2.3 does.
 */
record InitialCluster(Map<String, List<String>> members) {

  InitialCluster {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    members.forEach((name, urls) -> copy.put(name, List.copyOf(urls)));
    members = Collections.unmodifiableMap(copy);
  }

  static InitialCluster parse(String text) {
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      String name = equals < 0 ? entry : entry.substring(0, equals);
      String url = equals < 0 ? "" : entry.substring(equals + 1);
      if (url.isBlank()) {
        throw new IllegalArgumentException("Empty URL given for \"" + name + "\"");
      }
      members.computeIfAbsent(name, n -> new ArrayList<>()).add(Urls.validate(url.strip()));
    }
    members.values().forEach(urls -> urls.sort(null));
    return new InitialCluster(members);
  }

  /** The members' IDs under {@code token}, by name; identical IDs are refused. */
  Map<String, Long> memberIds(String token) {
    Map<String, Long> ids = new LinkedHashMap<>();
    Set<Long> seen = new HashSet<>();
    for (Map.Entry<String, List<String>> member : members.entrySet()) {
      long id = MemberIds.memberId(member.getValue(), token, null);
      if (!seen.add(id)) {
        throw new IllegalArgumentException(
            "member exists with identical ID " + MemberIds.hex(id) + " (" + member.getKey() + ")");
      }
      ids.put(member.getKey(), id);
    }
    return ids;
  }

  /** Whether a URL is listed twice (under one name or two), which etcd refuses. */
  boolean hasDuplicateUrl() {
    Set<String> seen = new HashSet<>();
    for (List<String> urls : members.values()) {
      for (String url : urls) {
        if (!seen.add(url)) {
          return true;
        }
      }
    }
    return false;
  }

  /** etcd's rendering, {@code name=url,name=url}, for the log. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    members.forEach((name, urls) -> urls.forEach(url -> parts.add(name + "=" + url)));
    return String.join(",", parts);
  }
}
