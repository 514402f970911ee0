package cairn.store;

import java.util.ArrayList;
import java.util.List;

/** Key path helpers with Go's {@code path} semantics, which etcd's store relies on. */
public final class Paths {

  private Paths() {}

  /**
   * Go's {@code path.Clean(path.Join("/", p))}: rooted, single slashes, no {@code .} or {@code ..}
   * segments, no trailing slash (except the root itself).
   */
  public static String clean(String p) {
    if (isClean(p)) {
      return p;
    }
    List<String> parts = new ArrayList<>();
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(seg);
    }
    if (parts.isEmpty()) {
      return "/";
    }
    StringBuilder b = new StringBuilder(p.length() + 1);
    for (String seg : parts) {
      b.append('/').append(seg);
    }
    return b.toString();
  }

  /** Fast path: most keys arrive clean, so avoid allocating for them. */
  private static boolean isClean(String p) {
    int n = p.length();
    if (n == 0 || p.charAt(0) != '/') {
      return false;
    }
    if (n == 1) {
      return true;
    }
    if (p.charAt(n - 1) == '/') {
      return false;
    }
    int segStart = 1;
    for (int i = 1; i <= n; i++) {
      if (i == n || p.charAt(i) == '/') {
        int len = i - segStart;
        if (len == 0) {
          return false;
        }
        if (p.charAt(segStart) == '.'
            && (len == 1 || (len == 2 && p.charAt(segStart + 1) == '.'))) {
          return false;
        }
        segStart = i + 1;
      }
    }
    return true;
  }

  /** The segments of a clean path: {@code "/"} has none, {@code "/a/b"} has {@code a, b}. */
  static String[] segments(String cleanPath) {
    if (cleanPath.length() == 1) {
      return new String[0];
    }
    return cleanPath.substring(1).split("/", -1);
  }

  /** Go's {@code path.Join(parent, name)} for a clean parent and a plain name. */
  static String join(String parent, String name) {
    return parent.length() == 1 ? "/" + name : parent + "/" + name;
  }

  /** The parent of a clean, non-root path. */
  static String parent(String cleanPath) {
    int slash = cleanPath.lastIndexOf('/');
    return slash == 0 ? "/" : cleanPath.substring(0, slash);
  }

  /** The last segment of a clean, non-root path. */
  static String base(String cleanPath) {
    return cleanPath.substring(cleanPath.lastIndexOf('/') + 1);
  }

  /** True when {@code key} equals {@code dir} or lies below it (both clean). */
  static boolean isAtOrBelow(String key, String dir) {
    if (dir.length() == 1) {
      return true;
    }
    return key.startsWith(dir) && (key.length() == dir.length() || key.charAt(dir.length()) == '/');
  }

  /** True when {@code key} lies strictly below {@code dir} (both clean). */
  static boolean isBelow(String key, String dir) {
    return key.length() > dir.length() && isAtOrBelow(key, dir);
  }

  /**
   * etcd's {@code isHidden(watchPath, keyPath)}: whether the part of {@code key} below {@code
   * watchPath} has a segment starting with {@code _}. A watch path deeper than the key (a watcher
   * below a deleted directory) never hides the event.
   */
  static boolean isHiddenBelow(String watchPath, String key) {
    if (watchPath.length() > key.length()) {
      return false;
    }
    String after = key.substring(watchPath.length());
    return after.startsWith("_") || after.contains("/_");
  }

  /**
   * Orders strings as Go compares them (byte-wise UTF-8), which is code point order; Java's {@link
   * String#compareTo} differs for characters above the surrogate range.
   */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        boolean sa = Character.isSurrogate(ca);
        boolean sb = Character.isSurrogate(cb);
        if (sa != sb) {
          // A surrogate starts a supplementary code point, above every BMP char.
          return sa ? 1 : -1;
        }
        return ca - cb;
      }
    }
    return a.length() - b.length();
  }
}
