package cairn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real disk, through {@link FileChannel}. */
final class SystemFileSystem implements FileSystem {

  @Override
  public StorageFile open(Path file) throws IOException {
    return new ChannelFile(
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  @Override
  public StorageFile create(Path file) throws IOException {
    return new ChannelFile(
        FileChannel.open(
            file,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.CREATE_NEW));
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return Files.isDirectory(path);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      syncDirectory(p.getParent());
    }
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(Path path) throws IOException {
    Files.delete(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    // Opening a directory for reading and forcing it is how the JDK reaches fsync(dirfd) on Linux.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  @Override
  public AutoCloseable lock(Path lockFile) throws IOException {
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new DirectoryLockedException(lockFile);
    }
    return channel::close;
  }

  /**
   * A {@link StorageFile} over a {@link FileChannel}. A heap buffer goes through at most {@link
   * #HEAP_SLICE_BYTES} per call: the JDK copies it through a temporary direct buffer of the size
   * asked, and keeps only those up to 256 KiB (the launcher's {@code jdk.nio.maxCachedBufferSize}),
   * so a snapshot or a segment read or written at once cost a fresh direct buffer of its size.
   * {@code readFully} and {@code writeFully} go on until all is done.
   */
  private record ChannelFile(FileChannel channel) implements StorageFile {

    private static final int HEAP_SLICE_BYTES = 256 << 10;

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      return sliced(source, b -> channel.write(b, position));
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
      return sliced(target, b -> channel.read(b, position));
    }

    /** One transfer of at most a slice of {@code b} (all of it, if direct). */
    private static int sliced(ByteBuffer b, Transfer transfer) throws IOException {
      int limit = b.limit();
      if (!b.isDirect()) {
        b.limit(Math.min(limit, b.position() + HEAP_SLICE_BYTES));
      }
      try {
        return transfer.apply(b);
      } finally {
        b.limit(limit);
      }
    }

    private interface Transfer {
      int apply(ByteBuffer b) throws IOException;
    }

    @Override
    public void sync() throws IOException {
      channel.force(false);
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      channel.truncate(size);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
