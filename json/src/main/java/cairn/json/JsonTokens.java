package cairn.json;

import java.io.Closeable;
import java.io.IOException;

/**
 * A pull parser over one JSON document: the part of Jackson's {@code JsonParser} that the client
 * library and the node read, with its meaning. Two implementations: {@link JacksonTokens}
 * (Jackson's streaming parser) and {@link Utf8JsonTokens} (a small reader for code that runs at a
 * process's start). Malformed JSON is an {@link IOException}.
 */
public interface JsonTokens extends Closeable {

  /** What the parser stands on. */
  enum Token {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    FIELD_NAME,
    STRING,
    NUMBER_INT,
    NUMBER_FLOAT,
    TRUE,
    FALSE,
    NULL;

    /** Strings, numbers, booleans and null, as Jackson's {@code JsonToken.isScalarValue}. */
    public boolean isScalar() {
      return ordinal() >= STRING.ordinal();
    }
  }

  /** Moves to the next token and returns it; null at the end of the input. */
  Token next() throws IOException;

  /** The token {@link #next} last returned (null before the first and at the end). */
  Token current();

  /** The field's name, on a {@link Token#FIELD_NAME}. */
  String name();

  /**
   * Jackson's {@code getValueAsString()}: a string's value, a field's name, a number's or a
   * boolean's text; null for null and for a container.
   */
  String asString() throws IOException;

  /**
   * Jackson's {@code getValueAsLong()}: a number (an integer out of range of long is an error, a
   * fraction is truncated), true 1, false 0, a string holding a number, else 0.
   */
  long asLong() throws IOException;

  /** Jackson's {@code getValueAsInt()}: as {@link #asLong}, in the range of int. */
  int asInt() throws IOException;

  /**
   * Jackson's {@code getValueAsBoolean()}: true, a non-zero integer, or the string {@code "true"};
   * false otherwise.
   */
  boolean asBoolean() throws IOException;

  /** On the start of an object or array, moves to its end; otherwise does nothing. */
  void skipChildren() throws IOException;

  @Override
  void close();
}
