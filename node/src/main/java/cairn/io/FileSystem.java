package cairn.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations of the WAL and snapshot code. {@link #SYSTEM} is the real disk; tests swap in
 * a fault-injecting twin. Every operation that makes something durable says so.
 */
public interface FileSystem {

  FileSystem SYSTEM = new SystemFileSystem();

  /** Opens an existing file for reading and writing. */
  StorageFile open(Path file) throws IOException;

  /** Creates a new file for reading and writing; fails if it exists. */
  StorageFile create(Path file) throws IOException;

  boolean exists(Path path);

  boolean isDirectory(Path path);

  /** Creates a directory and its parents, and syncs each new one's parent directory. */
  void createDirectories(Path dir) throws IOException;

  /** The names of the entries of a directory, sorted. */
  List<String> list(Path dir) throws IOException;

  /** Renames atomically, replacing the target. Not durable until the directory is synced. */
  void rename(Path from, Path to) throws IOException;

  void delete(Path path) throws IOException;

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  void syncDirectory(Path dir) throws IOException;

  /**
   * Takes an exclusive lock on {@code lockFile} (creating it) for the life of this process or until
   * closed; fails with {@link DirectoryLockedException} if another holder has it.
   */
  AutoCloseable lock(Path lockFile) throws IOException;
}
