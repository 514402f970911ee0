package cairn.node;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/** etcd's URL lists: comma-separated, each http(s)://host:port with no path, then sorted. */
final class Urls {

  private Urls() {}

  /** The validated, sorted list; etcd's message on the first invalid URL. */
  static List<String> parse(String commaSeparated) {
    List<String> urls = new ArrayList<>();
    for (String raw : commaSeparated.split(",")) {
      String url = raw.strip();
      if (url.isEmpty()) {
        continue;
      }
      urls.add(validate(url));
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no valid URLs given");
    }
    urls.sort(null);
    return List.copyOf(urls);
  }

  static String validate(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("parse " + url + ": " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("URL scheme must be http or https: " + url);
    }
    if (uri.getHost() == null || uri.getPort() == -1) {
      throw new IllegalArgumentException(
          "URL address does not have the form \"host:port\": " + url);
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
      throw new IllegalArgumentException("URL must not contain a path: " + url);
    }
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
