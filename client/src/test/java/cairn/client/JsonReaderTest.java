package cairn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.client.JsonReader.Token;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonReader} against Jackson's streaming parser, which it replaces: the same tokens, names
 * and coerced values for valid documents, an error for malformed ones.
 */
class JsonReaderTest {

  private static final JsonFactory JACKSON = new JsonFactory();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":\"get\",\"node\":{\"key\":\"/k\",\"value\":\"v\",\"modifiedIndex\":7,"
            + "\"createdIndex\":7}}\n",
        "{\"action\":\"get\",\"node\":{\"key\":\"/d\",\"dir\":true,\"nodes\":[{\"key\":\"/d/a\","
            + "\"value\":\"1\",\"expiration\":\"2026-01-01T00:00:00Z\",\"ttl\":5},{\"key\":\"/d/b\","
            + "\"dir\":true}],\"modifiedIndex\":3,\"createdIndex\":3}}",
        "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/k\",\"index\":7}",
        "{\"members\":[{\"id\":\"8e9e05c52164694d\",\"name\":\"\",\"peerURLs\":[],\"clientURLs\":"
            + "[\"http://a:1\",\"http://b:2\"]}]}",
        "{\"etcdserver\":\"3.4.30\",\"etcdcluster\":\"3.4.0\"}",
        "  { \"health\" : true , \"n\" : -12.5e3 , \"z\" : 0 } ",
        "{\"s\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 é ☃\",\"a\":[1,[2,[3]],{}]}",
        "{\"value\":null,\"x\":false,\"t\":\"12\",\"f\":\"true\",\"e\":\"\"}",
        "[]",
        "{}",
        "\"top\"",
        "42"
      })
  void readsValidDocumentsAsJacksonDoes(String json) throws IOException {
    assertEquals(jackson(json), ours(json));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html>proxy error</html>",
        "{\"action\":\"get\"",
        "{\"action\" \"get\"}",
        "{\"a\":1,}",
        "[1,]",
        "{\"a\":tru}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"bad \\x escape\"}",
        "{\"a\":01x}",
        "{\"a\":-}",
        "{\"a\":1 \"b\":2}",
        "{a:1}",
        "[1}"
      })
  void rejectsMalformedDocumentsAsJacksonDoes(String json) {
    assertThrows(IOException.class, () -> jackson(json));
    IOException error = assertThrows(IOException.class, () -> ours(json));
    assertTrue(error.getMessage().startsWith("malformed JSON at offset "), error.getMessage());
  }

  @Test
  void anEmptyDocumentHasNoTokenAsWithJackson() throws IOException {
    assertEquals(List.of(), jackson(""));
    assertEquals(List.of(), ours(""));
  }

  @Test
  void skipChildrenMovesToTheEndOfTheContainer() throws IOException {
    String json = "{\"a\":{\"b\":[1,{\"c\":[]}],\"d\":2},\"e\":3}";
    JsonReader ours = new JsonReader(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(Token.START_OBJECT, ours.nextToken());
    assertEquals(Token.FIELD_NAME, ours.nextToken());
    assertEquals(Token.START_OBJECT, ours.nextToken());
    ours.skipChildren();
    assertEquals(Token.END_OBJECT, ours.currentToken());
    assertEquals(Token.FIELD_NAME, ours.nextToken());
    assertEquals("e", ours.currentName());
    assertEquals(Token.VALUE_NUMBER, ours.nextToken());
    assertEquals(3, ours.getValueAsLong());
    assertEquals(Token.END_OBJECT, ours.nextToken());
    assertEquals(null, ours.nextToken());
  }

  /** Every token with its name and coerced values, as one line each. */
  private static List<String> jackson(String json) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonParser p = JACKSON.createParser(json.getBytes(StandardCharsets.UTF_8))) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        long asLong = 0;
        boolean asBoolean = false;
        if (t.isScalarValue()) {
          asBoolean = p.getValueAsBoolean();
          asLong =
              t == JsonToken.VALUE_NUMBER_INT
                      && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                  ? -1
                  : p.getValueAsLong();
        }
        String name = t == JsonToken.FIELD_NAME || t.isScalarValue() ? p.currentName() : "";
        String kind =
            switch (t) {
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "VALUE_NUMBER";
              default -> t.name();
            };
        out.add(kind + " " + name + " " + p.getValueAsString() + " " + asLong + " " + asBoolean);
      }
    }
    return out;
  }

  private static List<String> ours(String json) throws IOException {
    List<String> out = new ArrayList<>();
    JsonReader p = new JsonReader(json.getBytes(StandardCharsets.UTF_8));
    for (Token t = p.nextToken(); t != null; t = p.nextToken()) {
      long asLong = 0;
      boolean asBoolean = false;
      if (t.isScalarValue()) {
        asBoolean = p.getValueAsBoolean();
        asLong =
            t == Token.VALUE_NUMBER && p.getValueAsString().length() > 18 ? -1 : p.getValueAsLong();
      }
      String name = t == Token.FIELD_NAME || t.isScalarValue() ? p.currentName() : "";
      out.add(t.name() + " " + name + " " + p.getValueAsString() + " " + asLong + " " + asBoolean);
    }
    return out;
  }
}
