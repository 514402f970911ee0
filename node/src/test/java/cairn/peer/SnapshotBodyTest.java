package cairn.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotBodyTest {

  @Test
  void piecesOfAnySizeComeBackAsTheSameBytesInOrder() {
    Random random = new Random(7);
    byte[] want = new byte[9 << 20]; // several growing blocks
    random.nextBytes(want);
    SnapshotBody body = new SnapshotBody();
    for (int at = 0; at < want.length; ) {
      int n = Math.min(want.length - at, 1 + random.nextInt(300_000));
      body.append(Unpooled.wrappedBuffer(want, at, n));
      at += n;
    }
    assertEquals(want.length, body.size());
    ByteBuf got = body.asByteBuf();
    assertArrayEquals(want, ByteBufUtil.getBytes(got));
  }

  @Test
  void anEmptyBodyIsEmpty() {
    assertEquals(0, new SnapshotBody().asByteBuf().readableBytes());
  }
}
