package cairn.peer;

import static cairn.peer.PeerTestKit.CLUSTER_ID;
import static cairn.peer.PeerTestKit.app;
import static cairn.peer.PeerTestKit.await;
import static cairn.peer.PeerTestKit.indexes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cairn.peer.PeerTestKit.Member;
import cairn.raft.ConfState;
import cairn.raft.Entry;
import cairn.raft.Message;
import cairn.raft.MessageType;
import cairn.raft.Snapshot;
import cairn.raft.SnapshotMetadata;
import cairn.util.MemberLog;
import cairn.util.NettyIo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PeerTransportTest {

  private static final long A = 1;
  private static final long B = 2;

  private static void connect(Member from, Member to) {
    from.transport.updatePeers(Map.of(to.id, List.of(to.url())));
    await(hex(from.id) + " streams to " + hex(to.id), () -> from.transport.isActive(to.id));
  }

  private static String hex(long id) {
    return Long.toHexString(id);
  }

  @Test
  void logLinesNamePeersByMemberIdAsEtcdDoesNotByRaftId() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      String member = PeerTestKit.memberHexOf(B);
      await(
          "the stream is logged",
          () -> a.logged("established a stream connection with peer " + member));
      assertFalse(a.log.contains("established a stream connection with peer " + hex(B)));
    }
  }

  /**
   * Sends {@code count} numbered messages, keeping at most {@code window} unacknowledged (as Raft's
   * inflight limit does), well under the queue's capacity.
   */
  private static void sendNumbered(Member from, Member to, int count, int window, int batch) {
    for (long next = 1; next <= count; ) {
      long sent = next - 1;
      await("receiver keeps up", () -> to.receivedFrom(from.id).size() >= sent - window);
      List<Message> batchOf = new ArrayList<>();
      for (int i = 0; i < batch && next <= count; i++, next++) {
        batchOf.add(app(from.id, to.id, next));
      }
      from.transport.send(batchOf);
    }
  }

  @Test
  void tenThousandMessagesEachWayArriveInOrderAndNoneIsLostWhileBothAreUp() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      connect(b, a);
      Thread other = new Thread(() -> sendNumbered(b, a, 10_000, 1000, 50));
      other.start();
      sendNumbered(a, b, 10_000, 1000, 50);
      other.join(PeerTestKit.WAIT.toMillis());
      await("all 10,000 reach b", () -> b.receivedFrom(A).size() == 10_000);
      await("all 10,000 reach a", () -> a.receivedFrom(B).size() == 10_000);
      List<Long> inOrder = LongStream.rangeClosed(1, 10_000).boxed().toList();
      assertEquals(inOrder, indexes(b.receivedFrom(A)));
      assertEquals(inOrder, indexes(a.receivedFrom(B)));
      assertEquals(0, a.listener.unreachableCount(B));
      assertEquals(0, b.listener.unreachableCount(A));
    }
  }

  @Test
  void theSenderReconnectsWhenTheReceiverRestartsOnTheSamePort() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID)) {
      Member b = new Member(B, CLUSTER_ID);
      int port = b.address.getPort();
      try {
        connect(a, b);
        a.transport.send(List.of(app(A, B, 1)));
        await("first message arrives", () -> b.receivedFrom(A).size() == 1);
      } finally {
        b.close();
      }
      await("a notices the stream is gone", () -> !a.transport.isActive(B));
      try (Member restarted = new Member(B, CLUSTER_ID, port)) {
        await("a streams to the restarted b", () -> a.transport.isActive(B));
        a.transport.send(List.of(app(A, B, 2), app(A, B, 3)));
        await("later messages arrive", () -> restarted.receivedFrom(A).size() == 2);
        assertEquals(List.of(2L, 3L), indexes(restarted.receivedFrom(A)));
      }
    }
  }

  @Test
  void messagesSentWhileThePeerIsDownWaitInTheQueueAndArriveWhenItComesUp() throws Exception {
    int port = PeerTestKit.deadPort();
    try (Member a = new Member(A, CLUSTER_ID)) {
      a.transport.updatePeers(Map.of(B, List.of("http://127.0.0.1:" + port)));
      a.transport.send(List.of(app(A, B, 1), app(A, B, 2)));
      assertFalse(a.transport.isActive(B));
      try (Member b = new Member(B, CLUSTER_ID, port)) {
        await("queued messages arrive", () -> b.receivedFrom(A).size() == 2);
        assertEquals(List.of(1L, 2L), indexes(b.receivedFrom(A)));
      }
    }
  }

  @Test
  void theStreamRotatesThroughThePeersUrlsUntilOneAnswers() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      String dead = "http://127.0.0.1:" + PeerTestKit.deadPort();
      a.transport.updatePeers(Map.of(B, List.of(dead, b.url())));
      await("a streams to b's second URL", () -> a.transport.isActive(B));
    }
  }

  @Test
  void updatePeersClosesTheStreamOfAPeerNoLongerListed() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      a.transport.updatePeers(Map.of());
      assertFalse(a.transport.isActive(B));
      a.transport.send(List.of(app(A, B, 1)));
      assertEquals(0, a.listener.unreachableCount(B), "unknown peers' messages are just dropped");
    }
  }

  @Test
  void updatePeersWithTheSameUrlsKeepsTheStream() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      a.transport.updatePeers(Map.of(B, List.of(b.url()), A, List.of(a.url())));
      a.transport.send(List.of(app(A, B, 1)));
      await("the message arrives", () -> b.receivedFrom(A).size() == 1);
      assertEquals(
          1,
          a.log.stream().filter(l -> l.startsWith("established a stream")).count(),
          a.log.toString());
    }
  }

  @Test
  void updatePeersRetargetsAPeerWhoseUrlsChanged() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID);
        Member movedB = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      a.transport.updatePeers(Map.of(B, List.of(movedB.url())));
      await("a streams to b's new URL", () -> a.transport.isActive(B));
      a.transport.send(List.of(app(A, B, 1)));
      await("the message arrives at the new URL", () -> movedB.receivedFrom(A).size() == 1);
      assertTrue(b.handler.received.isEmpty());
    }
  }

  @Test
  void aClusterIdMismatchIsRefusedAndNothingIsDelivered() throws Exception {
    long otherCluster = 0x1234L;
    try (Member a = new Member(A, otherCluster);
        Member b = new Member(B, CLUSTER_ID)) {
      a.transport.updatePeers(Map.of(B, List.of(b.url())));
      a.transport.send(List.of(app(A, B, 1)));
      await(
          "b logs the mismatch",
          () -> b.logged("request cluster ID mismatch (got 1234 want c0ffee15deadbeef)"));
      await(
          "a logs that it was ignored",
          () ->
              a.logged(
                  "request sent was ignored (cluster ID mismatch: remote["
                      + PeerTestKit.memberHexOf(B)
                      + "]=c0ffee15deadbeef, local=1234)"));
      assertFalse(a.transport.isActive(B));
      assertTrue(b.handler.received.isEmpty());
      assertEquals(0, a.listener.removed.get());
    }
  }

  @Test
  void aRemovedSenderIsRefusedAndLearnsItWasRemoved() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      b.handler.removed.add(A);
      a.transport.updatePeers(Map.of(B, List.of(b.url())));
      a.transport.send(List.of(app(A, B, 1)));
      await("a is told it was removed", () -> a.listener.removed.get() == 1);
      assertTrue(b.handler.received.isEmpty());
      assertFalse(a.transport.isActive(B));
    }
  }

  private static Message snapshot(long from, long to, int bytes) {
    byte[] data = new byte[bytes];
    new Random(42).nextBytes(data);
    return Message.builder(MessageType.SNAP)
        .from(from)
        .to(to)
        .term(3)
        .snapshot(
            new Snapshot(new SnapshotMetadata(1000, 3, new ConfState(List.of(from, to))), data))
        .build();
  }

  @Test
  void aTwentyMibSnapshotIsDeliveredOnItsOwnConnectionAndReported() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      Message snap = snapshot(A, B, 20 << 20);
      a.transport.send(List.of(snap));
      await("snapshot reported delivered", () -> a.listener.snapshots.contains("2 delivered"));
      List<Message> got = b.receivedFrom(A);
      assertEquals(1, got.size());
      assertEquals(MessageType.SNAP, got.get(0).type());
      assertEquals(snap.snapshot().metadata(), got.get(0).snapshot().metadata());
      assertArrayEquals(snap.snapshot().data(), got.get(0).snapshot().data());
      assertTrue(a.transport.isActive(B), "the stream stays up beside the snapshot");
    }
  }

  @Test
  void aSnapshotToADeadPeerIsReportedNotDelivered() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID)) {
      a.transport.updatePeers(Map.of(B, List.of("http://127.0.0.1:" + PeerTestKit.deadPort())));
      a.transport.send(List.of(snapshot(A, B, 1 << 20)));
      await("snapshot reported failed", () -> a.listener.snapshots.contains("2 failed"));
      assertEquals(List.of("2 failed"), List.copyOf(a.listener.snapshots));
    }
  }

  @Test
  void aSnapshotToAnUnknownPeerIsReportedNotDelivered() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID)) {
      a.transport.send(List.of(snapshot(A, B, 10)));
      assertEquals(List.of("2 failed"), List.copyOf(a.listener.snapshots));
    }
  }

  /**
   * A peer that accepts the stream but stops reading (or a path that vanished without a reset):
   * once written bytes wait unsent for the stall timeout, the stream is closed and reopened.
   */
  /** A transport whose streams count as stalled after 300 ms. */
  private static PeerTransport stallingAfter300Ms(Member local) {
    return new PeerTransport(
        local.id,
        CLUSTER_ID,
        local.listener,
        MemberLog.messagesTo(local.log::add),
        NettyIo.newGroup(1),
        true,
        new TransportLimits(4096, 256L << 20, 300),
        null);
  }

  @Test
  void aStreamThatMakesNoProgressIsReopened() throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Member a = new Member(A, CLUSTER_ID);
        PeerTransport transport = stallingAfter300Ms(a)) {
      peer.setSoTimeout((int) PeerTestKit.WAIT.toMillis());
      transport.updatePeers(Map.of(B, List.of("http://127.0.0.1:" + peer.getLocalPort())));
      try (Socket first = acceptStream(peer, true)) {
        await("the stream is up", () -> transport.isActive(B));
        for (int i = 0; i < 64; i++) { // 64 MiB: more than the socket buffers hold
          transport.send(
              List.of(
                  Message.builder(MessageType.APP)
                      .from(A)
                      .to(B)
                      .entries(List.of(Entry.normal(1, i + 1, new byte[1 << 20])))
                      .build()));
        }
        await("the stall is noticed", () -> a.logged("made no progress for 300 ms"));
        try (Socket second = acceptStream(peer, false)) {
          assertTrue(second.isConnected(), "the stream was reopened");
        }
      }
    }
  }

  @Test
  void aStreamThatIsNeverAnsweredIsReopened() throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Member a = new Member(A, CLUSTER_ID);
        PeerTransport transport = stallingAfter300Ms(a)) {
      peer.setSoTimeout((int) PeerTestKit.WAIT.toMillis());
      transport.updatePeers(Map.of(B, List.of("http://127.0.0.1:" + peer.getLocalPort())));
      try (Socket first = acceptStream(peer, false)) {
        await("the silence is noticed", () -> a.logged("did not answer"));
        try (Socket second = acceptStream(peer, false)) {
          assertTrue(second.isConnected(), "the stream was reopened");
        }
      }
    }
  }

  /** Accepts a stream connection, reads its head, answers 200 if told to, then reads no more. */
  private static Socket acceptStream(ServerSocket peer, boolean answer) throws IOException {
    Socket s = peer.accept();
    PeerTestKit.readHead(s.getInputStream());
    if (answer) {
      s.getOutputStream()
          .write(
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
    return s;
  }

  /** close() leaves no event loop thread behind. */
  @Test
  void closingReleasesEveryThread() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (Member a = new Member(A, CLUSTER_ID);
        Member b = new Member(B, CLUSTER_ID)) {
      connect(a, b);
      a.transport.send(List.of(snapshot(A, B, 1 << 20)));
      await("snapshot delivered", () -> a.listener.snapshots.contains("2 delivered"));
    }
    await(
        "no new event loop threads",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .noneMatch(t -> t.getName().toLowerCase(Locale.ROOT).contains("eventloop")));
  }

  /**
   * Back-pressure: toward a peer that never answers, the queue holds its capacity and every further
   * message is dropped and reported, so a million sends (1 KiB each) cost a bounded queue.
   */
  @Test
  void aFullQueueDropsAndReportsUnreachableAndMemoryStaysBounded() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID)) {
      a.transport.updatePeers(Map.of(B, List.of("http://127.0.0.1:" + PeerTestKit.deadPort())));
      int sends = 1_000_000;
      for (int i = 1; i <= sends; i++) {
        Message m =
            Message.builder(MessageType.APP)
                .from(A)
                .to(B)
                .entries(List.of(Entry.normal(1, i, new byte[1024])))
                .build();
        a.transport.send(List.of(m));
      }
      assertEquals(sends - TransportLimits.DEFAULT.queueCapacity(), a.listener.unreachableCount(B));
    }
  }

  @Test
  void theQueueIsBoundedInBytesToo() throws Exception {
    try (Member a = new Member(A, CLUSTER_ID)) {
      a.transport.updatePeers(Map.of(B, List.of("http://127.0.0.1:" + PeerTestKit.deadPort())));
      int sends = 200;
      for (int i = 1; i <= sends; i++) {
        a.transport.send(
            List.of(
                Message.builder(MessageType.APP)
                    .from(A)
                    .to(B)
                    .entries(List.of(Entry.normal(1, i, new byte[1 << 20])))
                    .build()));
      }
      long fit = TransportLimits.DEFAULT.queueCapacityBytes() / ((1 << 20) + 24 + 128);
      assertEquals(sends - fit, a.listener.unreachableCount(B));
    }
  }
}
