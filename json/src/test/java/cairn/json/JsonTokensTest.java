package cairn.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.json.JsonTokens.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Utf8JsonTokens} reads every document as Jackson's parser does: the same tokens, names and
 * values, the same coercions, and an error wherever Jackson gives one. Jackson is the oracle, on a
 * table of edge cases, on generated documents and on corrupted copies of them.
 */
class JsonTokensTest {

  /** Every token and value each reader sees, or where it failed. */
  private static List<String> walk(JsonTokens tokens, boolean skipSome) {
    List<String> seen = new ArrayList<>();
    try (tokens) {
      for (int i = 0; i < 100_000; i++) {
        Token token = tokens.next();
        if (token == null) {
          seen.add("END");
          return seen;
        }
        seen.add(token.name());
        if (token == Token.FIELD_NAME) {
          seen.add("name=" + tokens.name());
        }
        seen.add("string=" + tokens.asString());
        seen.add("long=" + coerced(tokens::asLong));
        seen.add("int=" + coerced(tokens::asInt));
        seen.add("boolean=" + coerced(tokens::asBoolean));
        if (skipSome && (token == Token.START_OBJECT || token == Token.START_ARRAY) && i % 3 == 1) {
          tokens.skipChildren();
          seen.add("skipped to " + tokens.current());
        }
      }
      throw new AssertionError("no end after 100,000 tokens");
    } catch (IOException e) {
      seen.add("ERROR");
      return seen;
    }
  }

  private interface Coercion {
    Object get() throws IOException;
  }

  private static String coerced(Coercion coercion) {
    try {
      return String.valueOf(coercion.get());
    } catch (IOException e) {
      return "error";
    }
  }

  /**
   * The same walk, or both fail. Jackson reports some errors one token later than this reader (it
   * decodes a string when its value is asked for, and finds what follows a number or a field name
   * with the next token), so where both fail, the earlier walk must be the start of the later one,
   * which may have seen one token more.
   */
  private static void readsAsJackson(byte[] json) throws IOException {
    for (boolean skipSome : new boolean[] {false, true}) {
      List<String> jackson = walk(new JacksonTokens(json), skipSome);
      List<String> ours = walk(new Utf8JsonTokens(json), skipSome);
      if (jackson.get(jackson.size() - 1).equals("ERROR")
          && ours.get(ours.size() - 1).equals("ERROR")) {
        List<String> shorter = jackson.size() <= ours.size() ? jackson : ours;
        List<String> longer = shorter == jackson ? ours : jackson;
        List<String> prefix = shorter.subList(0, shorter.size() - 1);
        assertEquals(prefix, longer.subList(0, prefix.size()), () -> "for " + printable(json));
        long extraTokens =
            longer.subList(prefix.size(), longer.size() - 1).stream()
                .filter(entry -> !entry.contains("=") && !entry.startsWith("skipped"))
                .count();
        assertTrue(
            extraTokens <= 1,
            () -> "failed " + extraTokens + " tokens apart for " + printable(json));
      } else {
        assertEquals(jackson, ours, () -> "for " + printable(json));
      }
    }
  }

  private static String printable(byte[] json) {
    StringBuilder out = new StringBuilder();
    for (byte b : json) {
      out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"modifiedIndex\":3}}",
        "{}",
        "[]",
        "  {\"a\" : [ 1 , 2.5 , -0 , -0.0e+7 , 1E-2 , true , false , null , \"\" ] }  ",
        "{\"nested\":[[[[{\"x\":{}}]]]],\"after\":1}",
        "\"a string at the root\"",
        "12",
        "-7",
        "true",
        "null",
        "{\"ttl\":\"42\",\"i\":\" 17 \",\"f\":\"2.9\",\"neg\":\"-3\",\"plus\":\"+4\",\"junk\":\"x1\"}",
        "{\"big\":92233720368547758070,\"huge\":1e300,\"int\":2147483648,\"m\":-2147483649}",
        "{\"s\":\"9999999999999999999999\",\"t\":\"true\",\"tt\":\" true \",\"n\":\"null\"}",
        "{\"one\":1,\"zero\":0,\"two\":2,\"f\":0.5}",
        "{\"esc\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\"}",
        "{\"lone\":\"\\ud800\",\"é\":\"ü€😀\"}",
        "[\"\\ud83d.x\",\"\\ude00\",\"\\ud83d\\u0041\"]",
        "{\"\\ud83d\\ude00\":1}",
        "{\"\\ud800\":1}",
        "{\"\\ude00\":1}",
        "{\"\\ud83dx\":1}",
        "{\"\\ud83d\\u0041\":1}",
        "{\"dup\":1,\"dup\":2}",
        "{} {}",
        "1 2",
        // malformed: each reader must fail, and at the same token
        "",
        "   ",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "[,1]",
        "{,}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{a:1}",
        "{'a':1}",
        "[01]",
        "[1.]",
        "[.5]",
        "[1e]",
        "[+1]",
        "[-]",
        "[1x]",
        "[truex]",
        "[tru]",
        "[nul]",
        "[NaN]",
        "[Infinity]",
        "[\"unterminated]",
        "[\"bad escape \\x\"]",
        "[\"short \\u12\"]",
        "[1 2]",
        "{\"a\":1]",
        "[1}",
        "]",
        "}",
        "/* comment */ {}",
        "{\"a\":1}x",
        "1x",
      })
  void readsWhatJacksonReads(String json) throws IOException {
    readsAsJackson(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void controlCharactersAndBadUtf8InStringsAreErrors() throws IOException {
    readsAsJackson(new byte[] {'[', '"', 'a', '\n', '"', ']'});
    readsAsJackson(new byte[] {'[', '"', 'a', 0, '"', ']'});
    readsAsJackson(new byte[] {'[', '"', (byte) 0xff, '"', ']'}); // never a UTF-8 byte
    readsAsJackson(new byte[] {'[', '"', (byte) 0x80, '"', ']'}); // a continuation byte first
    readsAsJackson(new byte[] {'[', '"', (byte) 0xc3, '"', ']'}); // a sequence cut short
    readsAsJackson(new byte[] {'[', '"', (byte) 0xe2, (byte) 0x82, '"', ']'});
  }

  @Test
  void aByteOrderMarkIsSkipped() throws IOException {
    readsAsJackson(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'});
  }

  @Test
  void nestingIsLimitedToJacksonsDefaultDepth() throws IOException {
    int limit = Utf8JsonTokens.MAX_DEPTH;
    readsAsJackson(("[".repeat(limit) + "]".repeat(limit)).getBytes(StandardCharsets.UTF_8));
    byte[] tooDeep =
        ("[".repeat(limit + 1) + "]".repeat(limit + 1)).getBytes(StandardCharsets.UTF_8);
    readsAsJackson(tooDeep);
    assertTrue(walk(new Utf8JsonTokens(tooDeep), false).contains("ERROR"));
  }

  @Test
  void generatedDocumentsAndCorruptedCopiesReadTheSame() throws IOException {
    Random random = new Random(20261126);
    for (int i = 0; i < 1500; i++) {
      StringBuilder doc = new StringBuilder();
      value(random, doc, 0);
      byte[] json = doc.toString().getBytes(StandardCharsets.UTF_8);
      readsAsJackson(json);
      byte[] corrupted = json.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0 && corrupted.length > 0; flips--) {
        corrupted[random.nextInt(corrupted.length)] =
            (byte) CORRUPTIONS.charAt(random.nextInt(CORRUPTIONS.length()));
      }
      readsAsJackson(corrupted);
      readsAsJackson(java.util.Arrays.copyOf(json, random.nextInt(json.length + 1)));
    }
  }

  /** Bytes that a corruption writes: structure, the starts of values, a control character. */
  private static final String CORRUPTIONS = "{}[],:\"\\ 0-.eE+tfn\u0001x";

  private static final String[] STRINGS = {
    "", "a", "key", "/a/b", "é", "€", "😀", "\\\"", "\\\\", "\\n", "\\u0041", "\\uD83D\\uDE00", " ",
  };

  private static final String[] NUMBERS = {
    "0",
    "-0",
    "1",
    "-1",
    "42",
    "2147483647",
    "2147483648",
    "-9223372036854775808",
    "9223372036854775808",
    "0.5",
    "-1.25e3",
    "1E+2",
    "3e-4",
    "123456789012345678901234567890",
  };

  private static void value(Random random, StringBuilder out, int depth) {
    int kind = random.nextInt(depth > 4 ? 5 : 7);
    switch (kind) {
      case 0 -> out.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
      case 1 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
      case 2 -> out.append(random.nextBoolean() ? "true" : "false");
      case 3 -> out.append("null");
      case 4 -> out.append('"').append(NUMBERS[random.nextInt(NUMBERS.length)]).append('"');
      case 5 -> {
        out.append('{').append(space(random));
        for (int n = random.nextInt(4), i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',').append(space(random));
          }
          out.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
          out.append(space(random)).append(':').append(space(random));
          value(random, out, depth + 1);
        }
        out.append(space(random)).append('}');
      }
      default -> {
        out.append('[');
        for (int n = random.nextInt(4), i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          out.append(space(random));
          value(random, out, depth + 1);
        }
        out.append(']');
      }
    }
  }

  private static String space(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> " ";
      case 1 -> "\n\t ";
      case 2 -> "\r\n";
      default -> "";
    };
  }
}
