package cairn.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot request body collected on the heap as it arrives, in blocks that grow from 64 KiB to 4
 * MiB: memory follows the bytes actually received (not the length a request claims), and the
 * network buffers are released at once instead of being held by slices until the body ends.
 */
final class SnapshotBody {

  private static final int FIRST_BLOCK_BYTES = 64 << 10;
  private static final int MAX_BLOCK_BYTES = 4 << 20;

  private final List<byte[]> blocks = new ArrayList<>();
  private int lastUsed;
  private long size;

  void append(ByteBuf content) {
    while (content.isReadable()) {
      if (blocks.isEmpty() || lastUsed == blocks.get(blocks.size() - 1).length) {
        int next =
            blocks.isEmpty()
                ? FIRST_BLOCK_BYTES
                : Math.min(MAX_BLOCK_BYTES, 2 * blocks.get(blocks.size() - 1).length);
        blocks.add(new byte[next]);
        lastUsed = 0;
      }
      byte[] last = blocks.get(blocks.size() - 1);
      int n = Math.min(content.readableBytes(), last.length - lastUsed);
      content.readBytes(last, lastUsed, n);
      lastUsed += n;
      size += n;
    }
  }

  long size() {
    return size;
  }

  /** The body so far as one buffer over the blocks (not copied). */
  ByteBuf asByteBuf() {
    if (blocks.isEmpty()) {
      return Unpooled.EMPTY_BUFFER;
    }
    ByteBuf[] parts = new ByteBuf[blocks.size()];
    for (int i = 0; i < parts.length; i++) {
      byte[] b = blocks.get(i);
      parts[i] = Unpooled.wrappedBuffer(b, 0, i == parts.length - 1 ? lastUsed : b.length);
    }
    return Unpooled.wrappedBuffer(parts.length, parts);
  }
}
