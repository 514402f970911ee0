package cairn.raft;

import cairn.util.Check;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Settings of one Raft node, validated when built. Times are in ticks: the caller decides how long
 * a tick is. The random generator decides the randomized election timeouts; inject a seeded one to
 * make a run reproducible.
 *
 * @param applied the index the application has applied already (after a restart: its snapshot)
 * @param maxSizePerMsgBytes the byte cap on the entries of one append message (at least one entry)
 * @param maxCommittedSizePerReadyBytes the byte cap on the committed entries of one Ready
 * @param maxInflightMsgs the pipelining window: unacknowledged append messages per follower
 * @param injectedBug test-only; anything but NONE breaks Raft on purpose (see {@link InjectedBug})
 */
public record RaftConfig(
    long id,
    Storage storage,
    int electionTicks,
    int heartbeatTicks,
    long applied,
    long maxSizePerMsgBytes,
    long maxCommittedSizePerReadyBytes,
    int maxInflightMsgs,
    boolean checkQuorum,
    boolean preVote,
    RandomGenerator random,
    InjectedBug injectedBug) {

  public RaftConfig {
    Check.argument(id > 0, "node id %d <= 0", id);
    Check.argument(storage != null, "storage is null");
    Check.argument(heartbeatTicks > 0, "heartbeatTicks %d <= 0", heartbeatTicks);
    Check.argument(
        electionTicks > heartbeatTicks,
        "electionTicks %d must exceed heartbeatTicks %d",
        electionTicks,
        heartbeatTicks);
    Check.argument(applied >= 0, "applied %d < 0", applied);
    Check.argument(maxSizePerMsgBytes > 0, "maxSizePerMsgBytes %d <= 0", maxSizePerMsgBytes);
    Check.argument(maxCommittedSizePerReadyBytes > 0, "maxCommittedSizePerReadyBytes <= 0");
    Check.argument(maxInflightMsgs > 0, "maxInflightMsgs %d <= 0", maxInflightMsgs);
    Check.argument(random != null, "random is null");
    Check.argument(injectedBug != null, "injectedBug is null");
  }

  /** Defaults as etcd's: 10 election ticks, 1 heartbeat tick, check-quorum and pre-vote on. */
  public static Builder builder(long id, Storage storage) {
    return new Builder(id, storage);
  }

  public Builder toBuilder() {
    return new Builder(id, storage)
        .electionTicks(electionTicks)
        .heartbeatTicks(heartbeatTicks)
        .applied(applied)
        .maxSizePerMsgBytes(maxSizePerMsgBytes)
        .maxCommittedSizePerReadyBytes(maxCommittedSizePerReadyBytes)
        .maxInflightMsgs(maxInflightMsgs)
        .checkQuorum(checkQuorum)
        .preVote(preVote)
        .random(random)
        .injectedBug(injectedBug);
  }

  /** Builds a {@link RaftConfig}; the random generator defaults to one seeded with the id. */
  public static final class Builder {
    private final long id;
    private final Storage storage;
    private int electionTicks = 10;
    private int heartbeatTicks = 1;
    private long applied;
    private long maxSizePerMsgBytes = 1 << 20;
    private long maxCommittedSizePerReadyBytes = 64 << 20;
    private int maxInflightMsgs = 256;
    private boolean checkQuorum = true;
    private boolean preVote = true;
    private RandomGenerator random;
    private InjectedBug injectedBug = InjectedBug.NONE;

    private Builder(long id, Storage storage) {
      this.id = id;
      this.storage = storage;
    }

    public Builder electionTicks(int v) {
      electionTicks = v;
      return this;
    }

    public Builder heartbeatTicks(int v) {
      heartbeatTicks = v;
      return this;
    }

    public Builder applied(long v) {
      applied = v;
      return this;
    }

    public Builder maxSizePerMsgBytes(long v) {
      maxSizePerMsgBytes = v;
      return this;
    }

    public Builder maxCommittedSizePerReadyBytes(long v) {
      maxCommittedSizePerReadyBytes = v;
      return this;
    }

    public Builder maxInflightMsgs(int v) {
      maxInflightMsgs = v;
      return this;
    }

    public Builder checkQuorum(boolean v) {
      checkQuorum = v;
      return this;
    }

    public Builder preVote(boolean v) {
      preVote = v;
      return this;
    }

    public Builder random(RandomGenerator v) {
      random = v;
      return this;
    }

    /** Test-only: breaks the protocol on purpose so a test can show the checker catches it. */
    public Builder injectedBug(InjectedBug v) {
      injectedBug = v;
      return this;
    }

    public RaftConfig build() {
      return new RaftConfig(
          id,
          storage,
          electionTicks,
          heartbeatTicks,
          applied,
          maxSizePerMsgBytes,
          maxCommittedSizePerReadyBytes,
          maxInflightMsgs,
          checkQuorum,
          preVote,
          random != null ? random : new SplittableRandom(id),
          injectedBug);
    }
  }
}
