package cairn.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A pull parser for the small JSON documents of the v2 API, with the calls of Jackson's streaming
 * parser that {@link Json} uses and Jackson's coercions ({@code getValueAsString} of a number is
 * its text, {@code getValueAsLong} of a string parses it, ...). Not Jackson itself: a one-request
 * etcdctl spent a fifth of its run in Jackson's class initialisation (its parsers' BigInteger and
 * BigDecimal constants). Strict about syntax; a malformed document is an IOException naming the
 * offset. Text after the top-level value is not looked at, as with Jackson.
 */
final class JsonReader {

  enum Token {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    FIELD_NAME,
    VALUE_STRING,
    VALUE_NUMBER,
    VALUE_TRUE,
    VALUE_FALSE,
    VALUE_NULL;

    boolean isScalarValue() {
      return ordinal() >= VALUE_STRING.ordinal();
    }
  }

  /** Nesting deeper than this is refused rather than followed (etcd's documents are shallow). */
  private static final int MAX_DEPTH = 1000;

  private final byte[] in;
  private int pos;

  /** Per open container: whether it is an object, and whether it has had an element yet. */
  private final boolean[] objects = new boolean[MAX_DEPTH];

  private final boolean[] started = new boolean[MAX_DEPTH];
  private int depth;
  private boolean done;
  private Token token;
  private String name;
  private String text;

  JsonReader(byte[] in) {
    this.in = in;
  }

  Token currentToken() {
    return token;
  }

  /** The name of the current field (after {@link Token#FIELD_NAME} and while at its value). */
  String currentName() {
    return name;
  }

  /** The next token, or null after the end of the top-level value. */
  Token nextToken() throws IOException {
    if (done) {
      return token = null;
    }
    skipSpace();
    if (depth == 0) {
      if (pos == in.length && token == null) {
        return null; // an empty document has no token, as with Jackson
      }
      name = null;
      return value(peek());
    }
    int level = depth - 1;
    if (objects[level] && token == Token.FIELD_NAME) {
      return value(peek());
    }
    byte c = peek();
    if (c == (objects[level] ? '}' : ']')) {
      pos++;
      return close(objects[level] ? Token.END_OBJECT : Token.END_ARRAY);
    }
    if (started[level]) {
      if (c != ',') {
        throw error("expected ',' or '" + (objects[level] ? '}' : ']') + "'");
      }
      pos++;
      skipSpace();
      c = peek();
    }
    started[level] = true;
    if (!objects[level]) {
      name = null; // array elements have no name
      return value(c);
    }
    if (c != '"') {
      throw error("expected a field name");
    }
    pos++;
    name = string();
    skipSpace();
    if (peek() != ':') {
      throw error("expected ':'");
    }
    pos++;
    return token = Token.FIELD_NAME;
  }

  private Token value(byte c) throws IOException {
    text = null;
    Token value;
    switch (c) {
      case '{' -> {
        pos++;
        return open(true, Token.START_OBJECT);
      }
      case '[' -> {
        pos++;
        return open(false, Token.START_ARRAY);
      }
      case '"' -> {
        pos++;
        text = string();
        value = Token.VALUE_STRING;
      }
      case 't' -> value = literal("true", Token.VALUE_TRUE);
      case 'f' -> value = literal("false", Token.VALUE_FALSE);
      case 'n' -> value = literal("null", Token.VALUE_NULL);
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw error("expected a value");
        }
        text = number();
        value = Token.VALUE_NUMBER;
      }
    }
    done = depth == 0;
    return token = value;
  }

  private Token open(boolean object, Token opened) throws IOException {
    if (depth == MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    objects[depth] = object;
    started[depth] = false;
    depth++;
    return token = opened;
  }

  private Token close(Token closed) {
    depth--;
    done = depth == 0;
    return token = closed;
  }

  /** At a container's start, moves to its end; otherwise does nothing (as Jackson). */
  void skipChildren() throws IOException {
    if (token != Token.START_OBJECT && token != Token.START_ARRAY) {
      return;
    }
    int level = 1;
    while (level > 0) {
      Token next = nextToken();
      if (next == null) {
        throw error("unexpected end of input");
      }
      if (next == Token.START_OBJECT || next == Token.START_ARRAY) {
        level++;
      } else if (next == Token.END_OBJECT || next == Token.END_ARRAY) {
        level--;
      }
    }
  }

  /** A scalar as text ({@code true}, {@code 12}); null for null and for containers. */
  String getValueAsString() {
    if (token == null) {
      return null;
    }
    return switch (token) {
      case VALUE_STRING, VALUE_NUMBER -> text;
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case FIELD_NAME -> name;
      default -> null;
    };
  }

  /** A number (truncated), a string holding one, or a boolean as 1 or 0; anything else 0. */
  long getValueAsLong() {
    if (token == Token.VALUE_TRUE) {
      return 1;
    }
    if (token != Token.VALUE_NUMBER && token != Token.VALUE_STRING) {
      return 0;
    }
    String s = text.trim();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        return (long) Double.parseDouble(s);
      } catch (NumberFormatException notANumber) {
        return 0;
      }
    }
  }

  private static boolean isInteger(String number) {
    return number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0;
  }

  int getValueAsInt() {
    return (int) getValueAsLong();
  }

  /** true, a non-zero integer, or the string {@code "true"}. */
  boolean getValueAsBoolean() {
    return token == Token.VALUE_TRUE
        || (token == Token.VALUE_NUMBER && isInteger(text) && getValueAsLong() != 0)
        || (token == Token.VALUE_STRING && text.trim().equals("true"));
  }

  private Token literal(String word, Token value) throws IOException {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
        throw error("expected " + word);
      }
    }
    pos += word.length();
    return value;
  }

  private String number() throws IOException {
    int start = pos;
    if (peekOr(0) == '-') {
      pos++;
    }
    if (!digits()) {
      throw error("expected a digit");
    }
    if (peekOr(0) == '.') {
      pos++;
      if (!digits()) {
        throw error("expected a digit after '.'");
      }
    }
    if (peekOr(0) == 'e' || peekOr(0) == 'E') {
      pos++;
      if (peekOr(0) == '+' || peekOr(0) == '-') {
        pos++;
      }
      if (!digits()) {
        throw error("expected a digit in the exponent");
      }
    }
    return new String(in, start, pos - start, StandardCharsets.US_ASCII);
  }

  private boolean digits() {
    int start = pos;
    while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
    }
    return pos > start;
  }

  /** A string's contents; {@code pos} is just after its opening quote. */
  private String string() throws IOException {
    StringBuilder out = null;
    int run = pos;
    while (true) {
      if (pos >= in.length) {
        throw error("unterminated string");
      }
      byte c = in[pos];
      if (c == '"') {
        String tail = new String(in, run, pos - run, StandardCharsets.UTF_8);
        pos++;
        return out == null ? tail : out.append(tail).toString();
      }
      if (c >= 0 && c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(new String(in, run, pos - run, StandardCharsets.UTF_8));
      pos++;
      if (pos >= in.length) {
        throw error("unterminated string");
      }
      byte e = in[pos++];
      switch (e) {
        case '"', '\\', '/' -> out.append((char) e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> throw error("bad escape in a string");
      }
      run = pos;
    }
  }

  private char hex4() throws IOException {
    if (pos + 4 > in.length) {
      throw error("bad \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(in[pos++], 16);
      if (digit < 0) {
        throw error("bad \\u escape");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private void skipSpace() {
    while (pos < in.length
        && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
      pos++;
    }
  }

  private byte peek() throws IOException {
    if (pos >= in.length) {
      throw error("unexpected end of input");
    }
    return in[pos];
  }

  private int peekOr(int none) {
    return pos < in.length ? in[pos] : none;
  }

  private IOException error(String what) {
    return new IOException("malformed JSON at offset " + pos + ": " + what);
  }
}
