package cairn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The real file system with faults switched on by tests: short writes, a disk that fills up after a
 * number of bytes, syncs that fail, and syncs that hang (a slow disk) until released. It also
 * counts what was done, and by which thread, and can call a hook before each change (to copy the
 * disk as a crash at that moment would leave it).
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
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final Map<Thread, LongAdder> bytesWrittenByThread = new ConcurrentHashMap<>();
  private final Object changeLock = new Object();
  private volatile Consumer<String> beforeEachChange;

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

  /**
   * From now on, calls {@code hook} with a description of each change (a file created, written,
   * synced, truncated, renamed or deleted, a directory synced) before making it. Changes are then
   * made one at a time, each right after its hook returns, so what the hook sees is what a crash
   * between two changes would leave behind.
   */
  public FaultInjectingFileSystem beforeEachChange(Consumer<String> hook) {
    this.beforeEachChange = hook;
    return this;
  }

  /** The bytes written through this file system so far. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** The bytes that {@code thread} wrote through this file system so far. */
  public long bytesWrittenBy(Thread thread) {
    LongAdder written = bytesWrittenByThread.get(thread);
    return written == null ? 0 : written.sum();
  }

  /** The bytes read through this file system so far. */
  public long bytesRead() {
    return bytesRead.get();
  }

  public int writeCalls() {
    return writeCalls;
  }

  public int syncCalls() {
    return syncCalls;
  }

  /** A change made through the real file system, returning what it made. */
  private interface Making<T> {
    T make() throws IOException;
  }

  /** A change made through the real file system. */
  private interface Change {
    void make() throws IOException;
  }

  private <T> T making(String description, Making<T> making) throws IOException {
    Consumer<String> hook = beforeEachChange;
    if (hook == null) {
      return making.make();
    }
    synchronized (changeLock) {
      hook.accept(description);
      return making.make();
    }
  }

  private void change(String description, Change change) throws IOException {
    making(
        description,
        () -> {
          change.make();
          return null;
        });
  }

  @Override
  public StorageFile open(Path file) throws IOException {
    return new Faulty(real.open(file), file);
  }

  @Override
  public StorageFile create(Path file) throws IOException {
    return new Faulty(making("create " + file, () -> real.create(file)), file);
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
    change("rename " + from + " to " + to, () -> real.rename(from, to));
  }

  @Override
  public void delete(Path path) throws IOException {
    change("delete " + path, () -> real.delete(path));
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    change("sync directory " + dir, () -> real.syncDirectory(dir));
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
      int written = making("write " + path + " at " + position, () -> file.write(part, position));
      source.position(source.position() + written);
      bytesUntilFull -= written;
      bytesWritten.addAndGet(written);
      bytesWrittenByThread
          .computeIfAbsent(Thread.currentThread(), t -> new LongAdder())
          .add(written);
      return written;
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
      int read = file.read(target, position);
      bytesRead.addAndGet(Math.max(0, read));
      return read;
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
      change("sync " + path, () -> file.sync());
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      change("truncate " + path, () -> file.truncate(size));
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
