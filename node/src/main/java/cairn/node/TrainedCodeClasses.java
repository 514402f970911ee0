package cairn.node;

import java.util.List;

/**
 * Classes a member initializes as it starts so that the JIT can use the compilations that the AOT
 * cache's training recorded (JDK 25, JEP 515), whatever part the member plays.
 *
 * <p>With {@code -XX:+SkipTier2IfPossible} (bin/cairn) a method the training compiled with C2 goes
 * to C2 at its first trip of the counters, but only once every class that training compilation
 * depended on is initialized in this process; otherwise it is compiled with C1 (tier 2) and reaches
 * C2 only thousands of calls later, through the usual thresholds. The training runs every role in
 * one JVM (leader, followers, a single member, writes and watches), so its compilations depend on
 * classes that a member never initializes in its own role. Measured on the bench's 3-member cluster
 * after its load and three fan-outs to 100 watchers ({@code -XX:+AOTPrintTrainingInfo} against
 * {@code jcmd VM.classes}): on a follower the trained C2 compilations of 71 of the node's and
 * Netty's methods waited for classes it had not initialized ({@code ClientHandler.pump} and {@code
 * route}, {@code KeysEndpoint.handle}, {@code WatchResponder.start}, {@code
 * RaftDriver.processReady}, {@code Raft.step}, {@code MessageAggregator.decode}, {@code
 * DefaultPromise.setValue0}, ...), so its first fan-outs to 1,000 watchers ran them in C1 code
 * while the JIT compiled them; on the leader 18 (among them {@code KeysEndpoint.handle} and {@code
 * Store.get}), on a single member 86. Initializing a class whose initializer does nothing more than
 * these do costs microseconds; a name a later library release drops is skipped.
 *
 * <p>Only when the launcher says the JVM runs with those profiles ({@value #PROPERTY}, set with
 * {@code -XX:+SkipTier2IfPossible}): the classes then come from the AOT cache already loaded, while
 * without it the same loop read them from the jar (~0.2 s) for nothing.
 */
final class TrainedCodeClasses {

  /** The system property by which bin/cairn says that the JVM runs with trained profiles. */
  static final String PROPERTY = "cairn.trainedProfiles";

  static final List<String> NAMES =
      List.of(
          // A leader's and an election's (a follower that never led has not used them).
          "cairn.raft.Leader$1",
          "cairn.raft.Raft$CampaignType",
          "cairn.raft.ReadOnly$Status",
          "cairn.raft.ReadState",
          "cairn.raft.quorum.MajorityConfig",
          "cairn.raft.tracker.Progress$1",
          "cairn.server.EtcdServer$Pending",
          "cairn.server.ReadIndexReads$Batch",
          "cairn.stats.LeaderStats$FollowerStats",
          "java.util.TreeMap$Values",
          "java.util.TreeMap$ValueIterator",
          "java.util.concurrent.CompletableFuture$UniWhenComplete",
          "java.nio.BufferMismatch",
          // A follower's (a single member never follows).
          "cairn.raft.Follower",
          "cairn.raft.Follower$1",
          // The peer transport's (a single member has no peers).
          "cairn.peer.MessageCodec",
          "cairn.peer.PeerServerHandler",
          "cairn.peer.PeerServerHandler$1",
          "cairn.peer.PeerServerHandler$Mode",
          "cairn.peer.PeerStream",
          "cairn.peer.PeerStream$1",
          "io.netty.bootstrap.Bootstrap$1",
          "io.netty.handler.codec.http.HttpClientCodec",
          "io.netty.handler.codec.http.HttpClientCodec$Decoder",
          "io.netty.handler.codec.http.HttpClientCodec$Encoder",
          "io.netty.handler.codec.http.HttpRequestEncoder",
          "io.netty.handler.timeout.IdleStateHandler",
          // The JDK's data structures under contention or when full (a LongAdder's cells,
          // threads queued on a lock, several readers at once, a hash bin turned into a tree):
          // which of these a training run needs varies from run to run, so all of them.
          "java.util.concurrent.atomic.Striped64$Cell",
          "java.util.concurrent.locks.AbstractQueuedSynchronizer$Node",
          "java.util.concurrent.locks.AbstractQueuedSynchronizer$ExclusiveNode",
          "java.util.concurrent.locks.AbstractQueuedSynchronizer$SharedNode",
          "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode",
          "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$Node",
          "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ExclusiveNode",
          "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$SharedNode",
          "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionNode",
          "java.util.concurrent.locks.ReentrantReadWriteLock$Sync$HoldCounter",
          "java.util.concurrent.locks.StampedLock$Node",
          "java.util.concurrent.locks.StampedLock$WriterNode",
          "java.util.concurrent.locks.StampedLock$ReaderNode",
          "java.util.HashMap$TreeNode",
          "java.util.concurrent.ConcurrentHashMap$CounterCell",
          "java.util.concurrent.ConcurrentHashMap$ForwardingNode",
          "java.util.concurrent.ConcurrentHashMap$TreeBin",
          "java.util.concurrent.ConcurrentHashMap$TreeNode",
          // Used by some requests only (a body read in several parts, mixed-case headers,
          // characters beyond Latin-1, listeners notified from another thread).
          "java.util.ImmutableCollections$SubList",
          "java.util.function.IntConsumer",
          "java.lang.CharacterData00",
          // The training's own client sockets, which its profiles of stream reads saw.
          "java.net.Socket$SocketInputStream",
          "io.netty.buffer.CompositeByteBuf$Component",
          "io.netty.buffer.WrappedCompositeByteBuf",
          "io.netty.buffer.SimpleLeakAwareCompositeByteBuf",
          "io.netty.buffer.AdaptivePoolingAllocator$BuddyChunk",
          "io.netty.handler.codec.http.DefaultLastHttpContent",
          "io.netty.util.AsciiStringUtil",
          "io.netty.util.concurrent.DefaultPromise$1",
          "io.netty.channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe$2");

  private TrainedCodeClasses() {}

  /** Initializes them if the JVM runs with trained profiles ({@link #PROPERTY}). */
  static void initializeIfTrained() {
    if (Boolean.getBoolean(PROPERTY)) {
      initialize();
    }
  }

  /** Initializes every class of {@link #NAMES} that this JVM has; returns how many it has. */
  static int initialize() {
    ClassLoader loader = TrainedCodeClasses.class.getClassLoader();
    int found = 0;
    for (String name : NAMES) {
      try {
        Class.forName(name, true, loader);
        found++;
      } catch (ClassNotFoundException | LinkageError e) {
        // Another JDK or Netty release: only its warm-up is slower.
      }
    }
    return found;
  }
}
