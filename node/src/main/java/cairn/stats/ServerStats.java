package cairn.stats;

import cairn.util.GoText;
import java.time.Instant;
import java.util.Objects;

/**
 * This member's {@code /v2/stats/self}, kept as etcd 2.3's {@code stats.ServerStats} keeps it: the
 * state and leader are learned from append traffic (receiving an append makes this member a
 * follower of its sender, sending one makes it the leader), and the rates come from a window of the
 * last 200 appends each way ({@link RateWindow}).
 *
 * <p>Times are {@code System.nanoTime()} readings passed in by the caller; wall-clock times are
 * derived from the one pair given at construction, so a reading and its printed time never
 * disagree. Thread-safe: every method takes the instance's lock.
 */
public final class ServerStats {

  /** Raft roles as etcd's {@code raft.StateType} prints them. */
  public enum State {
    FOLLOWER("StateFollower"),
    CANDIDATE("StateCandidate"),
    LEADER("StateLeader");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final String name;
  private final String id;
  private final Instant startWall;
  private final long startNanos;
  private final RateWindow recvWindow = new RateWindow();
  private final RateWindow sendWindow = new RateWindow();

  private State state = State.FOLLOWER;
  private String leader = "";
  private long leaderSinceNanos;
  private long recvAppendRequests;
  private long sendAppendRequests;

  /**
   * Stats of a member that starts now, as etcd's {@code Initialize}: follower of no known leader
   * ({@code "leader":""}), leader start time = start time.
   *
   * @param name the member's name
   * @param idHex the member's ID, lower-case hex without leading zeros
   * @param startWall the wall-clock time of the start
   * @param startNanos the {@code System.nanoTime()} reading taken with {@code startWall}
   */
  public ServerStats(String name, String idHex, Instant startWall, long startNanos) {
    this.name = Objects.requireNonNull(name);
    this.id = Objects.requireNonNull(idHex);
    this.startWall = Objects.requireNonNull(startWall);
    this.startNanos = startNanos;
    this.leaderSinceNanos = startNanos;
  }

  /**
   * An append request (raft {@code MsgApp}) of {@code bytes} arrived from {@code leaderHex}: this
   * member is a follower, and the leader's uptime restarts when the sender changed.
   */
  public synchronized void recvAppendReq(String leaderHex, int bytes, long nanoTime) {
    state = State.FOLLOWER;
    if (!leaderHex.equals(leader)) {
      leader = leaderHex;
      leaderSinceNanos = nanoTime;
    }
    recvWindow.insert(nanoTime, bytes);
    recvAppendRequests++;
  }

  /** This member sent an append request of {@code bytes} (to one follower): it is the leader. */
  public synchronized void sendAppendReq(int bytes, long nanoTime) {
    becomeLeader(nanoTime);
    sendWindow.insert(nanoTime, bytes);
    sendAppendRequests++;
  }

  /**
   * This member won an election. As in etcd, a member stays {@code StateLeader} until an append
   * from another leader arrives; nothing else (not a step-down) changes the printed state.
   */
  public synchronized void becomeLeader(long nanoTime) {
    if (state != State.LEADER) {
      state = State.LEADER;
      leader = id;
      leaderSinceNanos = nanoTime;
    }
  }

  /** The current state (as the traffic has shown it). */
  public synchronized State state() {
    return state;
  }

  /**
   * The {@code /v2/stats/self} body, in etcd's field order; the four rates are left out when zero
   * ({@code omitempty}), and the windows older than a second are dropped (as etcd's read does).
   */
  public synchronized String toJson(long nowNanos) {
    RateWindow.Rates recv = recvWindow.rates(nowNanos);
    RateWindow.Rates send = sendWindow.rates(nowNanos);
    StringBuilder b = new StringBuilder(320).append("{\"name\":");
    GoText.jsonString(b, name);
    b.append(",\"id\":");
    GoText.jsonString(b, id);
    b.append(",\"state\":\"").append(state.wireName()).append('"');
    b.append(",\"startTime\":\"").append(GoText.time(startWall)).append('"');
    b.append(",\"leaderInfo\":{\"leader\":");
    GoText.jsonString(b, leader);
    b.append(",\"uptime\":\"").append(GoText.duration(nowNanos - leaderSinceNanos)).append('"');
    b.append(",\"startTime\":\"").append(GoText.time(wallAt(leaderSinceNanos))).append("\"}");
    b.append(",\"recvAppendRequestCnt\":").append(Long.toUnsignedString(recvAppendRequests));
    rate(b, "recvPkgRate", recv.packages());
    rate(b, "recvBandwidthRate", recv.bytes());
    b.append(",\"sendAppendRequestCnt\":").append(Long.toUnsignedString(sendAppendRequests));
    rate(b, "sendPkgRate", send.packages());
    rate(b, "sendBandwidthRate", send.bytes());
    return b.append('}').toString();
  }

  private static void rate(StringBuilder b, String field, double value) {
    if (value != 0) {
      b.append(",\"").append(field).append("\":").append(GoText.float64(value));
    }
  }

  private Instant wallAt(long nanoTime) {
    return startWall.plusNanos(nanoTime - startNanos);
  }
}
