package cairn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real file system with faults switched on by tests: short writes, a disk that fills up after a
 * number of bytes, syncs that fail, and syncs that hang (a slow disk) until released.
 */
public final class FaultInjectingFileSystem implements FileSystem {

  private final FileSystem real = FileSystem.SYSTEM;
  private volatile int maxBytesPerWrite = Integer.MAX_VALUE;
  private volatile long bytesUntilFull = Long.MAX_VALUE;
  private volatile boolean failSync;
  private volatile int writeCalls;
  private volatile int syncCalls;
  private volatile String heldSuffix;
  private volatile CountDownLatch heldUntil;
  private final AtomicInteger syncsHeld = new AtomicInteger();
  private final AtomicInteger wholeFileReads = new AtomicInteger();

  /** Every write writes at most this many bytes (a short write), as a kernel may. */
  public FaultInjectingFileSystem shortWrites(int maxBytes) {
    this.maxBytesPerWrite = maxBytes;
    return this;
  }

  /** After this many more bytes, writes fail with "No space left on device". */
  public FaultInjectingFileSystem diskFullAfter(long bytes) {
    this.bytesUntilFull = bytes;
    return this;
  }

  /** Syncs of files fail with an I/O error from now on. */
  public FaultInjectingFileSystem failSyncs() {
    this.failSync = true;
    return this;
  }

  /**
   * From now on, syncs of files whose name ends with {@code suffix} wait until {@code release} is
   * counted down (10 s at most, then they go ahead).
   */
  public FaultInjectingFileSystem holdSyncs(String suffix, CountDownLatch release) {
    this.heldUntil = release;
    this.heldSuffix = suffix;
    return this;
  }

  /** How many syncs are waiting for their release right now. */
  public int syncsHeld() {
    return syncsHeld.get();
  }

  /** How many times a whole file was read ({@link #readAllBytes}). */
  public int wholeFileReads() {
    return wholeFileReads.get();
  }

  public int writeCalls() {
    return writeCalls;
  }

  public int syncCalls() {
    return syncCalls;
  }

  @Override
  public StorageFile open(Path file) throws IOException {
    return new Faulty(real.open(file), file);
  }

  @Override
  public StorageFile create(Path file) throws IOException {
    return new Faulty(real.create(file), file);
  }

  @Override
  public byte[] readAllBytes(Path file) throws IOException {
    wholeFileReads.incrementAndGet();
    return real.readAllBytes(file);
  }

  @Override
  public boolean exists(Path path) {
    return real.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return real.isDirectory(path);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    real.createDirectories(dir);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    real.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    real.delete(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    real.syncDirectory(dir);
  }

  @Override
  public AutoCloseable lock(Path lockFile) throws IOException {
    return real.lock(lockFile);
  }

  private final class Faulty implements StorageFile {
    private final StorageFile file;
    private final Path path;

    Faulty(StorageFile file, Path path) {
      this.file = file;
      this.path = path;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
      writeCalls++;
      int allowed = (int) Math.min(source.remaining(), maxBytesPerWrite);
      if (bytesUntilFull <= 0) {
        throw new IOException("No space left on device");
      }
      allowed = (int) Math.min(allowed, bytesUntilFull);
      ByteBuffer part = source.duplicate();
      part.limit(part.position() + allowed);
      int written = file.write(part, position);
      source.position(source.position() + written);
      bytesUntilFull -= written;
      return written;
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
      return file.read(target, position);
    }

    @Override
    public void sync() throws IOException {
      syncCalls++;
      if (failSync) {
        throw new IOException("Input/output error (injected fsync failure)");
      }
      String suffix = heldSuffix;
      if (suffix != null && path.getFileName().toString().endsWith(suffix)) {
        syncsHeld.incrementAndGet();
        try {
          heldUntil.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while held", e);
        } finally {
          syncsHeld.decrementAndGet();
        }
      }
      file.sync();
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      file.truncate(size);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
