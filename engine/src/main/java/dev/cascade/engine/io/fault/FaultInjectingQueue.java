package dev.cascade.engine.io.fault;

import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.IoQueueStats;
import dev.cascade.engine.io.TransferChecks;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;

/**
 * The {@link IoQueue} of {@link FaultInjectingIoEngine}: checks each operation against the engine's fault rules
 * and handle state, lets the engine save what a write will overwrite, then hands the operation to the
 * delegate engine's queue. The engine learns when each write completes and, when a sync completes, which
 * writes it covered: those completed before the sync was submitted (a write still in flight on io_uring is not
 * covered), plus the write linked to it in {@code writeAndSync}.
 *
 * <p>Arguments and the calling thread are checked before the engine sees the operation, so a call that the
 * delegate would reject neither counts against the fault rules nor leaves an undo record; a record is dropped
 * too if the delegate throws anyway.
 *
 * <p>An injected failure completes the promise at once, as a failed promise, without touching the file.
 *
 * <p>Thread ownership: owned by its loop's thread, which opened it; only {@link #wake()} is thread-safe.
 */
final class FaultInjectingQueue implements IoQueue {
  private final FaultInjectingIoEngine engine;
  private final IoQueue delegate;
  private final EventLoop loop;
  private boolean closed;

  FaultInjectingQueue(FaultInjectingIoEngine engine, IoQueue delegate, EventLoop loop) {
    this.engine = engine;
    this.delegate = delegate;
    this.loop = loop;
  }

  @Override
  public IoEngineKind kind() {
    return delegate.kind();
  }

  @Override
  public Promise<Void> read(IoFile file, long offset, MemorySegment dst) {
    check(file, IoOp.READ.operationName(), offset, dst);
    FaultFile f;
    try {
      f = engine.beforeRead(file);
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    return delegate.read(f.delegate(), offset, dst);
  }

  @Override
  public Promise<Void> write(IoFile file, long offset, MemorySegment src) {
    check(file, IoOp.writeName(1), offset, src);
    FaultInjectingIoEngine.Write w;
    try {
      w = engine.beforeWrite(file, offset, src.byteSize(), IoOp.writeName(1));
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    return tracked(w, submit(w, () -> delegate.write(w.file().delegate(), offset, src)));
  }

  @Override
  public Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs) {
    check(file, IoOp.writeName(srcs.length), offset, srcs);
    long length = 0;
    for (MemorySegment src : srcs) {
      length += src.byteSize();
    }
    FaultInjectingIoEngine.Write w;
    try {
      w = engine.beforeWrite(file, offset, length, IoOp.writeName(srcs.length));
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    return tracked(w, submit(w, () -> delegate.writev(w.file().delegate(), offset, srcs)));
  }

  @Override
  public Promise<Void> sync(IoFile file, boolean dataOnly) {
    check(file, IoOp.syncName(dataOnly), 0);
    FaultFile f;
    long mark;
    try {
      f = engine.beforeSync(file, IoOp.syncName(dataOnly));
      mark = engine.syncMark(f);
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    StorageIoException fault = engine.injectedFault(IoOp.SYNC, f.path(), IoOp.syncName(dataOnly));
    if (fault != null) {
      engine.syncCompleted(f, mark, null, true); // as a real failed fsync: what it covered is lost
      return Promise.failed(loop, fault);
    }
    Promise<Void> p = delegate.sync(f.delegate(), dataOnly);
    p.onComplete(done -> engine.syncCompleted(f, mark, null, done.isFailed()));
    return p;
  }

  /** The write and its sync are one unit: the sync covers its own write, whenever that completes. */
  @Override
  public Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
    check(file, IoOp.writeName(1), offset, src);
    FaultInjectingIoEngine.Write w;
    StorageIoException syncFault;
    long mark;
    try {
      w = engine.beforeWrite(file, offset, src.byteSize(), IoOp.writeName(1));
      syncFault = engine.injectedFault(IoOp.SYNC, w.file().path(), IoOp.syncName(dataOnly));
      mark = engine.syncMark(w.file());
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    if (syncFault != null) {
      // The write lands, the sync fails: the data is in the file but lost, as after a real failed fsync.
      Promise<Void> out = new Promise<>(loop);
      submit(w, () -> delegate.write(w.file().delegate(), offset, src)).onComplete(done -> {
        Throwable failure = done.isFailed() ? done.failure() : syncFault;
        linkedCompleted(w, mark, failure, syncFault.operation());
        out.fail(failure);
      });
      return out;
    }
    Promise<Void> p = submit(w, () -> delegate.writeAndSync(w.file().delegate(), offset, src, dataOnly));
    String syncName = IoOp.syncName(dataOnly);
    p.onComplete(done -> linkedCompleted(w, mark, done.failure(), syncName));
    return p;
  }

  /**
   * Tells the engine how a {@code writeAndSync} ended. A failure names its half: a failed sync means the write
   * landed and is lost with what else the sync covered; a failed write means the sync never ran.
   */
  private void linkedCompleted(FaultInjectingIoEngine.Write w, long mark, Throwable failure, String syncName) {
    boolean syncFailed = failure instanceof StorageIoException e && e.operation().equals(syncName);
    boolean writeFailed = failure != null && !syncFailed;
    engine.writeCompleted(w, writeFailed);
    if (!writeFailed) {
      engine.syncCompleted(w.file(), mark, w.change(), syncFailed);
    }
  }

  /** Tells the engine when the write completes. */
  private Promise<Void> tracked(FaultInjectingIoEngine.Write w, Promise<Void> p) {
    p.onComplete(done -> engine.writeCompleted(w, done.isFailed()));
    return p;
  }

  /** Hands a write to the delegate; if the delegate rejects it by throwing, the write never happened. */
  private Promise<Void> submit(FaultInjectingIoEngine.Write w, Supplier<Promise<Void>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      engine.writeRejected(w);
      throw e;
    }
  }

  /**
   * The checks the delegate queues make before an operation starts (calling thread, open queue, and
   * {@link TransferChecks}), made first so that a rejected call leaves no trace in the engine.
   */
  private void check(IoFile file, String operation, long offset, MemorySegment... buffers) {
    if (!loop.inLoop()) {
      throw new IllegalStateException("FaultInjectingQueue is owned by " + loop + ", called from "
          + Thread.currentThread().getName());
    }
    if (closed) {
      throw new IllegalStateException("FaultInjectingQueue is closed");
    }
    TransferChecks.check(file, operation, offset, buffers);
  }

  @Override
  public IoQueueStats stats() {
    return delegate.stats();
  }

  @Override
  public int poll() {
    return delegate.poll();
  }

  @Override
  public void sleep(long timeoutNanos) {
    delegate.sleep(timeoutNanos);
  }

  @Override
  public void wake() {
    delegate.wake();
  }

  @Override
  public int inFlight() {
    return delegate.inFlight();
  }

  @Override
  public void close() {
    closed = true;
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjectingQueue[" + delegate + "]";
  }
}
