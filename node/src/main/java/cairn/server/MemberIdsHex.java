package cairn.server;

/** IDs as etcd prints them: lower-case hex, unsigned, no leading zeros. */
final class MemberIdsHex {
  private MemberIdsHex() {}

  static String hex(long id) {
    return Long.toUnsignedString(id, 16);
  }
}
