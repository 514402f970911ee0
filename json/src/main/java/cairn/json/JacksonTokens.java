package cairn.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** {@link JsonTokens} on Jackson's streaming parser: the library's default reader. */
public final class JacksonTokens implements JsonTokens {

  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonParser parser;

  public JacksonTokens(byte[] json) throws IOException {
    this.parser = FACTORY.createParser(json);
  }

  @Override
  public Token next() throws IOException {
    return token(parser.nextToken());
  }

  @Override
  public Token current() {
    return token(parser.currentToken());
  }

  private static Token token(JsonToken token) {
    if (token == null) {
      return null;
    }
    return switch (token) {
      case START_OBJECT -> Token.START_OBJECT;
      case END_OBJECT -> Token.END_OBJECT;
      case START_ARRAY -> Token.START_ARRAY;
      case END_ARRAY -> Token.END_ARRAY;
      case FIELD_NAME -> Token.FIELD_NAME;
      case VALUE_STRING -> Token.STRING;
      case VALUE_NUMBER_INT -> Token.NUMBER_INT;
      case VALUE_NUMBER_FLOAT -> Token.NUMBER_FLOAT;
      case VALUE_TRUE -> Token.TRUE;
      case VALUE_FALSE -> Token.FALSE;
      case VALUE_NULL -> Token.NULL;
      // Only with features this reader never enables (embedded objects, NOT_AVAILABLE).
      default -> throw new IllegalStateException("unexpected Jackson token " + token);
    };
  }

  @Override
  public String name() {
    try {
      return parser.currentName();
    } catch (IOException e) {
      throw new IllegalStateException(e); // never: the name is read with its token
    }
  }

  @Override
  public String asString() throws IOException {
    return parser.getValueAsString();
  }

  @Override
  public long asLong() throws IOException {
    return parser.getValueAsLong();
  }

  @Override
  public int asInt() throws IOException {
    return parser.getValueAsInt();
  }

  @Override
  public boolean asBoolean() throws IOException {
    return parser.getValueAsBoolean();
  }

  @Override
  public void skipChildren() throws IOException {
    parser.skipChildren();
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // a byte array holds no resource
    }
  }
}
