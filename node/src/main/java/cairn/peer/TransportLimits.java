package cairn.peer;

import cairn.util.Check;

/**
 * The bounds of a {@link PeerTransport}'s per-peer stream.
 *
 * @param queueCapacity messages waiting for one peer, at most
 * @param queueCapacityBytes their payload (entries and context, plus 128 bytes each), at most
 * @param stallTimeoutMs how long written bytes may wait unsent (the peer stopped reading, or the
 *     network path vanished without a reset), or a new stream may wait for its answer, before the
 *     stream is closed and reopened
 */
record TransportLimits(int queueCapacity, long queueCapacityBytes, long stallTimeoutMs) {

  static final TransportLimits DEFAULT = new TransportLimits(4096, 64L << 20, 10_000);

  TransportLimits {
    Check.argument(queueCapacity > 0, "queueCapacity %d <= 0", queueCapacity);
    Check.argument(queueCapacityBytes > 0, "queueCapacityBytes %d <= 0", queueCapacityBytes);
    Check.argument(stallTimeoutMs > 0, "stallTimeoutMs %d <= 0", stallTimeoutMs);
  }
}
