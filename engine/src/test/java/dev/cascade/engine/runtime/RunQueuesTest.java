package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scheduling policy, with simulated run times: no clocks, no threads. */
class RunQueuesTest {
  private static final long QUOTA = 500_000;

  private static Job job(TaskClass c) {
    return new Job(s -> Task.Status.YIELD, c, null, null);
  }

  @Test
  void fifoPerClassAndForegroundFirstWithoutCredit() {
    RunQueues q = new RunQueues(QUOTA, 0.25);
    Job b1 = job(TaskClass.BACKGROUND);
    Job f1 = job(TaskClass.FOREGROUND);
    Job f2 = job(TaskClass.FOREGROUND);
    q.add(b1);
    q.add(f1);
    q.add(f2);
    assertSame(f1, q.next());
    assertSame(f2, q.next());
    assertSame(b1, q.next()); // background alone runs at once
    assertNull(q.next());
  }

  /**
   * Both classes always have work (an endless yielding background task and an endless stream of foreground
   * tasks): background gets about its share of the time, foreground the rest, and no background slice is much
   * longer than a quota.
   */
  @Test
  void sharesTimeUnderConstantLoadOfBothClasses() {
    for (double share : new double[] {0.1, 0.25, 0.5}) {
      RunQueues q = new RunQueues(QUOTA, share);
      Job bg = job(TaskClass.BACKGROUND);
      q.add(bg);
      q.add(job(TaskClass.FOREGROUND));
      long fgNanos = 0;
      long bgNanos = 0;
      long slice = 0;
      long sliceMax = 0;
      for (int i = 0; i < 200_000; i++) {
        Job j = q.next();
        q.add(j); // every job yields: both queues stay non-empty
        if (j.taskClass == TaskClass.FOREGROUND) {
          q.account(TaskClass.FOREGROUND, 2_000); // a short foreground task: 2 µs
          fgNanos += 2_000;
          slice = 0;
        } else {
          q.account(TaskClass.BACKGROUND, 50_000); // a background step: 50 µs
          bgNanos += 50_000;
          slice += 50_000;
          sliceMax = Math.max(sliceMax, slice);
        }
      }
      double measured = (double) bgNanos / (bgNanos + fgNanos);
      assertEquals(share, measured, 0.02, "background share " + share);
      assertTrue(sliceMax <= QUOTA + 50_000, "background slice " + sliceMax + " exceeds the quota");
    }
  }

  @Test
  void runawayBackgroundStepIsPaidBackBeforeBackgroundRunsAgain() {
    RunQueues q = new RunQueues(QUOTA, 0.25);
    q.add(job(TaskClass.FOREGROUND));
    q.add(job(TaskClass.BACKGROUND));
    q.account(TaskClass.FOREGROUND, 10 * QUOTA); // earn credit: capped at one quota
    Job b = q.next();
    assertEquals(TaskClass.BACKGROUND, b.taskClass);
    q.add(b);
    q.account(TaskClass.BACKGROUND, 3 * QUOTA); // it ran far past its quota
    assertTrue(q.credit() < 0);
    int foregroundRuns = 0;
    while (true) {
      Job j = q.next();
      q.add(j);
      if (j.taskClass == TaskClass.BACKGROUND) {
        break;
      }
      q.account(TaskClass.FOREGROUND, 1_000);
      foregroundRuns++;
    }
    // Debt of 2 quotas = 1_000_000 ns, repaid at 1/3 ns per foreground ns: about 3000 foreground runs.
    assertTrue(foregroundRuns > 2_500 && foregroundRuns < 3_500, "foreground runs " + foregroundRuns);
  }
}
