package cairn.bench;

import cairn.util.GoText;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A value written as a JSON string with Go's escaping, as every GET and watch answer writes its
 * node's value: {@link GoText#jsonString}, which copies the runs that need no escape whole, against
 * appending character by character (its code before, kept here as the baseline). Values of 256
 * bytes as in ../shared/bench, plain or with a character to escape every 32. Run with {@code
 * node/jmh.sh JsonStringBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JsonStringBench {

  @Param({"plain", "escapes"})
  public String kind;

  private String value;
  private final StringBuilder out = new StringBuilder(1024);

  @Setup
  public void setUp() {
    value = kind.equals("plain") ? "v".repeat(256) : ("v".repeat(31) + "<").repeat(8);
  }

  @Benchmark
  public int runs() {
    out.setLength(0);
    GoText.jsonString(out, value);
    return out.length();
  }

  @Benchmark
  public int charByChar() {
    out.setLength(0);
    appendCharByChar(out, value);
    return out.length();
  }

  private static void appendCharByChar(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '<', '>', '&' -> b.append("\\u00").append(Integer.toHexString(c));
        default -> b.append(c);
      }
    }
    b.append('"');
  }
}
