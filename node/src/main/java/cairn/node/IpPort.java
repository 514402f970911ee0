package cairn.node;

import io.netty.util.NetUtil;

/**
 * The value of etcd 0.4's address flags ({@code --addr}, {@code --bind-addr}, {@code --peer-addr},
 * {@code --peer-bind-addr}), as etcd 2.x's {@code flags.IPAddressPort} reads it: a literal IP and a
 * port, with Go's messages for what it refuses (node-config.md §2.6).
 *
 * @param ip the IP as given (an IPv6 one without brackets)
 * @param port the port, as Go's {@code strconv.Atoi} reads it
 */
record IpPort(String ip, int port) {

  /** Reads {@code IP:port}; throws with Go's message when it is not one. */
  static IpPort parse(String text) {
    String hostPort = text.strip();
    String[] split = splitHostPort(hostPort);
    if (!isIpLiteral(split[0])) {
      throw new IllegalArgumentException("bad IP in address specification");
    }
    int port;
    try {
      port = Integer.parseInt(split[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in address specification");
    }
    return new IpPort(split[0], port);
  }

  /** The same port on another IP (etcd derives a bind address on {@code ::} from an address). */
  IpPort withIp(String otherIp) {
    return new IpPort(otherIp, port);
  }

  /** Go's {@code net.JoinHostPort}: an IPv6 address in brackets. */
  String hostPort() {
    return NetUtil.toSocketAddressString(ip, port);
  }

  /** Go's {@code net.SplitHostPort}, with its messages. */
  private static String[] splitHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw addressError(hostPort, "missing port in address");
    }
    String host;
    int hostStart = 0;
    int hostEnd = 0;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw addressError(hostPort, "missing ']' in address");
      }
      if (close + 1 == hostPort.length()) {
        throw addressError(hostPort, "missing port in address");
      }
      if (close + 1 != colon) {
        throw addressError(
            hostPort,
            hostPort.charAt(close + 1) == ':'
                ? "too many colons in address"
                : "missing port in address");
      }
      host = hostPort.substring(1, close);
      hostStart = 1;
      hostEnd = close + 1;
    } else {
      host = hostPort.substring(0, colon);
      if (host.contains(":")) {
        throw addressError(hostPort, "too many colons in address");
      }
    }
    if (hostPort.indexOf('[', hostStart) >= 0) {
      throw addressError(hostPort, "unexpected '[' in address");
    }
    if (hostPort.indexOf(']', hostEnd) >= 0) {
      throw addressError(hostPort, "unexpected ']' in address");
    }
    return new String[] {host, hostPort.substring(colon + 1)};
  }

  private static IllegalArgumentException addressError(String address, String problem) {
    return new IllegalArgumentException("address " + address + ": " + problem);
  }

  /**
   * Go's {@code net.ParseIP} succeeds: dotted IPv4 or IPv6, never a name (nothing is looked up). A
   * zone ({@code %eth0}) is not part of an IP.
   */
  private static boolean isIpLiteral(String host) {
    return NetUtil.isValidIpV4Address(host)
        || (!host.contains("%") && NetUtil.isValidIpV6Address(host));
  }
}
