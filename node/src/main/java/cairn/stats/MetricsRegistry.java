package cairn.stats;

import cairn.util.Check;
import cairn.util.GoText;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A small Prometheus registry writing the text exposition format 0.0.4 as Go's client library does:
 * families in name order, each with {@code # HELP} and {@code # TYPE}, samples of a labelled family
 * in label-value order, values in Go's shortest {@code %g} ({@link GoText#float64}), histograms as
 * cumulative {@code _bucket{le="…"}} lines ending with {@code +Inf}, then {@code _sum} and {@code
 * _count}. A labelled family with no samples is left out entirely, as Go leaves out a vector no
 * label has been used on.
 *
 * <p>Metrics are updated lock-free from any thread; functions registered with {@link
 * #gaugeFunction} and friends are sampled when {@link #write} runs. A name registered twice, or not
 * a valid Prometheus name, is refused when registered.
 */
public final class MetricsRegistry {

  /** The {@code Content-Type} of {@link #write}'s output, as etcd 2.3 sends it. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4";

  private interface Family {
    String type();

    /** Appends the samples; returns false when there are none (the family is then left out). */
    boolean samples(String name, StringBuilder b);
  }

  private record Registered(String help, Family family) {}

  private final Map<String, Registered> families = new TreeMap<>();

  /** A counter that only goes up. */
  public Counter counter(String name, String help) {
    Counter c = new Counter();
    register(name, help, c);
    return c;
  }

  /** A gauge holding a whole number that goes up and down. */
  public Gauge gauge(String name, String help) {
    Gauge g = new Gauge();
    register(name, help, g);
    return g;
  }

  /**
   * A histogram with the given bucket upper bounds (strictly increasing, finite; {@code +Inf} is
   * added).
   */
  public Histogram histogram(String name, String help, double... upperBounds) {
    Histogram h = new Histogram(upperBounds);
    register(name, help, h);
    return h;
  }

  /**
   * A gauge whose value is read from {@code value} at each {@link #write}; left out while the value
   * is empty (unknown).
   */
  public void gaugeFunction(String name, String help, Supplier<OptionalDouble> value) {
    register(name, help, new Sampled("gauge", null, () -> single(value)));
  }

  /** A counter read from {@code value} at each {@link #write}, as {@link #gaugeFunction}. */
  public void counterFunction(String name, String help, Supplier<OptionalDouble> value) {
    register(name, help, new Sampled("counter", null, () -> single(value)));
  }

  /**
   * A counter with one label, its values by label value read at each {@link #write}; label values
   * absent from the map (or mapped to null) have no sample.
   */
  public void labelledCounterFunction(
      String name, String help, String label, Supplier<? extends Map<String, Double>> values) {
    Check.argument(label.matches("[a-zA-Z_][a-zA-Z0-9_]*"), "invalid label name: " + label);
    register(name, help, new Sampled("counter", label, values));
  }

  /** Appends every family in the text format, in name order. */
  public void write(StringBuilder out) {
    Map<String, Registered> copy;
    synchronized (families) {
      copy = new TreeMap<>(families);
    }
    StringBuilder samples = new StringBuilder();
    for (Map.Entry<String, Registered> e : copy.entrySet()) {
      samples.setLength(0);
      Family f = e.getValue().family();
      if (f.samples(e.getKey(), samples)) {
        out.append("# HELP ").append(e.getKey()).append(' ');
        escape(out, e.getValue().help(), false);
        out.append("\n# TYPE ").append(e.getKey()).append(' ').append(f.type()).append('\n');
        out.append(samples);
      }
    }
  }

  /** {@link #write} into a new string. */
  public String text() {
    StringBuilder b = new StringBuilder(4096);
    write(b);
    return b.toString();
  }

  private void register(String name, String help, Family family) {
    Check.argument(name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), "invalid metric name: " + name);
    Objects.requireNonNull(help);
    synchronized (families) {
      Check.argument(!families.containsKey(name), "metric registered twice: " + name);
      families.put(name, new Registered(help, family));
    }
  }

  private static Map<String, Double> single(Supplier<OptionalDouble> value) {
    OptionalDouble v = value.get();
    return v.isPresent() ? Map.of("", v.getAsDouble()) : Map.of();
  }

  /** HELP text escapes backslash and newline; label values also escape the double quote. */
  private static void escape(StringBuilder b, String s, boolean quote) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '"' -> b.append(quote ? "\\\"" : "\"");
        default -> b.append(c);
      }
    }
  }

  private static void sample(
      StringBuilder b, String name, String label, String labelValue, double value) {
    b.append(name);
    if (label != null) {
      b.append('{').append(label).append("=\"");
      escape(b, labelValue, true);
      b.append("\"}");
    }
    b.append(' ').append(GoText.float64(value)).append('\n');
  }

  /** A counter: {@link #inc} and {@link #add} from any thread. */
  public static final class Counter implements Family {
    private final LongAdder value = new LongAdder();

    Counter() {}

    public void inc() {
      value.increment();
    }

    /** Adds {@code n}, which must not be negative (a counter never goes down). */
    public void add(long n) {
      Check.argument(n >= 0, "counter decrease: " + n);
      value.add(n);
    }

    public long value() {
      return value.sum();
    }

    @Override
    public String type() {
      return "counter";
    }

    @Override
    public boolean samples(String name, StringBuilder b) {
      sample(b, name, null, null, value.sum());
      return true;
    }
  }

  /** A gauge holding a whole number. */
  public static final class Gauge implements Family {
    private final AtomicLong value = new AtomicLong();

    Gauge() {}

    public void set(long v) {
      value.set(v);
    }

    public void inc() {
      value.incrementAndGet();
    }

    public void dec() {
      value.decrementAndGet();
    }

    public long value() {
      return value.get();
    }

    @Override
    public String type() {
      return "gauge";
    }

    @Override
    public boolean samples(String name, StringBuilder b) {
      sample(b, name, null, null, value.get());
      return true;
    }
  }

  /**
   * A histogram of observations (seconds, by Prometheus convention) in fixed buckets. The count is
   * the sum of the bucket counts, so a scrape never shows {@code _count} below the {@code +Inf}
   * bucket.
   */
  public static final class Histogram implements Family {
    private final double[] upperBounds;
    private final AtomicLongArray counts; // per bucket, not cumulative; last = above every bound
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] upperBounds) {
      for (int i = 0; i < upperBounds.length; i++) {
        Check.argument(Double.isFinite(upperBounds[i]), "bucket bound not finite");
        Check.argument(
            i == 0 || upperBounds[i] > upperBounds[i - 1], "bucket bounds not increasing");
      }
      this.upperBounds = upperBounds.clone();
      this.counts = new AtomicLongArray(upperBounds.length + 1);
    }

    /** Records one observation: counted in the first bucket whose bound is at least {@code v}. */
    public void observe(double v) {
      int i = 0;
      while (i < upperBounds.length && v > upperBounds[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      sum.add(v);
    }

    @Override
    public String type() {
      return "histogram";
    }

    @Override
    public boolean samples(String name, StringBuilder b) {
      long cumulative = 0;
      for (int i = 0; i <= upperBounds.length; i++) {
        cumulative += counts.get(i);
        String le = i < upperBounds.length ? GoText.float64(upperBounds[i]) : "+Inf";
        sample(b, name + "_bucket", "le", le, cumulative);
      }
      sample(b, name + "_sum", null, null, sum.sum());
      sample(b, name + "_count", null, null, cumulative);
      return true;
    }
  }

  /** Go's {@code prometheus.ExponentialBuckets}: {@code start}, then each times {@code factor}. */
  public static double[] exponentialBuckets(double start, double factor, int count) {
    Check.argument(start > 0 && factor > 1 && count >= 1, "bad exponential buckets");
    double[] b = new double[count];
    for (int i = 0; i < count; i++) {
      b[i] = start;
      start *= factor;
    }
    return b;
  }

  /** Values read from a function at each scrape; with a label, one sample per label value. */
  private record Sampled(String type, String label, Supplier<? extends Map<String, Double>> values)
      implements Family {
    @Override
    public boolean samples(String name, StringBuilder b) {
      boolean any = false;
      for (Map.Entry<String, Double> e : new TreeMap<>(values.get()).entrySet()) {
        if (e.getValue() != null) {
          sample(b, name, label, e.getKey(), e.getValue());
          any = true;
        }
      }
      return any;
    }
  }
}
