package cairn.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link JsonTokens} over a UTF-8 byte array (RFC 8259), for processes that parse a few answers and
 * exit (etcdctl), and for a node's start (its member records).
 *
 * <p>Why not Jackson there: since JDK 24, {@code BigDecimal}'s static initializer computes 5^65536
 * (a table for {@code stripTrailingZeros}, JDK-8341470), and every Jackson parser's base class
 * holds {@code BigDecimal} constants, so the first parse of a process costs about 20 ms of CPU
 * before it reads a byte: a quarter of an etcdctl call. In a node the JIT then compiles the
 * big-integer arithmetic as well (~100 ms of C2 time), while three members restarting together
 * share two cores. This reader initialises nothing of the kind. It accepts and rejects what
 * Jackson's default parser does (comments, single quotes, leading zeros, trailing commas and
 * unescaped control characters are errors; nesting is limited to Jackson's default 1000), and
 * {@code JsonTokensTest} holds the two to the same tokens.
 */
public final class Utf8JsonTokens implements JsonTokens {

  /** Jackson's default limits (StreamReadConstraints). */
  static final int MAX_DEPTH = 1000;

  static final int MAX_NUMBER_LENGTH = 1000;

  private static final byte OBJECT = 1;
  private static final byte ARRAY = 2;

  private final byte[] in;
  private int pos;
  private Token current;
  private String name;

  /** The current string's value or number's literal. */
  private String text;

  /** The kind of each open container, outermost first. */
  private byte[] containers = new byte[16];

  private int depth;

  /** Whether the innermost container has had no element yet (a comma is not due). */
  private boolean first;

  public Utf8JsonTokens(byte[] json) {
    this.in = json;
    // A UTF-8 byte order mark is skipped, as Jackson skips it.
    if (json.length >= 3
        && (json[0] & 0xff) == 0xEF
        && (json[1] & 0xff) == 0xBB
        && (json[2] & 0xff) == 0xBF) {
      pos = 3;
    }
  }

  @Override
  public Token next() throws IOException {
    text = null;
    int c = skipSpace();
    if (current == Token.FIELD_NAME) {
      return current = value(c); // the colon was read with the name
    }
    if (depth == 0) {
      return current = c < 0 ? null : value(c);
    }
    boolean inObject = containers[depth - 1] == OBJECT;
    if (c == (inObject ? '}' : ']')) {
      pos++;
      depth--;
      first = false;
      return current = inObject ? Token.END_OBJECT : Token.END_ARRAY;
    }
    if (!first) {
      if (c != ',') {
        throw unexpected(c, "a comma or the end of the " + (inObject ? "object" : "array"));
      }
      pos++;
      c = skipSpace();
    }
    first = false;
    if (!inObject) {
      return current = value(c);
    }
    if (c != '"') {
      throw unexpected(c, "a double quote to start a field name");
    }
    pos++;
    name = string(true);
    c = skipSpace();
    if (c != ':') {
      throw unexpected(c, "a colon after the field name");
    }
    pos++;
    return current = Token.FIELD_NAME;
  }

  private Token value(int c) throws IOException {
    switch (c) {
      case '{' -> {
        open(OBJECT);
        return Token.START_OBJECT;
      }
      case '[' -> {
        open(ARRAY);
        return Token.START_ARRAY;
      }
      case '"' -> {
        pos++;
        text = string(false);
        return Token.STRING;
      }
      case 't' -> {
        return literal("true", Token.TRUE);
      }
      case 'f' -> {
        return literal("false", Token.FALSE);
      }
      case 'n' -> {
        return literal("null", Token.NULL);
      }
      default -> {
        if (c == '-' || isDigit(c)) {
          return number();
        }
        throw unexpected(c, "a value");
      }
    }
  }

  private void open(byte kind) throws IOException {
    if (depth == MAX_DEPTH) {
      throw malformed("nesting deeper than " + MAX_DEPTH);
    }
    if (depth == containers.length) {
      containers = Arrays.copyOf(containers, depth * 2);
    }
    containers[depth++] = kind;
    first = true;
    pos++;
  }

  private Token literal(String word, Token token) throws IOException {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
        throw malformed("unrecognised token (expected " + word + ")");
      }
    }
    pos += word.length();
    if (pos < in.length && isNamePart(in[pos])) {
      throw malformed("unrecognised token (expected " + word + ")");
    }
    return token;
  }

  /** A byte that would continue a word: Jackson rejects {@code truex} rather than split it. */
  private static boolean isNamePart(byte b) {
    return b < 0
        || (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || isDigit(b)
        || b == '_'
        || b == '$';
  }

  private Token number() throws IOException {
    int start = pos;
    if (in[pos] == '-') {
      pos++;
    }
    if (pos >= in.length || !isDigit(in[pos])) {
      throw malformed("a minus sign not followed by a digit");
    }
    if (in[pos] == '0') {
      pos++;
      if (pos < in.length && isDigit(in[pos])) {
        throw malformed("a number with a leading zero");
      }
    } else {
      skipDigits();
    }
    boolean integer = true;
    if (pos < in.length && in[pos] == '.') {
      pos++;
      integer = false;
      if (pos >= in.length || !isDigit(in[pos])) {
        throw malformed("a decimal point not followed by a digit");
      }
      skipDigits();
    }
    if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
      pos++;
      integer = false;
      if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      if (pos >= in.length || !isDigit(in[pos])) {
        throw malformed("an exponent not followed by a digit");
      }
      skipDigits();
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      throw malformed("a number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    if (pos < in.length) {
      byte after = in[pos];
      if (!isSpace(after) && after != ',' && after != ']' && after != '}') {
        throw unexpected(after & 0xff, "a separator after the number");
      }
    }
    text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
    return integer ? Token.NUMBER_INT : Token.NUMBER_FLOAT;
  }

  private void skipDigits() {
    while (pos < in.length && isDigit(in[pos])) {
      pos++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** Skips whitespace; returns the byte there (unsigned), not consumed, or -1 at the end. */
  private int skipSpace() {
    while (pos < in.length && isSpace(in[pos])) {
      pos++;
    }
    return pos < in.length ? in[pos] & 0xff : -1;
  }

  /**
   * Reads a string's content after its opening quote, and the closing quote. In a field name, as in
   * Jackson, an escaped surrogate must be half of an escaped pair; a value may hold a lone one.
   */
  private String string(boolean isName) throws IOException {
    int start = pos;
    // The usual case, printable ASCII without escapes, needs no decoding.
    while (pos < in.length) {
      byte b = in[pos];
      if (b == '"') {
        pos++;
        return new String(in, start, pos - 1 - start, StandardCharsets.ISO_8859_1);
      }
      if (b == '\\' || b < 0x20) { // negative: a byte of a multi-byte character
        break;
      }
      pos++;
    }
    StringBuilder out = new StringBuilder(pos - start + 16);
    int run = start; // the bytes from here to pos are copied as UTF-8
    while (true) {
      if (pos >= in.length) {
        throw malformed("the input ends inside a string");
      }
      int b = in[pos] & 0xff;
      if (b == '"' || b == '\\') {
        decode(run, pos, out);
        pos++;
        if (b == '"') {
          return out.toString();
        }
        escape(out, isName);
        run = pos;
      } else if (b < 0x20) {
        throw malformed("an unescaped control character (code " + b + ") in a string");
      } else {
        pos++;
      }
    }
  }

  /** Appends bytes [from, to) as strict UTF-8: a malformed sequence is an error, not U+FFFD. */
  private void decode(int from, int to, StringBuilder out) throws IOException {
    if (from == to) {
      return;
    }
    try {
      out.append(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in, from, to - from)));
    } catch (CharacterCodingException e) {
      throw malformed("invalid UTF-8 in a string starting", from);
    }
  }

  private void escape(StringBuilder out, boolean isName) throws IOException {
    if (pos >= in.length) {
      throw malformed("the input ends inside a string");
    }
    int e = in[pos++];
    switch (e) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        char unit = hex4();
        if (isName && Character.isLowSurrogate(unit)) {
          throw malformed("a low surrogate without a high one in a field name");
        }
        out.append(unit);
        if (isName && Character.isHighSurrogate(unit)) {
          if (pos + 1 >= in.length || in[pos] != '\\' || in[pos + 1] != 'u') {
            throw malformed("a high surrogate without a low one in a field name");
          }
          pos += 2;
          char low = hex4();
          if (!Character.isLowSurrogate(low)) {
            throw malformed("a high surrogate without a low one in a field name");
          }
          out.append(low);
        }
      }
      default -> throw malformed("an unrecognised escape \\" + (char) (e & 0xff));
    }
  }

  private char hex4() throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < in.length ? Character.digit(in[pos], 16) : -1;
      if (digit < 0) {
        throw malformed("a \\u escape without four hexadecimal digits");
      }
      value = value * 16 + digit;
      pos++;
    }
    return (char) value;
  }

  @Override
  public Token current() {
    return current;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String asString() {
    if (current == null) {
      return null;
    }
    return switch (current) {
      case STRING, NUMBER_INT, NUMBER_FLOAT -> text;
      case FIELD_NAME -> name;
      case TRUE -> "true";
      case FALSE -> "false";
      default -> null;
    };
  }

  @Override
  public long asLong() throws IOException {
    if (current == null) {
      return 0;
    }
    return switch (current) {
      case NUMBER_INT -> {
        try {
          yield Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw outOfRange("long");
        }
      }
      case NUMBER_FLOAT -> {
        double value = Double.parseDouble(text);
        if (value < Long.MIN_VALUE || value > Long.MAX_VALUE) {
          throw outOfRange("long");
        }
        yield (long) value;
      }
      case TRUE -> 1;
      case STRING -> stringAsNumber(false);
      default -> 0;
    };
  }

  @Override
  public int asInt() throws IOException {
    if (current == Token.STRING) {
      return (int) stringAsNumber(true);
    }
    if (current == Token.NUMBER_FLOAT) {
      double value = Double.parseDouble(text);
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw outOfRange("int");
      }
      return (int) value;
    }
    long value = asLong();
    if (value != (int) value) {
      throw outOfRange("int");
    }
    return (int) value;
  }

  /**
   * Jackson's NumberInput.parseAsLong / parseAsInt on a string value: trimmed, a leading plus
   * dropped; an integer out of range, or no number at all, is 0; a fraction is truncated.
   */
  private long stringAsNumber(boolean asInt) {
    String s = text.trim();
    if (s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.isEmpty() || s.equals("null")) {
      return 0;
    }
    if (isInteger(s)) {
      try {
        return asInt ? Integer.parseInt(s) : Long.parseLong(s);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    double value;
    try {
      value = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
    return asInt ? (int) value : (long) value;
  }

  private IOException outOfRange(String type) {
    return malformed("the number " + text + " is out of the range of " + type);
  }

  @Override
  public boolean asBoolean() throws IOException {
    if (current == null) {
      return false;
    }
    return switch (current) {
      case TRUE -> true;
      case NUMBER_INT -> asInt() != 0;
      case STRING -> text.trim().equals("true");
      default -> false;
    };
  }

  private static boolean isInteger(String s) {
    for (int i = s.startsWith("-") ? 1 : 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void skipChildren() throws IOException {
    if (current != Token.START_OBJECT && current != Token.START_ARRAY) {
      return;
    }
    // Inside a container the end of the input is an error from next(), never a null token.
    int outside = depth - 1;
    while (depth > outside) {
      next();
    }
  }

  @Override
  public void close() {
    // nothing to release: the input is a byte array
  }

  private IOException unexpected(int c, String expected) {
    String found =
        c < 0 ? "the end of the input" : c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : "byte " + c;
    return malformed("found " + found + " where " + expected + " was expected");
  }

  private IOException malformed(String what) {
    return malformed(what, pos);
  }

  private IOException malformed(String what, int offset) {
    return new IOException("malformed JSON: " + what + " at byte " + offset);
  }
}
