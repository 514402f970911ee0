package cairn.stats;

import cairn.util.GoText;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The leader's {@code /v2/stats/leader}: per follower, the latency of append requests in
 * milliseconds (current, running mean, standard deviation, minimum, maximum) and the counts of
 * successful and failed sends, computed as etcd 2.3's {@code stats.LeaderStats} does.
 *
 * <p>Followers appear on first use of {@link #follower} and print in ascending ID order (Go sorts
 * map keys). Thread-safe.
 */
public final class LeaderStats {

  private final String leader;
  private final Map<String, FollowerStats> followers = new TreeMap<>();

  /** Stats of a term led by {@code leaderHex} (this member), with no followers yet. */
  public LeaderStats(String leaderHex) {
    this.leader = Objects.requireNonNull(leaderHex);
  }

  /** The stats of follower {@code hex}, created empty on first use. */
  public synchronized FollowerStats follower(String hex) {
    return followers.computeIfAbsent(Objects.requireNonNull(hex), h -> new FollowerStats());
  }

  /** Forgets a follower that left the cluster (etcd's transport {@code RemovePeer}). */
  public synchronized void removeFollower(String hex) {
    followers.remove(hex);
  }

  /** The {@code /v2/stats/leader} body: {@code {"leader":…,"followers":{…}}}. */
  public synchronized String toJson() {
    StringBuilder b = new StringBuilder(64 + 220 * followers.size()).append("{\"leader\":");
    GoText.jsonString(b, leader);
    b.append(",\"followers\":{");
    boolean first = true;
    for (Map.Entry<String, FollowerStats> e : followers.entrySet()) {
      b.append(first ? "" : ",");
      first = false;
      GoText.jsonString(b, e.getKey());
      b.append(':');
      e.getValue().toJson(b);
    }
    return b.append("}}").toString();
  }

  /** One follower's latency and counts (etcd's {@code FollowerStats}). Thread-safe. */
  public static final class FollowerStats {

    private double current;
    private double average;
    private double averageSquare;
    private double standardDeviation;
    // etcd starts the minimum at 1<<63 so that the first success lowers it; a follower that never
    // answered prints it (9.223372036854776e+18).
    private double minimum = 0x1p63;
    private double maximum;
    private long fail;
    private long success;

    FollowerStats() {}

    /**
     * An append request to this follower succeeded after {@code latency}. The mean and the mean of
     * squares are updated incrementally and the deviation is {@code sqrt(avg(x^2) - avg(x)^2)},
     * with etcd's exact operations so the printed floats agree.
     */
    public synchronized void succ(Duration latency) {
      double total = success * average;
      double totalSquare = success * averageSquare;
      success++;
      current = latency.toNanos() / 1000000.0;
      if (current > maximum) {
        maximum = current;
      }
      if (current < minimum) {
        minimum = current;
      }
      average = (total + current) / success;
      averageSquare = (totalSquare + current * current) / success;
      standardDeviation = Math.sqrt(averageSquare - average * average);
    }

    /** An append request to this follower failed. */
    public synchronized void fail() {
      fail++;
    }

    synchronized void toJson(StringBuilder b) {
      b.append("{\"latency\":{\"current\":").append(GoText.float64(current));
      b.append(",\"average\":").append(GoText.float64(average));
      // NaN when rounding makes avg(x^2) - avg(x)^2 negative; etcd's encoder fails there.
      double sd = Double.isNaN(standardDeviation) ? 0 : standardDeviation;
      b.append(",\"standardDeviation\":").append(GoText.float64(sd));
      b.append(",\"minimum\":").append(GoText.float64(minimum));
      b.append(",\"maximum\":").append(GoText.float64(maximum));
      b.append("},\"counts\":{\"fail\":").append(Long.toUnsignedString(fail));
      b.append(",\"success\":").append(Long.toUnsignedString(success)).append("}}");
    }
  }
}
