package dev.cascade.engine.io.fault;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFailures;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.Preallocation;
import dev.cascade.engine.runtime.EventLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * the file. Every matching rule counts every operation (so each rule's passes are counted independently of
 * the others); when several fire at once, the errno of the first added wins.
 *
 * <p><b>Durability.</b> Per file, an undo log ({@link FileHistory}) records what each write and truncation
 * overwrote until a sync makes it durable (only writes completed before the sync was submitted; a failed sync
 * loses what it covered for good), and whether the file was created since its directory was last synced.
 * Renames and deletions stay pending until {@link #syncDirectory} of the directory of the (new) name: a file
 * that a rename replaced, or that was deleted, is kept under a hidden trash name in the same directory
 * ({@link #TRASH_PREFIX}, left out of {@link #list}) until then. {@link #crash} closes every handle (later use
 * fails with "engine crashed"), rewrites the files as a power loss could have left them (see
 * {@link CrashMode}), deletes files whose creation was not durable, and undoes pending renames and deletions,
 * newest first. The engine stays usable: opening files again is the "reboot". What is simplified: directories
 * are durable at once; a rename across directories is durable once its target's directory is synced; a crash
 * must not race operations in flight (quiesce the queues first); files changed other than through this engine
 * are not tracked. engine/docs/fault-injection.md describes the model exactly.
 *
 * <p>Thread ownership: thread-safe. Bookkeeping (histories, rules, pending renames and deletions) is guarded by
 * one lock, held also while the old bytes of a write are read and while a crash rewrites files; it is a test
 * engine, so correctness comes before speed. Its queues are owned by their loops' threads and report
 * completions to the engine from there.
 */
public final class FaultInjectingIoEngine implements IoEngine {
  /** Bound on the bytes the undo logs keep for unsynced overwrites, across all files. */
  public static final long UNDO_BYTES_MAX = 1L << 30;

  /** Start of the hidden names under which replaced and deleted files wait for their directory's sync. */
  public static final String TRASH_PREFIX = ".fault-trash-";

  /**
   * A rename ({@code to} non-null) or deletion not yet made durable by a directory sync. {@code trash} holds the
   * file that the rename replaced, or the deleted file, or is null (nothing durable was replaced).
   */
  private record NameChange(Path from, Path to, Path trash) {
    Path dir() {
      return (to != null ? to : from).getParent();
    }
  }

  private final IoEngine delegate;
  private final Object lock = new Object();
  private final Map<Path, FileHistory> histories = new HashMap<>();
  private final Set<FaultFile> openFiles = new LinkedHashSet<>();
  private final List<FaultRule> rules = new ArrayList<>();
  /** Pending renames and deletions, oldest first. */
  private final List<NameChange> nameChanges = new ArrayList<>();
  private long trashCount;
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

  /**
   * The failure to inject for this operation now, or null. Every rule counts the operation, also after one
   * has fired: otherwise a rule's passes would depend on the rules added before it.
   */
  StorageIoException injectedFault(IoOp op, Path path, String operationName) {
    synchronized (lock) {
      FaultRule fired = null;
      for (FaultRule rule : rules) {
        if (rule.fires(op, path) && fired == null) {
          fired = rule;
        }
      }
      if (fired == null) {
        return null;
      }
      injectedFaults++;
      rules.removeIf(FaultRule::spent);
      return new StorageIoException(path, operationName, fired.errno(), "injected fault");
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
      for (NameChange c : nameChanges.reversed()) {
        undo(c);
      }
      nameChanges.clear();
      undoBytes = 0;
      crashes++;
    }
  }

  /** Puts the names back as before a rename or deletion whose directory was not synced. */
  private static void undo(NameChange c) {
    try {
      if (c.to() != null && Files.exists(c.to())) {
        Files.move(c.to(), c.from(), StandardCopyOption.ATOMIC_MOVE);
      }
      if (c.trash() != null) {
        Files.move(c.trash(), c.to() != null ? c.to() : c.from(), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw IoFailures.of(c.from(), "crash", e);
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
      FileHistory.Change truncation = null;
      if (existed && has(flags, OpenFlag.TRUNCATE)) {
        FileHistory truncated = h;
        truncation = record(path, IoOp.TRUNCATE, () -> truncated.recordTruncate(0));
        account(h, truncation);
      }
      IoFile d;
      try {
        d = delegate.open(path, flags);
      } catch (RuntimeException e) {
        abandon(h, truncation, e);
        throw e;
      }
      histories.put(key, h);
      h.handleOpened();
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
      handleClosed(f.history());
    }
    delegate.close(f.delegate());
  }

  /** The last handle closes the history's reader; a history with nothing left to undo is dropped. */
  private void handleClosed(FileHistory h) {
    try {
      h.handleClosed();
    } catch (IOException e) {
      throw IoFailures.of(h.path(), "close", e);
    }
    if (h.idle() && histories.get(h.path()) == h) {
      histories.remove(h.path());
    }
  }

  @Override
  public long size(IoFile file) {
    return delegate.size(live(file, IoOp.SIZE_OPERATION).delegate());
  }

  @Override
  public void truncate(IoFile file, long sizeBytes) {
    synchronized (lock) {
      String op = IoOp.TRUNCATE.operationName();
      FaultFile f = live(file, op);
      inject(IoOp.TRUNCATE, f.path(), op);
      FileHistory h = f.history();
      FileHistory.Change c = null;
      if (f.writable() && sizeBytes >= 0) { // a negative size is for the delegate to reject
        c = record(f.path(), IoOp.TRUNCATE, () -> h.recordTruncate(sizeBytes));
        account(h, c);
      }
      try {
        delegate.truncate(f.delegate(), sizeBytes);
      } catch (RuntimeException e) {
        abandon(h, c, e);
        throw e;
      }
    }
  }

  /**
   * Preallocation writes zeros and syncs the file: afterwards every completed change is durable (not writes
   * still in flight, nor lost ones).
   */
  @Override
  public void preallocate(IoFile file, long offset, long length) {
    synchronized (lock) {
      String op = IoOp.PREALLOCATE.operationName();
      FaultFile f = live(file, op);
      inject(IoOp.PREALLOCATE, f.path(), op);
      FileHistory h = f.history();
      FileHistory.Change c = null;
      if (f.writable()) {
        c = record(f.path(), IoOp.PREALLOCATE, () -> h.recordWrite(offset, length));
        account(h, c);
        if (c != null) {
          h.completed(c); // preallocation is synchronous
        }
      }
      try {
        delegate.preallocate(f.delegate(), offset, length);
      } catch (RuntimeException e) {
        abandon(h, c, e);
        throw e;
      }
      undoBytes -= h.synced(h.syncMark(), c);
    }
  }

  /**
   * Renames now; durable once the target's directory is synced. A durable file that the rename replaces is
   * first hard-linked under a trash name (so {@code to} never stops naming a file), for a crash to restore.
   */
  @Override
  public void rename(Path from, Path to) {
    synchronized (lock) {
      inject(IoOp.RENAME, from, IoOp.RENAME.operationName());
      FileHistory replaced = histories.get(key(to));
      boolean keepReplaced = delegate.exists(to) && (replaced == null || !replaced.pendingEntry());
      Path trash = keepReplaced ? linkToTrash(to) : null;
      try {
        delegate.rename(from, to);
      } catch (RuntimeException e) {
        deleteQuietly(trash);
        throw e;
      }
      histories.remove(key(to));
      if (trash != null && replaced != null) {
        replaced.movedTo(trash); // its unsynced changes are undone there if the rename is
        histories.put(trash, replaced);
      } else {
        forget(replaced);
      }
      FileHistory moved = histories.remove(key(from));
      if (moved != null) {
        moved.movedTo(key(to));
        histories.put(key(to), moved);
      }
      nameChanges.add(new NameChange(key(from), key(to), trash));
    }
  }

  /**
   * Deletes now; durable once the directory is synced. A durable file is moved to a trash name (its history
   * follows it) so that a crash can bring it back; a file whose creation is not durable is deleted for real.
   */
  @Override
  public void delete(Path path) {
    synchronized (lock) {
      inject(IoOp.DELETE, path, IoOp.DELETE.operationName());
      Path key = key(path);
      FileHistory h = histories.get(key);
      if (!delegate.exists(path) || (h != null && h.pendingEntry())) {
        delegate.delete(path);
        forget(histories.remove(key));
        return;
      }
      Path trash = trashName(key);
      delegate.rename(path, trash);
      if (histories.remove(key) != null) {
        h.movedTo(trash);
        histories.put(trash, h);
      }
      nameChanges.add(new NameChange(key, null, trash));
    }
  }

  /** The delegate's listing without the trash names of pending renames and deletions. */
  @Override
  public List<Path> list(Path dir) {
    List<Path> names = new ArrayList<>(delegate.list(dir));
    names.removeIf(n -> n.getFileName().toString().startsWith(TRASH_PREFIX));
    return names;
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public void createDirectories(Path dir) {
    delegate.createDirectories(dir);
  }

  /**
   * Makes the creation of every file in {@code dir} durable, and the renames into it and deletions from it:
   * their trash files are deleted for real.
   */
  @Override
  public void syncDirectory(Path dir) {
    synchronized (lock) {
      inject(IoOp.SYNC_DIRECTORY, dir, IoOp.SYNC_DIRECTORY.operationName());
      delegate.syncDirectory(dir);
      Path key = key(dir);
      nameChanges.removeIf(c -> key.equals(c.dir()) && commit(c));
      List<FileHistory> idle = new ArrayList<>();
      for (FileHistory h : histories.values()) {
        if (key.equals(h.path().getParent())) {
          h.entryDurable();
          if (h.idle()) {
            idle.add(h);
          }
        }
      }
      idle.forEach(h -> histories.remove(h.path()));
    }
  }

  /** A rename or deletion became durable: the file it replaced or deleted is gone for good. Returns true. */
  private boolean commit(NameChange c) {
    if (c.trash() != null) {
      forget(histories.remove(c.trash()));
      delegate.delete(c.trash());
    }
    return true;
  }

  @Override
  public IoQueue open(EventLoop loop, int shardIndex) {
    return new FaultInjectingQueue(this, delegate.open(loop, shardIndex), loop);
  }

  /** Closes the delegate; trash files are deleted, as the pending renames and deletions would have been. */
  @Override
  public void close() {
    synchronized (lock) {
      for (NameChange c : nameChanges) {
        deleteQuietly(c.trash());
      }
      nameChanges.clear();
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

  /** A write let through to the delegate: its handle and its undo record (null if none is kept). */
  record Write(FaultFile file, FileHistory.Change change) {}

  FaultFile beforeRead(IoFile file) {
    String op = IoOp.READ.operationName();
    FaultFile f = live(file, op);
    inject(IoOp.READ, f.path(), op);
    return f;
  }

  /** Checks the handle and faults, then saves what the write will overwrite. */
  Write beforeWrite(IoFile file, long offset, long length, String op) {
    synchronized (lock) {
      FaultFile f = live(file, op);
      inject(IoOp.WRITE, f.path(), op);
      FileHistory.Change c = null;
      if (f.writable()) {
        c = record(f.path(), IoOp.WRITE, () -> f.history().recordWrite(offset, length));
        account(f.history(), c);
      }
      return new Write(f, c);
    }
  }

  /** The delegate refused the write before starting it: no change to undo. */
  void writeRejected(Write w) {
    synchronized (lock) {
      if (w.change() != null) {
        undoBytes -= w.file().history().discard(w.change());
      }
    }
  }

  /** The write finished: a sync submitted from now on covers it; if it failed, its bytes never become durable. */
  void writeCompleted(Write w, boolean failed) {
    synchronized (lock) {
      if (w.change() == null || w.file().dead()) {
        return;
      }
      if (failed) {
        w.file().history().failed(w.change());
      } else {
        w.file().history().completed(w.change());
      }
    }
  }

  /** Checks the handle; the queue then asks for a fault itself, as an injected failure loses data too. */
  FaultFile beforeSync(IoFile file, String op) {
    return live(file, op);
  }

  /** What a sync submitted now covers: the writes of {@code f}'s file completed so far. */
  long syncMark(FaultFile f) {
    synchronized (lock) {
      return f.history().syncMark();
    }
  }

  /**
   * A sync submitted at {@code mark} finished (with {@code own}, the write linked to it, or null): on success
   * what it covered is durable; on failure it is lost, even if a later sync succeeds.
   */
  void syncCompleted(FaultFile f, long mark, FileHistory.Change own, boolean failed) {
    synchronized (lock) {
      if (f.dead()) {
        return;
      }
      if (failed) {
        f.history().syncFailed(mark, own);
      } else {
        undoBytes -= f.history().synced(mark, own);
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** An undo-log step that reads the file; {@link IOException} becomes a failure of {@code op}. */
  @FunctionalInterface
  private interface Recording {
    FileHistory.Change run() throws IOException;
  }

  private static FileHistory.Change record(Path path, IoOp op, Recording recording) {
    try {
      return recording.run();
    } catch (IOException e) {
      throw IoFailures.of(path, op.operationName(), e);
    }
  }

  /**
   * The delegate threw instead of doing a recorded change: a rejected call (bad argument, wrong thread)
   * changed nothing, so the record goes; a failed one may have changed part of it, which never becomes durable.
   */
  private void abandon(FileHistory h, FileHistory.Change c, RuntimeException e) {
    if (c == null) {
      return;
    }
    if (e instanceof StorageIoException) {
      h.failed(c);
    } else {
      undoBytes -= h.discard(c);
    }
  }

  /** A hard link to {@code path} under a fresh trash name: keeps the file without ever unnaming it. */
  private Path linkToTrash(Path path) {
    Path trash = trashName(key(path));
    try {
      Files.createLink(trash, path);
    } catch (IOException | UnsupportedOperationException e) {
      throw IoFailures.of(path, IoOp.RENAME.operationName(), e);
    }
    return trash;
  }

  private Path trashName(Path key) {
    return key.resolveSibling(TRASH_PREFIX + ++trashCount + "-" + key.getFileName());
  }

  private static void deleteQuietly(Path trash) {
    if (trash == null) {
      return;
    }
    try {
      Files.deleteIfExists(trash);
    } catch (IOException e) {
      // Only a hidden leftover: the test's temporary directory removes it.
    }
  }

  private void account(FileHistory h, FileHistory.Change c) {
    if (c == null) {
      return;
    }
    undoBytes += c.savedBytes();
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
          + injectedFaults + ", crashes " + crashes + ", tracked files " + histories.size()
          + ", pending renames and deletions " + nameChanges.size() + "]";
    }
  }
}
