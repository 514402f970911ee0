package cairn.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Member and cluster IDs exactly as etcd derives them (node-config.md §9): the first 8 bytes of a
 * SHA-1, big-endian. IDs print as lower-case hex without leading zeros.
 */
public final class MemberIds {

  private MemberIds() {}

  /** From a member's peer URLs (any order) and the cluster token; {@code unixSeconds} or null. */
  public static long memberId(List<String> peerUrls, String token, Long unixSeconds) {
    List<String> sorted = new ArrayList<>(peerUrls);
    sorted.sort(null);
    StringBuilder input = new StringBuilder();
    sorted.forEach(input::append);
    input.append(token);
    if (unixSeconds != null) {
      input.append(unixSeconds);
    }
    return first8(sha1(input.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** From every member's ID. */
  public static long clusterId(List<Long> memberIds) {
    List<Long> sorted = new ArrayList<>(memberIds);
    sorted.sort(Long::compareUnsigned);
    ByteBuffer bytes = ByteBuffer.allocate(8 * sorted.size());
    sorted.forEach(bytes::putLong);
    return first8(sha1(bytes.array()));
  }

  public static String hex(long id) {
    return Long.toUnsignedString(id, 16);
  }

  private static long first8(byte[] digest) {
    return ByteBuffer.wrap(digest, 0, 8).getLong();
  }

  private static byte[] sha1(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
