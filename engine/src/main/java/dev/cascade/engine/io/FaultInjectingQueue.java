package dev.cascade.engine.io;

import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.MemorySegment;

/**
 * The {@link IoQueue} of {@link FaultInjectingIoEngine}: checks each operation against the engine's fault rules
 * and handle state, lets the engine save what a write will overwrite, then hands the operation to the
 * delegate engine's queue. A sync that succeeds tells the engine which writes it made durable: those submitted
 * before it (exact for synchronous engines and for {@code writeAndSync}; on io_uring an unlinked write still in
 * flight when a sync is submitted is counted as covered).
 *
 * <p>An injected failure completes the promise at once, as a failed promise, without touching the file.
 *
 * <p>Thread ownership: owned by the thread that opened it (the delegate queue enforces this); only
 * {@link #wake()} is thread-safe.
 */
final class FaultInjectingQueue implements IoQueue {
  private final FaultInjectingIoEngine engine;
  private final IoQueue delegate;
  private final EventLoop loop;

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
    FaultFile f;
    try {
      f = engine.beforeWrite(file, offset, src.byteSize(), IoOp.writeName(1));
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    return delegate.write(f.delegate(), offset, src);
  }

  @Override
  public Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs) {
    long length = 0;
    for (MemorySegment src : srcs) {
      length += src.byteSize();
    }
    FaultFile f;
    try {
      f = engine.beforeWrite(file, offset, length, IoOp.writeName(srcs.length));
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    return delegate.writev(f.delegate(), offset, srcs);
  }

  @Override
  public Promise<Void> sync(IoFile file, boolean dataOnly) {
    FaultFile f;
    long syncPoint;
    try {
      f = engine.beforeSync(file, IoOp.syncName(dataOnly));
      syncPoint = engine.syncPoint(f);
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    Promise<Void> p = delegate.sync(f.delegate(), dataOnly);
    p.onComplete(done -> engine.syncCompleted(f, syncPoint, done.isFailed()));
    return p;
  }

  @Override
  public Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
    FaultFile f;
    StorageIoException syncFault;
    long syncPoint;
    try {
      f = engine.beforeWrite(file, offset, src.byteSize(), IoOp.writeName(1));
      syncFault = engine.injectedFault(IoOp.SYNC, f.path(), IoOp.syncName(dataOnly));
      syncPoint = engine.syncPoint(f);
    } catch (StorageIoException e) {
      return Promise.failed(loop, e);
    }
    if (syncFault != null) {
      // The write lands, the sync fails: the data is in the file but not durable.
      Promise<Void> out = new Promise<>(loop);
      delegate.write(f.delegate(), offset, src).onComplete(w -> out.fail(w.isFailed() ? w.failure() : syncFault));
      return out;
    }
    Promise<Void> p = delegate.writeAndSync(f.delegate(), offset, src, dataOnly);
    p.onComplete(done -> engine.syncCompleted(f, syncPoint, done.isFailed()));
    return p;
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
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjectingQueue[" + delegate + "]";
  }
}
