package dev.cascade.engine.runtime;

import dev.cascade.engine.CascadeException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread of the thread-per-core runtime and the owner of everything in its partition: its run queues, its
 * reactor (the io_uring ring), its promises, and later its WAL, memtables and cache slice. Tasks run here one
 * at a time and cooperatively (see {@link Task}); nothing a shard owns is locked.
 *
 * <p>The loop: take the inbox's messages into the run queues, poll the reactor every
 * {@link #POLL_INTERVAL_TASKS} tasks, run the next task chosen by {@link RunQueues} (foreground first,
 * background with a guaranteed share), and when there is nothing to run, spin for an adaptive while and then
 * sleep in the reactor.
 *
 * <p>Wake protocol (no lost wake-up, no syscall while awake). The shard announces {@code SLEEPING} with a
 * volatile write, then re-reads the inbox's reserved count and sleeps only if it is zero. A producer reserves
 * inbox units (a CAS), links its message, then reads the state, and calls {@link Reactor#wake()} only if it
 * reads {@code SLEEPING} and wins the CAS to {@code WAKING}. Volatile accesses are sequentially consistent, so
 * either the shard's re-read sees the reservation (it does not sleep) or the producer's read sees
 * {@code SLEEPING} (it wakes the shard; the reactor keeps a wake that comes before the sleep as a permit). The
 * winner sets {@code WOKEN} after {@code wake()} returns, and the shard waits for that before it moves on, so a
 * reactor is never closed while another thread is inside its {@code wake()}.
 *
 * <p>Ownership is an explicit atomic state (RUNNING, SPINNING, SLEEPING, WAKING, WOKEN, BORROWED, STOPPED), and {@link
 * #inLoop()} compares with the owning thread recorded in a field rather than a fixed thread, so that ownership
 * can pass to another thread: {@link ShardRuntime#callDirect} runs a task on the caller's thread while the
 * shard sleeps, under a CAS from SLEEPING to BORROWED.
 *
 * <p>Thread ownership: owned by its shard (every method says when it is safe from other threads: {@link
 * #index()}, {@link #stats()}, {@link #inLoop()}, {@link #runtime()} are).
 */
public final class Shard implements EventLoop {
  /** Tasks run between two reactor polls while the shard is busy. */
  public static final int POLL_INTERVAL_TASKS = 32;

  /** Inbox messages taken per loop turn, so a flood of submissions cannot starve queued tasks. */
  static final int INBOX_DRAIN_MAX = 1024;

  /** Pooled promises kept per shard for fork and cross-shard calls. */
  static final int PROMISE_POOL_CAPACITY = 1024;

  /** The longest sleep with nothing scheduled: a safety net, not part of the wake protocol. */
  static final long IDLE_SLEEP_NANOS_MAX = 60_000_000_000L;

  /** How long a stopping shard waits for in-flight I/O and pushes in progress before it gives up on them. */
  static final long SHUTDOWN_DRAIN_NANOS = 5_000_000_000L;

  private static final int SPIN_CHECK_INTERVAL = 64;
  private static final int SPIN_SHRINK_SHIFT = 4;
  private static final long FULL_INBOX_BACKOFF_NANOS = 20_000;
  private static final System.Logger LOG = System.getLogger(Shard.class.getName());

  static final int RUNNING = 0;
  static final int SPINNING = 1;
  static final int SLEEPING = 2;
  static final int WAKING = 3;
  static final int WOKEN = 4;
  static final int STOPPED = 5;
  /** An outside thread runs a task on this idle shard ({@link ShardRuntime#callDirect}); the thread sleeps. */
  static final int BORROWED = 6;

  private final ShardRuntime runtime;
  private final RuntimeOptions options;
  private final int index;
  private final Inbox inbox;
  private final RunQueues queues;
  private final ShardCounters counters = new ShardCounters();
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private final PromisePool promises = new PromisePool(this, PROMISE_POOL_CAPACITY);
  /** Tasks that returned WAIT, by identity, so that resume() finds their job and shutdown can fail them. */
  private final IdentityHashMap<Task, Job> waiting = new IdentityHashMap<>();

  private volatile boolean stopRequested;
  private volatile Reactor reactor;
  private volatile Thread owner;
  private volatile Thread thread;
  private Throwable startFailure;
  private IoBudget ioBudget;

  private Job current;
  private boolean resumedWhileRunning;
  private long taskStartNanos;
  private long spinBudgetNanos;
  private int tasksSincePoll;
  private boolean closing;
  private boolean borrowed;

  Shard(ShardRuntime runtime, RuntimeOptions options, int index) {
    this.runtime = runtime;
    this.options = options;
    this.index = index;
    this.inbox = new Inbox(options.inboxCapacity());
    this.queues = new RunQueues(options.backgroundQuotaNanos(), options.backgroundShare());
    this.spinBudgetNanos = options.spinNanos();
  }

  // ---------------------------------------------------------------- identity, any thread

  /** This shard's index in its runtime; any thread. */
  public int index() {
    return index;
  }

  /** The runtime this shard belongs to; any thread. */
  public ShardRuntime runtime() {
    return runtime;
  }

  /** A snapshot of this shard's counters; any thread (exact once the runtime is closed). */
  public ShardStats stats() {
    return counters.snapshot(index);
  }

  /** True when the calling thread currently owns this shard; any thread. */
  @Override
  public boolean inLoop() {
    return owner == Thread.currentThread();
  }

  // ---------------------------------------------------------------- owner's API

  /** This shard's pool of promises: take one for an operation, release it after reading the result. */
  public PromisePool promises() {
    return promises;
  }

  /** This shard's reactor (its I/O queue when the reactor factory opens one). */
  public Reactor reactor() {
    if (borrowed) {
      // The io_uring ring accepts submissions only from the thread that created it (SINGLE_ISSUER).
      throw new IllegalStateException("the reactor of shard " + index
          + " is not available to a task run by ShardRuntime.callDirect on a borrowing thread");
    }
    return reactor;
  }

  /**
   * True while the running task runs on a thread borrowing this shard ({@link ShardRuntime#callDirect}): it may
   * read shard memory but not start I/O; a task that needs I/O returns YIELD and the shard's own thread runs it
   * again.
   */
  public boolean isBorrowed() {
    return borrowed;
  }

  /** This shard's background I/O byte budget. */
  public IoBudget ioBudget() {
    return ioBudget;
  }

  /** The shard's clock, in nanoseconds; the time base of quotas and the I/O budget. */
  public long nanoTime() {
    return System.nanoTime();
  }

  /**
   * True when the running task has used up its quota ({@link RuntimeOptions#backgroundQuotaNanos()}) and should
   * return {@code YIELD} at its next convenient point; long background tasks check this in their loops.
   */
  public boolean shouldYield() {
    return stopRequested || System.nanoTime() - taskStartNanos >= options.backgroundQuotaNanos();
  }

  /** The class of the running task, or FOREGROUND outside a task. */
  public TaskClass currentTaskClass() {
    Job j = current;
    return j == null ? TaskClass.FOREGROUND : j.taskClass;
  }

  /** Queues a foreground task on this shard; a failure goes to the error hook. */
  public void spawn(Task task) {
    spawn(TaskClass.FOREGROUND, task);
  }

  /** Queues a task of class {@code taskClass} on this shard; a failure goes to the error hook. */
  public void spawn(TaskClass taskClass, Task task) {
    checkOwner();
    enqueue(new Job(task, taskClass, null, this));
  }

  /**
   * Runs {@code task} now, on the caller's stack, like a method call: an exception reaches the caller. If it
   * returns YIELD it is queued in the running task's class; if it returns WAIT, the promise that resumes it
   * starts it again as a new foreground task (see {@link #resume(Task)}).
   */
  public void runInline(Task task) {
    checkOwner();
    Task.Status status = task.run(this);
    counters.increment(ShardCounters.TASKS_RUN);
    if (status == Task.Status.YIELD) {
      counters.increment(ShardCounters.YIELDS);
      enqueue(new Job(task, currentTaskClass(), null, this));
    } else if (status == Task.Status.WAIT) {
      counters.increment(ShardCounters.WAITS);
    }
  }

  /** Queues a foreground task here and returns a promise of its value: the fork of fork-join. */
  public <T> Promise<T> fork(ValueTask<T> task) {
    return fork(TaskClass.FOREGROUND, task);
  }

  /** Queues a task here and returns a promise of its value. Join several with {@link Promise#all}. */
  public <T> Promise<T> fork(TaskClass taskClass, ValueTask<T> task) {
    checkOwner();
    Promise<T> p = promises.take();
    enqueue(new Job(task, taskClass, p, this));
    return p;
  }

  /** {@link #call(int, TaskClass, ValueTask)} as a foreground task. */
  public <T> Promise<T> call(int target, ValueTask<T> task) {
    return call(target, TaskClass.FOREGROUND, task);
  }

  /**
   * WAIT mode: runs {@code task} on shard {@code target} and returns a promise of this shard that completes, on
   * this shard's thread, with the task's value or failure. The target posts the outcome back into this shard's
   * inbox. The promise fails at once if the target's inbox is full or closed.
   */
  public <T> Promise<T> call(int target, TaskClass taskClass, ValueTask<T> task) {
    checkOwner();
    Promise<T> p = promises.take();
    Job job = new Job(task, taskClass, p, this);
    Shard to = runtime.shard(target);
    if (to == this) {
      enqueue(job);
    } else {
      int r = to.inbox.push(job, 1, false);
      if (r == Inbox.PUSHED) {
        to.wakeIfSleeping();
      } else {
        p.fail(to.refusal(r));
      }
    }
    return p;
  }

  /** {@link #send(int, TaskClass, Task)} as a foreground task. */
  public void send(int target, Task task) {
    send(target, TaskClass.FOREGROUND, task);
  }

  /**
   * NOWAIT mode: runs {@code task} on shard {@code target} and forgets it. If it fails (or cannot be delivered),
   * the failure reaches this shard's error hook, on this shard's thread.
   */
  public void send(int target, TaskClass taskClass, Task task) {
    checkOwner();
    Job job = new Job(task, taskClass, null, this);
    Shard to = runtime.shard(target);
    if (to == this) {
      enqueue(job);
      return;
    }
    int r = to.inbox.push(job, 1, false);
    if (r == Inbox.PUSHED) {
      to.wakeIfSleeping();
    } else {
      callErrorHook(to.refusal(r));
    }
  }

  /**
   * Makes a task that waited on a promise of this shard runnable again, in its own class. A task that is not
   * waiting here (it was run inline, or registered on a promise by other code) starts as a new foreground task
   * with no future: {@code promise.await(task)} is also how code schedules a continuation.
   */
  @Override
  public void resume(Task task) {
    assert inLoop() : "resume off shard " + index + "'s thread";
    Job cur = current;
    if (cur != null && cur.task == task) {
      // Completed while it is still running (it completed its own promise): run it again once it returns.
      resumedWhileRunning = true;
      return;
    }
    Job job = waiting.remove(task);
    if (job == null) {
      if (closing) {
        return; // already cancelled by shutdown; a late completion must not report it a second time
      }
      job = new Job(task, TaskClass.FOREGROUND, null, this);
    }
    enqueue(job);
  }

  // ---------------------------------------------------------------- submission from other threads

  /**
   * Pushes a message from a thread outside this shard. While the inbox is full the caller waits (outside
   * threads may block); a shard thread gets the "full" error instead, since shards never block.
   */
  void pushExternal(Message m, int units) {
    int spins = 0;
    while (true) {
      int r = inbox.push(m, units, false);
      if (r == Inbox.PUSHED) {
        wakeIfSleeping();
        return;
      }
      if (r == Inbox.CLOSED || runtime.onShardThread()) {
        throw refusal(r); // a shard thread that waited here could be the one that has to drain this inbox
      }
      if (++spins < SPIN_CHECK_INTERVAL) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(FULL_INBOX_BACKOFF_NANOS);
      }
    }
  }

  /** Wakes the shard if it announced that it sleeps; the one syscall of a hand-off, skipped while awake. */
  void wakeIfSleeping() {
    if (state.get() == SLEEPING && state.compareAndSet(SLEEPING, WAKING)) {
      try {
        reactor.wake();
      } finally {
        // Only now may the shard go on (see awake()): it never closes a reactor that is being woken.
        state.set(WOKEN);
      }
    }
  }

  private CascadeException refusal(int pushResult) {
    if (pushResult == Inbox.CLOSED) {
      return ShardRuntime.closedException("shard " + index + " no longer accepts tasks");
    }
    return new CascadeException(
        "inbox of shard " + index + " is full: " + inbox.capacity() + " tasks (RuntimeOptions.inboxCapacity)");
  }

  /**
   * Runs {@code job} on the calling (outside) thread if this shard is asleep with no I/O in flight: ownership
   * passes by a CAS from SLEEPING to BORROWED, so one thread at a time still owns the shard, and returns by
   * setting SLEEPING again and re-checking for work, exactly like the shard's own idle sequence (waking the
   * shard if anything arrived or was left: a yielded or waiting job, an inbox message, a stop request).
   * Returns false, without running anything, when the shard is not idle.
   *
   * <p>No I/O in flight matters because the sleeping thread's reactor would otherwise process completions
   * while another thread owns the shard; the borrowed task cannot start I/O ({@link #reactor()} refuses).
   */
  boolean tryRunBorrowed(Job job) {
    if (state.get() != SLEEPING || !state.compareAndSet(SLEEPING, BORROWED)) {
      return false;
    }
    Thread shardThread = owner;
    if (reactor.inFlight() != 0 || stopRequested) {
      handBack();
      return false;
    }
    owner = Thread.currentThread();
    borrowed = true;
    try {
      counters.increment(ShardCounters.BORROWED_RUNS);
      runJob(job);
    } finally {
      borrowed = false;
      owner = shardThread;
      handBack();
    }
    return true;
  }

  /** True while a thread other than the shard's own runs a task on it through callDirect; any thread. */
  boolean isBorrowedByAnotherThread() {
    return state.get() == BORROWED;
  }

  private void handBack() {
    state.set(SLEEPING);
    if (inbox.reservedUnits() != 0 || stopRequested || !queues.isEmpty() || ioBudget.waiting() != 0) {
      wakeIfSleeping();
    }
  }

  // ---------------------------------------------------------------- lifecycle, called by ShardRuntime

  void start(CountDownLatch started) {
    thread =
        Thread.ofPlatform()
            .name("cascade-shard-" + index)
            .daemon(true)
            .unstarted(
                () -> {
                  if (open(started)) {
                    loop();
                  }
                });
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  Throwable startFailure() {
    return startFailure;
  }

  /** Asks the shard to stop; any thread. The shard cancels its work and closes its reactor on its thread. */
  void requestStop() {
    stopRequested = true;
    wakeIfSleeping();
  }

  int stateForTest() {
    return state.get();
  }

  private boolean open(CountDownLatch started) {
    owner = Thread.currentThread();
    try {
      if (options.pinThreads()) {
        int[] cpus = CpuAffinity.allowedCpus(); // the i-th CPU this process may use, not CPU i: cpusets start anywhere
        CpuAffinity.pinCurrentThread(cpus[index % cpus.length]);
      }
      ioBudget = new IoBudget(this, options.backgroundIoBytesPerSecond(), this::nanoTime);
      reactor = options.reactorFactory().open(this, index);
      return true;
    } catch (Throwable t) {
      startFailure = t;
      inbox.close();
      state.set(STOPPED);
      return false;
    } finally {
      started.countDown();
    }
  }

  private void loop() {
    try {
      while (!stopRequested) {
        turn();
      }
    } catch (Throwable t) {
      // Tasks cannot get here (runJob catches everything); this is a bug in the loop itself.
      LOG.log(System.Logger.Level.ERROR, "shard " + index + "'s loop failed; stopping the shard", t);
    } finally {
      shutdown();
    }
  }

  private void turn() {
    // Take new work only while the run queues are below the inbox's capacity: otherwise a shard slower than its
    // submitters would move the whole flood into unbounded queues, and the inbox bound would never push back.
    if (queues.size() < options.inboxCapacity()) {
      drainInbox();
    }
    if (++tasksSincePoll >= POLL_INTERVAL_TASKS) {
      tasksSincePoll = 0;
      pollReactor();
    }
    Job job = queues.next();
    if (job != null) {
      runJob(job);
    } else {
      idle();
    }
  }

  // ---------------------------------------------------------------- running tasks

  private void runJob(Job job) {
    current = job;
    resumedWhileRunning = false;
    long start = System.nanoTime();
    taskStartNanos = start;
    Task.Status status = null;
    Throwable failure = null;
    try {
      status = job.task.run(this);
      if (status == null) {
        failure = new CascadeException("task returned a null status: " + job.task);
      }
    } catch (Throwable t) {
      failure = t;
    }
    current = null;
    counters.increment(ShardCounters.TASKS_RUN);
    if (job.taskClass == TaskClass.BACKGROUND) {
      counters.increment(ShardCounters.BACKGROUND_RUNS);
    }
    if (failure != null) {
      finish(job, null, failure);
    } else {
      afterRun(job, status);
    }
    queues.account(job.taskClass, System.nanoTime() - start);
  }

  private void afterRun(Job job, Task.Status status) {
    switch (status) {
      case DONE -> finish(job, job.task instanceof ValueTask<?> v ? v.takeValue() : null, null);
      case YIELD -> {
        counters.increment(ShardCounters.YIELDS);
        enqueue(job);
      }
      case WAIT -> {
        counters.increment(ShardCounters.WAITS);
        if (resumedWhileRunning) {
          enqueue(job);
        } else if (waiting.putIfAbsent(job.task, job) != null) {
          finish(job, null, new IllegalStateException(
              "task " + job.task + " returned WAIT on shard " + index
                  + " while an earlier run of the same task object is still waiting"));
        }
      }
    }
  }

  private void enqueue(Job job) {
    if (closing) {
      cancel(job, "the task was not finished");
    } else {
      queues.add(job);
    }
  }

  /** Delivers a job's outcome to where its submitter expects it (see {@link Job}). */
  @SuppressWarnings("unchecked")
  private void finish(Job job, Object value, Throwable failure) {
    try {
      Object sink = job.sink;
      if (sink instanceof CompletableFuture<?> f) {
        if (failure != null) {
          f.completeExceptionally(failure);
        } else {
          ((CompletableFuture<Object>) f).complete(value);
        }
      } else if (sink instanceof Promise<?> p) {
        if (job.origin == this || job.origin == null) {
          completeLocal((Promise<Object>) p, value, failure);
        } else {
          reply(job.origin, new Message.Reply((Promise<Object>) p, value, failure));
        }
      } else if (failure != null) {
        reportError(job.origin, failure);
      }
    } catch (Throwable t) {
      // A listener of the promise or a dependent stage of the future threw: not the task's fault.
      callErrorHook(t);
    }
  }

  private static void completeLocal(Promise<Object> p, Object value, Throwable failure) {
    if (failure != null) {
      p.fail(failure);
    } else {
      p.complete(value);
    }
  }

  /** Posts an outcome back to the shard that sent the task; dropped if it has stopped (it failed its waits). */
  private void reply(Shard origin, Message.Reply reply) {
    if (origin.inbox.push(reply, 1, true) == Inbox.PUSHED) {
      origin.wakeIfSleeping();
    } else if (reply.promise == null) {
      callErrorHook(reply.failure);
    }
  }

  private void reportError(Shard origin, Throwable failure) {
    if (origin == null || origin == this) {
      callErrorHook(failure);
    } else {
      reply(origin, new Message.Reply(null, null, failure));
    }
  }

  private void callErrorHook(Throwable failure) {
    try {
      options.errorHook().accept(this, failure);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "error hook failed on shard " + index + " for " + failure, t);
    }
  }

  private void checkOwner() {
    if (!inLoop()) {
      throw new IllegalStateException(
          "shard " + index + " was used from thread " + Thread.currentThread().getName()
              + ", which does not own it; outside threads submit through ShardRuntime");
    }
  }

  // ---------------------------------------------------------------- inbox and reactor

  private void drainInbox() {
    if (inbox.reservedUnits() == 0) {
      return;
    }
    long units = 0;
    for (int i = 0; i < INBOX_DRAIN_MAX; i++) {
      Message m = inbox.poll();
      if (m == null) {
        break;
      }
      units += m.units;
      accept(m);
    }
    inbox.release(units);
  }

  private void accept(Message m) {
    counters.increment(ShardCounters.MESSAGES);
    switch (m) {
      case Job j -> admit(j);
      case Message.Batch b -> {
        for (Job j : b.jobs) {
          admit(j);
        }
      }
      case Message.Reply r -> deliver(r);
      case Message.Stub s -> throw new AssertionError("inbox handed out its stub");
    }
  }

  private void admit(Job job) {
    if (closing) {
      cancel(job, "the task was not started");
    } else {
      queues.add(job);
    }
  }

  private void deliver(Message.Reply r) {
    if (r.promise == null) {
      callErrorHook(r.failure);
      return;
    }
    try {
      completeLocal(r.promise, r.value, r.failure);
    } catch (Throwable t) {
      callErrorHook(t);
    }
  }

  private void pollReactor() {
    try {
      reactor.poll();
      ioBudget.poll();
    } catch (Throwable t) {
      callErrorHook(t);
    }
  }

  // ---------------------------------------------------------------- idle: spin, then sleep

  private void idle() {
    pollReactor();
    drainInbox();
    if (!queues.isEmpty() || stopRequested || spin()) {
      return;
    }
    // Computed before announcing SLEEPING: from then on a borrowing thread may own the shard's state.
    long timeoutNanos = Math.min(IDLE_SLEEP_NANOS_MAX, ioBudget.nanosUntilReady());
    state.set(SLEEPING);
    // The re-check of the wake protocol: a push that reserved before our announcement is seen here.
    if (inbox.reservedUnits() != 0 || stopRequested) {
      // Not a plain set: since the announcement a waker (WAKING) or a borrower (BORROWED) may hold the state.
      awake();
      return;
    }
    counters.increment(ShardCounters.SLEEPS);
    try {
      reactor.sleep(timeoutNanos);
    } catch (Throwable t) {
      callErrorHook(t);
    }
    awake();
  }

  /**
   * Leaves SLEEPING after the reactor returned. If a producer won the CAS to WAKING it is inside
   * {@link Reactor#wake()}; wait until it is out (WOKEN), so that the reactor is never closed under a wake.
   */
  private void awake() {
    while (true) {
      int s = state.get();
      if (s == SLEEPING && state.compareAndSet(SLEEPING, RUNNING)) {
        return;
      }
      if (s == WOKEN) {
        state.set(RUNNING);
        counters.increment(ShardCounters.WAKEUPS);
        return;
      }
      // WAKING: a producer is between its CAS and the end of wake(), a few microseconds; BORROWED: another
      // thread runs one task of this shard (callDirect) and hands the shard back when it returns.
      Thread.yield();
    }
  }

  /**
   * Spins for the adaptive budget, polling the reactor now and then; true when work arrived. The budget doubles
   * (up to {@link RuntimeOptions#spinNanos()}) after a spin that found work and halves (down to a sixteenth)
   * after one that did not, so a shard whose work comes in bursts keeps its hand-offs cheap and an idle one
   * stops burning its core.
   */
  private boolean spin() {
    long budget = spinBudgetNanos;
    if (budget <= 0) {
      return false;
    }
    state.set(SPINNING);
    long start = System.nanoTime();
    boolean found = false;
    for (int i = 1; ; i++) {
      if (inbox.reservedUnits() != 0 || stopRequested) {
        found = true;
        break;
      }
      if (i % SPIN_CHECK_INTERVAL == 0) {
        pollReactor();
        if (!queues.isEmpty()) {
          found = true;
          break;
        }
        if (System.nanoTime() - start >= budget) {
          break;
        }
      }
      Thread.onSpinWait();
    }
    long max = options.spinNanos();
    spinBudgetNanos = found ? Math.min(max, budget * 2) : Math.max(max >> SPIN_SHRINK_SHIFT, budget / 2);
    if (found) {
      state.set(RUNNING);
    }
    return found;
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Cancels everything and closes the reactor, on the shard's thread: the inbox refuses new work; queued jobs,
   * yielded jobs and waiting jobs fail with "runtime is closed"; in-flight I/O gets {@link
   * #SHUTDOWN_DRAIN_NANOS} to complete.
   */
  private void shutdown() {
    closing = true;
    inbox.close();
    long deadline = System.nanoTime() + SHUTDOWN_DRAIN_NANOS;
    drainClosedInbox(deadline);
    for (Job j; (j = queues.drainOne()) != null; ) {
      cancel(j, "the task had yielded and was not finished");
    }
    ioBudget.failAll(ShardRuntime.closedException("shard " + index + " stopped while the request waited"));
    // I/O first, waiting tasks after: a task's failure must not reach its owner while the kernel may still
    // read or write the task's buffers. Completions during the drain resume their tasks, which are cancelled.
    awaitInFlightIo(deadline);
    cancelWaiting();
    try {
      reactor.close();
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "closing the reactor of shard " + index + " failed", t);
    }
    state.set(STOPPED);
  }

  private void drainClosedInbox(long deadline) {
    while (true) {
      Message m = inbox.poll();
      if (m != null) {
        accept(m);
        inbox.release(m.units);
      } else if (inbox.reservedUnits() == 0) {
        return;
      } else if (System.nanoTime() - deadline > 0) {
        LOG.log(System.Logger.Level.WARNING, "shard " + index + " stopped with an inbox push still in progress");
        return;
      } else {
        Thread.yield(); // a producer reserved before the close and has not linked yet
      }
    }
  }

  private void cancelWaiting() {
    while (!waiting.isEmpty()) {
      // Failing one job may complete promises that resume (and so cancel) others: restart the iteration.
      Iterator<Job> it = waiting.values().iterator();
      Job j = it.next();
      it.remove();
      cancel(j, "the task was waiting");
    }
  }

  private void awaitInFlightIo(long deadline) {
    while (reactor.inFlight() > 0) {
      if (System.nanoTime() - deadline > 0) {
        LOG.log(System.Logger.Level.WARNING,
            "shard " + index + " stopped with " + reactor.inFlight() + " I/O operations in flight");
        return;
      }
      try {
        reactor.sleep(1_000_000);
      } catch (Throwable t) {
        callErrorHook(t);
      }
    }
  }

  private void cancel(Job job, String why) {
    finish(job, null, ShardRuntime.closedException("shard " + index + " stopped: " + why));
  }

  @Override
  public String toString() {
    return "Shard[" + index + "]";
  }
}
