package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParkingReactorTest {
  @Test
  void wakeBeforeSleepIsAPermit() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread.ofPlatform().daemon(true).start(() -> {
      ParkingReactor r = new ParkingReactor();
      r.wake();
      r.wake(); // repeated wakes collapse into one permit
      // Blocks for an hour if the permit were lost, which the hang detector reports.
      r.sleep(3_600_000_000_000L);
      r.sleep(1_000); // the permit was consumed: this one just times out
      r.close();
      f.complete(null);
    });
    Fixtures.get(f);
  }

  @Test
  void wakeFromAnotherThreadEndsSleep() throws Exception {
    CompletableFuture<ParkingReactor> reactor = new CompletableFuture<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread sleeper = Thread.ofPlatform().start(() -> {
      ParkingReactor r = new ParkingReactor();
      reactor.complete(r);
      for (int i = 0; i < 1000; i++) {
        r.sleep(Long.MAX_VALUE);
      }
      done.set(true);
    });
    ParkingReactor r = Fixtures.get(reactor);
    // Each wake ends at most one sleep (or is a permit for the next one): 1000 sleeps need 1000 wakes
    // that land after the previous sleep consumed its permit, so keep waking until the sleeper is through.
    Fixtures.waitUntil("sleeper finished 1000 sleeps", () -> {
      r.wake();
      return done.get();
    });
    sleeper.join();
    assertTrue(done.get());
  }
}
