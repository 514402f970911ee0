package cairn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cairn.store.Action;
import cairn.store.ErrorCode;
import cairn.store.Event;
import cairn.store.NodeExtern;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's {@code encoding/json} output for etcd's values, byte for byte. */
class JsonTest {

  private static String str(String s) {
    StringBuilder b = new StringBuilder();
    Json.string(b, s);
    return b.toString();
  }

  @Test
  void stringsEscapeAsGo() {
    assertEquals("\"\\u003ca\\u0026b\\u003e\"", str("<a&b>"));
    assertEquals("\"\\u0000\\u001f\\u0008\\u000c\\n\\r\\t\"", str("\0\u001f\b\f\n\r\t"));
    assertEquals("\"\\u2028\\u2029\u007f\"", str("\u2028\u2029\u007f"));
    assertEquals("\"\\\"\\\\/\"", str("\"\\/"));
    assertEquals("\"\uD83D\uDE00\"", str("\uD83D\uDE00"), "a valid pair is kept");
    assertEquals("\"\\ufffdx\\ufffd\"", str("\uD83Dx\uDE00"), "lone surrogates");
  }

  @Test
  void plainRunsBetweenEscapesAreKeptWhole() {
    String plain = "v".repeat(256);
    assertEquals("\"" + plain + "\"", str(plain));
    assertEquals("\"\"", str(""));
    assertEquals("\"\\u003cab\\\"cd\\u003e\"", str("<ab\"cd>"), "escapes at both ends");
    assertEquals("\"a\\nb\\tc\\u0001d\"", str("a\nb\tc\u0001d"));
    assertEquals("\"é€\uD83D\uDE00ü\\u2028\"", str("é€\uD83D\uDE00ü\u2028"), "beyond Latin-1");
    assertEquals("\"ab\\ufffd\"", str("ab\uD83D"), "a lone high surrogate at the end");
    assertEquals(
        "\"\\ufffd\uD83D\uDE00\"", str("\uDE00\uD83D\uDE00"), "a lone low one, then a pair");
  }

  @Test
  void timesAreRfc3339NanoWithoutTrailingZeros() {
    assertEquals("2015-01-02T03:04:05Z", Json.time(Instant.parse("2015-01-02T03:04:05Z")));
    assertEquals("2015-01-02T03:04:05.1Z", Json.time(Instant.parse("2015-01-02T03:04:05.100Z")));
    assertEquals(
        "2026-11-25T14:35:02.010602609Z",
        Json.time(Instant.parse("2026-11-25T14:35:02.010602609Z")));
  }

  @Test
  void nodeFieldsInGoOrderWithOmitEmpty() {
    NodeExtern child = new NodeExtern("/d/k", "", false, null, 0, null, 3, 2);
    NodeExtern dir =
        new NodeExtern(
            "/d", null, true, Instant.parse("2015-01-02T03:04:05Z"), -1, List.of(child), 4, 1);
    Event e = new Event(Action.UPDATE, dir, null, 4, false);
    assertEquals(
        "{\"action\":\"update\",\"node\":{\"key\":\"/d\",\"dir\":true,\"expiration\":\"2015-01-02T03:04:05Z\","
            + "\"ttl\":-1,\"nodes\":[{\"key\":\"/d/k\",\"value\":\"\",\"modifiedIndex\":3,\"createdIndex\":2}],"
            + "\"modifiedIndex\":4,\"createdIndex\":1}}\n",
        Json.event(e));
  }

  @Test
  void errorOmitsEmptyCause() {
    assertEquals(
        "{\"errorCode\":300,\"message\":\"Raft Internal Error\",\"index\":0}\n",
        Json.error(ErrorCode.RAFT_INTERNAL, "", 0));
    assertEquals(
        "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/a\\u0026b\",\"index\":18446744073709551615}\n",
        Json.error(ErrorCode.KEY_NOT_FOUND, "/a&b", -1));
  }
}
