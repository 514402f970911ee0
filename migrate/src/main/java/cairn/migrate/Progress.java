package cairn.migrate;

import java.io.PrintWriter;

/**
 * Replay progress for the operator of a long migration. On a terminal one line is rewritten in
 * place (carriage return) at every percent; elsewhere (a log, a pipe) a plain line is printed at
 * every tenth: {@code replayed 100000 of 1000000 entries (10%)}. Migrations of fewer than {@link
 * #MIN_ENTRIES} entries take a moment and print nothing.
 *
 * <p>{@link #replayed(long)} runs once per entry, so between reports it only compares two numbers:
 * no string is built and nothing is printed.
 */
final class Progress {

  /** Fewer entries than this replay too fast to need progress. */
  static final long MIN_ENTRIES = 10_000;

  private final PrintWriter out;
  private final boolean terminal;
  private long total;
  private int nextPercent;
  private long next = Long.MAX_VALUE;

  private Progress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Prints nothing. */
  static Progress silent() {
    return new Progress(null, false);
  }

  /** Reports to {@code out}: one updating line when {@code terminal}, plain lines otherwise. */
  static Progress to(PrintWriter out, boolean terminal) {
    return new Progress(out, terminal);
  }

  /** A replay of {@code entries} entries begins. */
  void start(long entries) {
    total = entries;
    nextPercent = step();
    next = out == null || entries < MIN_ENTRIES ? Long.MAX_VALUE : threshold(nextPercent);
  }

  /** {@code count} entries of the total have been replayed. */
  void replayed(long count) {
    if (count >= next) {
      report(count);
    }
  }

  private void report(long count) {
    long percent = count * 100 / total;
    String line = "replayed " + count + " of " + total + " entries (" + percent + "%)";
    if (terminal) {
      out.print("\r" + line + (count >= total ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
    nextPercent = (int) (percent / step() + 1) * step();
    next = nextPercent > 100 ? Long.MAX_VALUE : threshold(nextPercent);
  }

  private int step() {
    return terminal ? 1 : 10;
  }

  /** The first count at or past {@code percent} of the total. */
  private long threshold(int percent) {
    return (total * percent + 99) / 100;
  }
}
