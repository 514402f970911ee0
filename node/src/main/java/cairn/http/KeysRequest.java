package cairn.http;

import cairn.store.ErrorCode;
import cairn.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A parsed and validated {@code /v2/keys} request (etcd 2.3's {@code parseKeyRequest}), immutable.
 *
 * @param method the HTTP method (HEAD, GET, PUT, POST, DELETE)
 * @param key user-visible clean key ({@code /} for the root)
 * @param ttlSeconds {@code ttl}, or {@code null} when absent or empty (no TTL)
 * @param prevExist {@code prevExist}, or {@code null} when absent
 * @param waitForChange {@code wait=true}: a watch
 */
record KeysRequest(
    String method,
    String key,
    String value,
    boolean dir,
    Long ttlSeconds,
    Boolean prevExist,
    String prevValue,
    long prevIndex,
    boolean waitForChange,
    long waitIndex,
    boolean recursive,
    boolean sorted,
    boolean quorum,
    boolean stream,
    boolean refresh) {

  /**
   * Validates the merged form in etcd's order, the first failure winning: prevIndex, waitIndex
   * (203), the booleans (209), wait on non-GET (209), empty prevValue (201), ttl (202), prevExist
   * (209), refresh (209, 211, 212).
   *
   * @param form merged parameters: for each name the body's values first, then the query's (Go's
   *     {@code Request.Form}); only the first value of a name counts
   * @throws StoreException the request error, with index 0
   */
  static KeysRequest parse(String method, String key, Map<String, List<String>> form) {
    long prevIndex =
        uint(form, "prevIndex", ErrorCode.INDEX_NAN, "invalid value for \"prevIndex\"");
    long waitIndex =
        uint(form, "waitIndex", ErrorCode.INDEX_NAN, "invalid value for \"waitIndex\"");
    boolean recursive = bool(form, "recursive");
    boolean sorted = bool(form, "sorted");
    boolean wait = bool(form, "wait");
    boolean dir = bool(form, "dir");
    boolean quorum = bool(form, "quorum");
    boolean stream = bool(form, "stream");
    if (wait && !method.equals("GET")) {
      throw invalid(ErrorCode.INVALID_FIELD, "\"wait\" can only be used with GET requests");
    }
    String prevValue = first(form, "prevValue");
    if (prevValue != null && prevValue.isEmpty()) {
      throw invalid(ErrorCode.PREV_VALUE_REQUIRED, "\"prevValue\" cannot be empty");
    }
    Long ttl = null;
    String ttlText = first(form, "ttl");
    if (ttlText != null && !ttlText.isEmpty()) {
      ttl = uint(form, "ttl", ErrorCode.TTL_NAN, "invalid value for \"ttl\"");
    }
    Boolean prevExist = null;
    if (form.containsKey("prevExist")) {
      prevExist = parseBool(first(form, "prevExist"));
      if (prevExist == null) {
        throw invalid(ErrorCode.INVALID_FIELD, "invalid value for prevExist");
      }
    }
    String value = first(form, "value");
    boolean refresh = false;
    if (form.containsKey("refresh")) {
      Boolean r = parseBool(first(form, "refresh"));
      if (r == null) {
        throw invalid(ErrorCode.INVALID_FIELD, "invalid value for refresh");
      }
      refresh = r;
      if (refresh && value != null && !value.isEmpty()) {
        throw invalid(ErrorCode.REFRESH_VALUE, "A value was provided on a refresh");
      }
      if (refresh && ttl == null) {
        throw invalid(ErrorCode.REFRESH_TTL_REQUIRED, "No TTL value set");
      }
    }
    return new KeysRequest(
        method,
        key,
        value == null ? "" : value,
        dir,
        ttl,
        prevExist,
        prevValue == null ? "" : prevValue,
        prevIndex,
        wait,
        waitIndex,
        recursive,
        sorted,
        quorum,
        stream,
        refresh);
  }

  /**
   * The write to propose, with the TTL made absolute from the receiving member's clock (etcd:
   * {@code Expiration = now + ttl}); an absurd TTL saturates instead of overflowing.
   */
  KeysWrite toWrite(Instant now) {
    Instant expire = null;
    if (ttlSeconds != null) {
      long maxSeconds = Instant.MAX.getEpochSecond() - now.getEpochSecond() - 1;
      long s = ttlSeconds < 0 || ttlSeconds > maxSeconds ? maxSeconds : ttlSeconds;
      expire = now.plusSeconds(s);
    }
    return new KeysWrite(
        KeysWrite.Method.valueOf(method),
        key,
        value,
        dir,
        expire,
        prevExist,
        prevValue,
        prevIndex,
        recursive,
        refresh);
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> v = form.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Go's {@code strconv.ParseUint(s, 10, 64)}: digits only, within 64 bits unsigned. */
  private static long uint(
      Map<String, List<String>> form, String name, ErrorCode code, String cause) {
    String s = first(form, name);
    if (s == null) {
      return 0;
    }
    if (s.isEmpty() || s.length() > 20) {
      throw invalid(code, cause);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(code, cause);
      }
    }
    try {
      return Long.parseUnsignedLong(s);
    } catch (NumberFormatException e) {
      throw invalid(code, cause);
    }
  }

  private static boolean bool(Map<String, List<String>> form, String name) {
    String s = first(form, name);
    if (s == null) {
      return false;
    }
    Boolean b = parseBool(s);
    if (b == null) {
      throw invalid(ErrorCode.INVALID_FIELD, "invalid value for \"" + name + "\"");
    }
    return b;
  }

  /** Go's {@code strconv.ParseBool}; {@code null} when the text is not a boolean. */
  static Boolean parseBool(String s) {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static StoreException invalid(ErrorCode code, String cause) {
    return new StoreException(code, cause, 0);
  }
}
