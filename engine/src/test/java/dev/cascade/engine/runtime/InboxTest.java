package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTest {
  private static Job job(int producer, int seq) {
    return new Job(s -> Task.Status.DONE, TaskClass.FOREGROUND, new int[] {producer, seq}, null);
  }

  @Test
  void fifoForOneProducerAcrossTheStub() {
    Inbox inbox = new Inbox(64);
    for (int round = 0; round < 3; round++) {
      List<Job> pushed = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Job j = job(0, i);
        pushed.add(j);
        assertEquals(Inbox.PUSHED, inbox.push(j, 1, false));
      }
      assertEquals(5, inbox.reservedUnits());
      for (Job expected : pushed) {
        Message m = inbox.poll();
        assertSame(expected, m);
        inbox.release(m.units);
      }
      assertNull(inbox.poll());
      assertEquals(0, inbox.reservedUnits());
    }
  }

  @Test
  void aMessageHandedOutKeepsNoLaterMessageReachable() {
    Inbox inbox = new Inbox(64);
    for (int i = 0; i < 10; i++) {
      inbox.push(job(0, i), 1, false);
    }
    for (int i = 0; i < 10; i++) {
      Message m = inbox.poll();
      assertNull(m.next, "message " + i + " still links to the next one");
      inbox.release(m.units);
    }
  }

  @Test
  void fullUnlessForcedAndClosedRefusesAll() {
    Inbox inbox = new Inbox(16);
    assertEquals(Inbox.PUSHED, inbox.push(new Message.Batch(new Job[0]), 16, false));
    assertEquals(Inbox.FULL, inbox.push(job(0, 0), 1, false));
    assertEquals(Inbox.PUSHED, inbox.push(new Message.Reply(null, null, null), 1, true));
    inbox.close();
    assertEquals(Inbox.CLOSED, inbox.push(job(0, 1), 1, false));
    assertEquals(Inbox.CLOSED, inbox.push(new Message.Reply(null, null, null), 1, true));
    assertEquals(17, inbox.reservedUnits());
  }

  @Test
  void manyProducersKeepPerProducerOrderAndLoseNothing() throws Exception {
    int producers = 4;
    int perProducer = 50_000;
    Inbox inbox = new Inbox(1 << 20);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int id = p;
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < perProducer; i++) {
          while (inbox.push(job(id, i), 1, false) != Inbox.PUSHED) {
            Thread.onSpinWait();
          }
        }
      }));
    }
    int[] next = new int[producers];
    int received = 0;
    while (received < producers * perProducer) {
      Message m = inbox.poll();
      if (m == null) {
        Thread.onSpinWait();
        continue;
      }
      int[] tag = (int[]) ((Job) m).sink;
      assertEquals(next[tag[0]], tag[1], "order of producer " + tag[0]);
      next[tag[0]]++;
      inbox.release(m.units);
      received++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertNull(inbox.poll());
    assertEquals(0, inbox.reservedUnits());
  }
}
