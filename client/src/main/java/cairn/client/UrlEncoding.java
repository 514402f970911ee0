package cairn.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;

/** Go's URL escaping rules, so requests (and their --debug rendering) match etcdctl's. */
final class UrlEncoding {

  private static final String HEX = "0123456789ABCDEF";

  private UrlEncoding() {}

  /** Escapes a path, keeping '/' and the characters Go keeps in paths. */
  static String path(String path) {
    return escape(path, true);
  }

  /** {@code k1=v1&k2=v2} with keys in sorted order, as Go's url.Values.Encode writes them. */
  static String form(SortedMap<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(escape(entry.getKey(), false)).append('=').append(escape(entry.getValue(), false));
    }
    return out.toString();
  }

  private static String escape(String text, boolean inPath) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else if (inPath && "$&+,/:;=@".indexOf(c) >= 0) {
        out.append((char) c);
      } else if (!inPath && c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return out.toString();
  }
}
