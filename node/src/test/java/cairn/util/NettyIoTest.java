package cairn.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** On Linux x86-64 (this project's servers and CI) the member runs on Netty's native epoll. */
class NettyIoTest {

  @Test
  void onLinuxX8664TheLoopsAndChannelsAreNettysNativeEpoll() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
    assumeTrue(System.getProperty("os.arch").equals("amd64"));
    assertEquals(EpollServerSocketChannel.class, NettyIo.serverChannel());
    assertEquals(EpollSocketChannel.class, NettyIo.socketChannel());
    assertEquals(EpollIoHandler.newFactory().getClass(), NettyIo.handlerFactory().getClass());
  }
}
