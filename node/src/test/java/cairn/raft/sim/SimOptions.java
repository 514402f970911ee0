package cairn.raft.sim;

import cairn.raft.InjectedBug;
import java.util.SplittableRandom;

/**
 * Everything a schedule varies, drawn from its seed: cluster size, fault rates, workload. Rates are
 * probabilities per tick (faults, workload) or per message (network).
 */
record SimOptions(
    long seed,
    int initialVoters,
    boolean checkQuorum,
    boolean preVote,
    double dropRate,
    double duplicateRate,
    int maxExtraDelayTicks,
    double readyRate,
    double crashRate,
    double restartRate,
    double partitionRate,
    double healRate,
    double compactRate,
    double proposeRate,
    double confChangeRate,
    double readIndexRate,
    double transferRate,
    int safetyTicks,
    int livenessTicks,
    long maxSizePerMsgBytes,
    InjectedBug bug) {

  static SimOptions fromSeed(long seed, InjectedBug bug) {
    SplittableRandom r = new SplittableRandom(seed);
    // One schedule in four is crash-heavy: nodes crash often and come back quickly, so that
    // elections overlap with crashes that lose unpersisted votes and log tails.
    boolean crashy = r.nextInt(4) == 0;
    return new SimOptions(
        seed,
        r.nextBoolean() ? 3 : 5,
        r.nextInt(4) != 0,
        r.nextInt(4) != 0,
        r.nextDouble() * 0.2,
        r.nextDouble() * 0.05,
        r.nextInt(4),
        0.5 + r.nextDouble() * 0.5,
        r.nextDouble() * (crashy ? 0.15 : 0.02),
        crashy ? 0.2 + r.nextDouble() * 0.5 : 0.05 + r.nextDouble() * 0.1,
        r.nextDouble() * 0.02,
        0.02 + r.nextDouble() * 0.05,
        r.nextDouble() * 0.05,
        r.nextDouble() * 0.5,
        r.nextDouble() * 0.02,
        r.nextDouble() * 0.05,
        r.nextDouble() * 0.01,
        300,
        400,
        // One entry per append (any cap below an entry's size), a few, or many.
        new long[] {1, 200, 4096}[r.nextInt(3)],
        bug);
  }
}
