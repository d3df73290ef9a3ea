package dev.cascade.engine.io;

import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.ReactorFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * The one seam for every byte Cascade reads or writes (LevelDB's {@code Env}). Data-path operations (reads,
 * writes, syncs) are asynchronous and go through an {@link IoQueue}, one per shard, created on the shard's
 * thread. File-system operations (open, rename, delete, list, directory sync, truncate, preallocation) are
 * rare and synchronous, callable from any thread.
 *
 * <p>Implementations: {@code UringIoEngine} (io_uring via FFM), {@link FileChannelIoEngine} (the fallback),
 * and {@link dev.cascade.engine.io.fault.FaultInjectingIoEngine}, which wraps either for crash and error tests. {@link IoEngines#create}
 * picks one.
 *
 * <p>The namespace operations (rename, delete, list, exists, createDirectories, syncDirectory) default to
 * {@link FileSystemOps}, the same for every engine; a wrapping engine overrides them to observe or fail them.
 *
 * <p>Every failure is a {@link StorageIoException} naming the file, the operation and the errno text.
 *
 * <p>Thread ownership: thread-safe; the queues it creates are owned by their threads.
 */
public interface IoEngine extends ReactorFactory, AutoCloseable {
  /** Alignment of offsets, lengths and buffer addresses for {@link OpenFlag#DIRECT} files. */
  int ALIGNMENT_BYTES = 4096;

  IoEngineKind kind();

  /** Opens (or creates) a file. */
  IoFile open(Path path, OpenFlag... flags);

  /** Closes a file once no operation on it is in flight. Closing twice is a no-op. */
  void close(IoFile file);

  /** The file's current size in bytes. */
  long size(IoFile file);

  /** Sets the file's size, cutting or extending it with zeros. */
  void truncate(IoFile file, long sizeBytes);

  /**
   * Writes zeros over {@code [offset, offset + length)} and syncs them, so that later writes there find
   * allocated, written extents (fallocate would leave unwritten extents that cost a journal write on first
   * use). Offset and length must be multiples of {@link #ALIGNMENT_BYTES}.
   */
  void preallocate(IoFile file, long offset, long length);

  /** Atomically renames {@code from} to {@code to}, replacing {@code to}. Durable after {@link #syncDirectory}. */
  default void rename(Path from, Path to) {
    FileSystemOps.rename(from, to);
  }

  /** Deletes a file; a missing file is not an error. Durable after {@link #syncDirectory}. */
  default void delete(Path path) {
    FileSystemOps.delete(path);
  }

  /** Names of the entries of {@code dir}, sorted. */
  default List<Path> list(Path dir) {
    return FileSystemOps.list(dir);
  }

  /** True when {@code path} exists. */
  default boolean exists(Path path) {
    return FileSystemOps.exists(path);
  }

  /** Creates {@code dir} and its missing parents. */
  default void createDirectories(Path dir) {
    FileSystemOps.createDirectories(dir);
  }

  /** fsync on the directory itself, making creations, renames and deletions in it durable. */
  default void syncDirectory(Path dir) {
    FileSystemOps.syncDirectory(dir);
  }

  /** A new queue owned by {@code loop}'s thread, which must be the calling thread. */
  @Override
  IoQueue open(EventLoop loop, int shardIndex);

  /** Releases engine-wide resources; queues and files must be closed first. */
  @Override
  void close();
}
