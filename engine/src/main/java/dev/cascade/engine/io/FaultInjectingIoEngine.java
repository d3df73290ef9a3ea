package dev.cascade.engine.io;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.runtime.EventLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An {@link IoEngine} for crash and error tests: wraps another engine (FileChannel or io_uring), injects
 * failures on request, and simulates power loss with {@link #crash}.
 *
 * <p><b>Faults.</b> Rules such as {@link #failNext(IoOp, String, int, int)} make matching operations fail with
 * a chosen errno: the failure is a {@link StorageIoException} naming the real path and the real operation name
 * ({@code "pwrite"}, {@code "fdatasync"}, ...), exactly as a real failure. An injected failure does not touch
 * the file. Rules are checked in the order they were added; the first that fires wins.
 *
 * <p><b>Durability.</b> Per file, an undo log ({@link FileHistory}) records what each write and truncation
 * overwrote since the file's last sync, and whether the file was created since its directory was last synced.
 * {@link #crash} then closes every handle (later use fails with "engine crashed") and rewrites the files as a
 * power loss could have left them (see {@link CrashMode}); files whose creation was never made durable by
 * {@link #syncDirectory} are deleted. The engine stays usable: opening files again is the "reboot". What is
 * simplified: renames and deletions are durable at once (a renamed file keeps its undo log, and its
 * pending-creation state unless it replaced a durable file; a deleted file never comes back); directories are durable at once; a crash must not race
 * operations in flight (quiesce the queues first); files changed other than through this engine are not
 * tracked.
 *
 * <p>Thread ownership: thread-safe. Bookkeeping is guarded by one lock, held also while the old bytes of a
 * write are read; it is a test engine, so correctness comes before speed. Its queues are owned by their threads.
 */
public final class FaultInjectingIoEngine implements IoEngine {
  /** Bound on the bytes the undo logs keep for unsynced overwrites, across all files. */
  public static final long UNDO_BYTES_MAX = 1L << 30;

  private final IoEngine delegate;
  private final Object lock = new Object();
  private final Map<Path, FileHistory> histories = new HashMap<>();
  private final Set<FaultFile> openFiles = new LinkedHashSet<>();
  private final List<FaultRule> rules = new ArrayList<>();
  private long undoBytes;
  private long injectedFaults;
  private int crashes;

  public FaultInjectingIoEngine(IoEngine delegate) {
    this.delegate = delegate;
  }

  public IoEngine delegate() {
    return delegate;
  }

  /** The delegate's kind: this engine changes what happens, not how I/O is done. */
  @Override
  public IoEngineKind kind() {
    return delegate.kind();
  }

  // ---------------------------------------------------------------- fault rules

  /**
   * The next {@code times} operations of kind {@code op} (null: any kind) on paths matching {@code paths} fail
   * with {@code errno}. A rename matches on its source path.
   */
  public void failNext(IoOp op, Predicate<Path> paths, int errno, int times) {
    addRule(new FaultRule(op, paths, "matching paths", errno, 0, times));
  }

  /** As {@link #failNext(IoOp, Predicate, int, int)} for paths whose text contains {@code pathSubstring}. */
  public void failNext(IoOp op, String pathSubstring, int errno, int times) {
    addRule(new FaultRule(op, p -> p.toString().contains(pathSubstring), "*" + pathSubstring + "*", errno, 0,
        times));
  }

  /**
   * After {@code passes} more operations of kind {@code op} (null: any kind) on matching paths succeed, every
   * later one fails with {@code errno} until {@link #clearFaults()}: a device that dies.
   */
  public void failAfter(IoOp op, Predicate<Path> paths, long passes, int errno) {
    addRule(new FaultRule(op, paths, "matching paths", errno, passes, FaultRule.FOREVER));
  }

  /** After {@code passes} more operations of any kind succeed, every operation fails with {@code errno}. */
  public void failAfter(long passes, int errno) {
    addRule(new FaultRule(null, p -> true, "any path", errno, passes, FaultRule.FOREVER));
  }

  public void clearFaults() {
    synchronized (lock) {
      rules.clear();
    }
  }

  /** Failures injected so far. */
  public long injectedFaults() {
    synchronized (lock) {
      return injectedFaults;
    }
  }

  /** Crashes simulated so far. */
  public int crashes() {
    synchronized (lock) {
      return crashes;
    }
  }

  private void addRule(FaultRule rule) {
    synchronized (lock) {
      rules.add(rule);
    }
  }

  /** The failure to inject for this operation now, or null; counts the operation against the rules. */
  StorageIoException injectedFault(IoOp op, Path path, String operationName) {
    synchronized (lock) {
      for (FaultRule rule : rules) {
        if (rule.fires(op, path)) {
          injectedFaults++;
          rules.removeIf(FaultRule::spent);
          return new StorageIoException(path, operationName, rule.errno(), "injected fault");
        }
      }
      return null;
    }
  }

  private void inject(IoOp op, Path path, String operationName) {
    StorageIoException e = injectedFault(op, path, operationName);
    if (e != null) {
      throw e;
    }
  }

  // ---------------------------------------------------------------- crash

  /**
   * Simulates a power loss now: kills every open handle and rewrites each file the engine has seen as
   * {@code mode} says, choosing torn outcomes from {@code seed} (same operations and seed, same result).
   * No operation may be in flight. Fault rules stay in force.
   */
  public void crash(CrashMode mode, long seed) {
    synchronized (lock) {
      for (FaultFile f : openFiles) {
        f.markDead();
        closeQuietly(f.delegate());
      }
      openFiles.clear();
      List<FileHistory> files = new ArrayList<>(histories.values());
      files.sort(Comparator.comparing(FileHistory::path));
      for (FileHistory h : files) {
        recover(h, mode, seed);
      }
      histories.clear();
      undoBytes = 0;
      crashes++;
    }
  }

  private static void recover(FileHistory h, CrashMode mode, long seed) {
    try {
      if (h.pendingEntry()) {
        h.close();
        Files.deleteIfExists(h.path());
      } else {
        h.restore(mode, seed);
      }
    } catch (IOException e) {
      throw IoFailures.of(h.path(), "crash", e);
    }
  }

  /** A crash closes descriptors whatever state they are in; a failure to close changes nothing. */
  private void closeQuietly(IoFile file) {
    try {
      delegate.close(file);
    } catch (RuntimeException e) {
      // The handle is dead either way.
    }
  }

  // ---------------------------------------------------------------- files

  @Override
  public IoFile open(Path path, OpenFlag... flags) {
    synchronized (lock) {
      inject(IoOp.OPEN, path, IoOp.OPEN.operationName());
      Path key = key(path);
      boolean existed = delegate.exists(path);
      FileHistory h = histories.get(key);
      if (h == null || !existed) {
        forget(histories.remove(key));
        h = new FileHistory(key, !existed);
      }
      if (existed && has(flags, OpenFlag.TRUNCATE)) {
        FileHistory truncated = h;
        account(h, record(path, IoOp.TRUNCATE, () -> truncated.recordTruncate(0)));
      }
      IoFile d = delegate.open(path, flags);
      histories.put(key, h);
      FaultFile f = new FaultFile(this, d, h);
      openFiles.add(f);
      return f;
    }
  }

  @Override
  public void close(IoFile file) {
    FaultFile f = own(file);
    synchronized (lock) {
      if (f.dead() || f.closed()) {
        return;
      }
      f.markClosed();
      openFiles.remove(f);
    }
    delegate.close(f.delegate());
  }

  @Override
  public long size(IoFile file) {
    return delegate.size(live(file, "fstat").delegate());
  }

  @Override
  public void truncate(IoFile file, long sizeBytes) {
    synchronized (lock) {
      String op = IoOp.TRUNCATE.operationName();
      FaultFile f = live(file, op);
      inject(IoOp.TRUNCATE, f.path(), op);
      if (f.writable()) {
        account(f.history(), record(f.path(), IoOp.TRUNCATE, () -> f.history().recordTruncate(sizeBytes)));
      }
      delegate.truncate(f.delegate(), sizeBytes);
    }
  }

  /** Preallocation writes zeros and syncs the file, so afterwards all of the file is durable. */
  @Override
  public void preallocate(IoFile file, long offset, long length) {
    synchronized (lock) {
      String op = IoOp.PREALLOCATE.operationName();
      FaultFile f = live(file, op);
      inject(IoOp.PREALLOCATE, f.path(), op);
      FileHistory h = f.history();
      if (f.writable()) {
        account(h, record(f.path(), IoOp.PREALLOCATE, () -> h.recordWrite(offset, length)));
      }
      delegate.preallocate(f.delegate(), offset, length);
      undoBytes -= h.synced(h.syncPoint());
    }
  }

  /** Renames at once and durably; the file's history follows it (see the class comment). */
  @Override
  public void rename(Path from, Path to) {
    synchronized (lock) {
      inject(IoOp.RENAME, from, IoOp.RENAME.operationName());
      boolean targetExisted = delegate.exists(to);
      delegate.rename(from, to);
      FileHistory moved = histories.remove(key(from));
      FileHistory replaced = histories.remove(key(to));
      boolean targetDurable = targetExisted && (replaced == null || !replaced.pendingEntry());
      forget(replaced);
      if (moved != null) {
        moved.movedTo(key(to));
        if (targetDurable) {
          moved.entryDurable(); // the name was durable; renames count as durable at once
        }
        histories.put(key(to), moved);
      }
    }
  }

  @Override
  public void delete(Path path) {
    synchronized (lock) {
      inject(IoOp.DELETE, path, IoOp.DELETE.operationName());
      delegate.delete(path);
      forget(histories.remove(key(path)));
    }
  }

  @Override
  public List<Path> list(Path dir) {
    return delegate.list(dir);
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public void createDirectories(Path dir) {
    delegate.createDirectories(dir);
  }

  /** Makes the creation of every file in {@code dir} durable. */
  @Override
  public void syncDirectory(Path dir) {
    synchronized (lock) {
      inject(IoOp.SYNC_DIRECTORY, dir, IoOp.SYNC_DIRECTORY.operationName());
      delegate.syncDirectory(dir);
      Path key = key(dir);
      for (FileHistory h : histories.values()) {
        if (key.equals(h.path().getParent())) {
          h.entryDurable();
        }
      }
    }
  }

  @Override
  public IoQueue open(EventLoop loop, int shardIndex) {
    return new FaultInjectingQueue(this, delegate.open(loop, shardIndex), loop);
  }

  @Override
  public void close() {
    synchronized (lock) {
      for (FileHistory h : histories.values()) {
        try {
          h.close();
        } catch (IOException e) {
          throw IoFailures.of(h.path(), "close", e);
        }
      }
      histories.clear();
    }
    delegate.close();
  }

  // ---------------------------------------------------------------- queue hooks

  FaultFile beforeRead(IoFile file) {
    String op = IoOp.READ.operationName();
    FaultFile f = live(file, op);
    inject(IoOp.READ, f.path(), op);
    return f;
  }

  /** Checks the handle and faults, then saves what the write will overwrite. */
  FaultFile beforeWrite(IoFile file, long offset, long length, String op) {
    synchronized (lock) {
      FaultFile f = live(file, op);
      inject(IoOp.WRITE, f.path(), op);
      if (f.writable()) {
        account(f.history(), record(f.path(), IoOp.WRITE, () -> f.history().recordWrite(offset, length)));
      }
      return f;
    }
  }

  FaultFile beforeSync(IoFile file, String op) {
    FaultFile f = live(file, op);
    inject(IoOp.SYNC, f.path(), op);
    return f;
  }

  long syncPoint(FaultFile f) {
    synchronized (lock) {
      return f.history().syncPoint();
    }
  }

  /** A sync finished: on success, the writes submitted before it are durable. */
  void syncCompleted(FaultFile f, long syncPoint, boolean failed) {
    if (failed) {
      return;
    }
    synchronized (lock) {
      if (!f.dead()) {
        undoBytes -= f.history().synced(syncPoint);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** An undo-log step that reads the file; {@link IOException} becomes a failure of {@code op}. */
  @FunctionalInterface
  private interface Recording {
    long run() throws IOException;
  }

  private static long record(Path path, IoOp op, Recording recording) {
    try {
      return recording.run();
    } catch (IOException e) {
      throw IoFailures.of(path, op.operationName(), e);
    }
  }

  private void account(FileHistory h, long savedBytes) {
    undoBytes += savedBytes;
    if (undoBytes > UNDO_BYTES_MAX) {
      throw new IllegalStateException("FaultInjectingIoEngine keeps more than " + UNDO_BYTES_MAX
          + " bytes of unsynced overwrites (last: " + h.path() + "); sync files more often in this test");
    }
  }

  private void forget(FileHistory h) {
    if (h == null) {
      return;
    }
    undoBytes -= h.savedBytes();
    try {
      h.detach();
    } catch (IOException e) {
      throw IoFailures.of(h.path(), "close", e);
    }
  }

  /** The handle, checked to be ours, open and not killed by a crash. */
  private FaultFile live(IoFile file, String op) {
    FaultFile f = own(file);
    if (f.dead()) {
      throw new StorageIoException(f.path(), op, Errno.EBADF,
          "engine crashed: the handle was opened before crash(); reopen the file");
    }
    if (f.closed()) {
      throw new StorageIoException(f.path(), op, Errno.EBADF, "file is closed");
    }
    return f;
  }

  private FaultFile own(IoFile file) {
    if (file instanceof FaultFile f && f.engine() == this) {
      return f;
    }
    throw new IllegalArgumentException("not a handle of this FaultInjectingIoEngine: " + file);
  }

  private static Path key(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static boolean has(OpenFlag[] flags, OpenFlag wanted) {
    for (OpenFlag f : flags) {
      if (f == wanted) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FaultInjectingIoEngine[" + delegate.kind().optionName() + ", faults " + rules + ", injected "
          + injectedFaults + ", crashes " + crashes + ", tracked files " + histories.size() + "]";
    }
  }
}
