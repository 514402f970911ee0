package cairn.util;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Netty transport a member's event loops and channels use, one choice for all of them (a
 * channel only runs on loops of its own kind): Netty's native epoll transport where its library
 * loads (Linux on x86-64), else the JDK's NIO.
 */
public final class NettyIo {

  static {
    // Netty logs through java.util.logging here (the jar holds no SLF4J or Log4j). Named, so that
    // Netty's first logger does not look for each of those on the class path first: a miss reads
    // the jar's directory for every name tried, ~15 ms of a member's start.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }

  private static final boolean EPOLL = Epoll.isAvailable();

  private NettyIo() {}

  /** A group of {@code threads} event loops of this transport. */
  public static EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, handlerFactory());
  }

  static IoHandlerFactory handlerFactory() {
    return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  public static Class<? extends ServerSocketChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /**
   * The serving side of TLS, for a member's client and peer URLs: the JDK's implementation, TLS 1.3
   * or 1.2, as etcd 3.4 negotiates. Built here, like the dialing side, so that Netty's SSL classes
   * are first touched after this class has named Netty's logger factory. The caller adds the
   * trusted CA and the client-certificate rule, if any.
   */
  public static SslContextBuilder tlsServer(PrivateKey key, X509Certificate... chain) {
    return jdkTls(SslContextBuilder.forServer(key, chain));
  }

  /**
   * The dialing side of TLS, as a member dials its peers and a proxy the members: the JDK's
   * implementation, TLS 1.3 or 1.2, the server's certificate checked against the URL's host. The
   * caller adds its own key and trusted CA, if any.
   */
  public static SslContextBuilder tlsClient() {
    return jdkTls(SslContextBuilder.forClient()).endpointIdentificationAlgorithm("HTTPS");
  }

  /** Both sides' engine and protocols: the JDK's implementation, TLS 1.3 or 1.2. */
  private static SslContextBuilder jdkTls(SslContextBuilder b) {
    return b.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
  }

  /**
   * A registry of a server's accepted connections, each dropped from it as it closes, for {@link
   * #closeServer} to close.
   */
  public static ChannelGroup newConnectionGroup() {
    return new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  }

  /**
   * A server's stop: closes its listening channels, then every connection it accepted (open watches
   * end here, before the threads stop, rather than whenever a stopping loop gets to them), then
   * stops its groups, waiting up to 5 s for each step.
   */
  public static void closeServer(
      List<Channel> listening, ChannelGroup connections, EventLoopGroup... groups) {
    for (Channel ch : listening) {
      ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
