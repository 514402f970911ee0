package cairn.util;

import java.util.function.Consumer;

/**
 * Where a member's log lines go, each with the level etcd's capnslog gives it ({@code I}, {@code
 * W}, {@code E} in {@code 2016-05-20 10:11:12.123456 W | etcdserver: ...}): operators grep for
 * warnings and errors, so a refusal or a lost peer must not read as information.
 */
@FunctionalInterface
public interface MemberLog {

  /** capnslog's levels that a running member uses, with the letter etcd prints. */
  enum Level {
    ERROR('E'),
    WARNING('W'),
    NOTICE('N'),
    INFO('I');

    private final char letter;

    Level(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  void print(Level level, String message);

  default void info(String message) {
    print(Level.INFO, message);
  }

  default void notice(String message) {
    print(Level.NOTICE, message);
  }

  default void warning(String message) {
    print(Level.WARNING, message);
  }

  default void error(String message) {
    print(Level.ERROR, message);
  }

  /** Drops every line (the build's training runs, tests). */
  MemberLog NONE = (level, message) -> {};

  /** Every message to {@code sink}, whatever its level (tests). */
  static MemberLog messagesTo(Consumer<String> sink) {
    return (level, message) -> sink.accept(message);
  }
}
