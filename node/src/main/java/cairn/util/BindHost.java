package cairn.util;

import java.net.URI;

/**
 * The host to bind for a listen URL, as etcd's Go listeners take it: {@code localhost} binds
 * 127.0.0.1 (Go resolves it to IPv4 first), and an IPv6 literal loses its brackets.
 */
public final class BindHost {

  private BindHost() {}

  public static String of(URI listenUrl) {
    String host = listenUrl.getHost();
    if (host.equals("localhost")) {
      return "127.0.0.1";
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      return host.substring(1, host.length() - 1);
    }
    return host;
  }
}
