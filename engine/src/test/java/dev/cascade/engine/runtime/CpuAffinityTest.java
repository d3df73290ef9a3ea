package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {
  private static String allowedCpus() {
    try {
      return Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
          .filter(l -> l.startsWith("Cpus_allowed_list:"))
          .map(l -> l.substring("Cpus_allowed_list:".length()).trim())
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  @Test
  void pinsTheCallingThreadWhereAllowed() {
    assumeTrue(CpuAffinity.available(), "sched_setaffinity is not available here");
    CompletableFuture<String> cpus = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      boolean pinned = CpuAffinity.pinCurrentThread(0);
      cpus.complete(pinned ? allowedCpus() : "not allowed");
    });
    String result = Fixtures.get(cpus);
    assumeTrue(!result.equals("not allowed"), "pinning is not allowed here");
    assertEquals("0", result);
  }

  @Test
  void allowedCpusMatchTheKernelsList() {
    CompletableFuture<String> listed = new CompletableFuture<>();
    CompletableFuture<int[]> read = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      listed.complete(allowedCpus());
      read.complete(CpuAffinity.allowedCpus());
    });
    String expected = Fixtures.get(listed);
    assumeTrue(!expected.equals("?"), "no /proc/thread-self/status here");
    StringBuilder ranges = new StringBuilder();
    int[] cpus = Fixtures.get(read);
    for (int i = 0; i < cpus.length; i++) {
      int start = cpus[i];
      while (i + 1 < cpus.length && cpus[i + 1] == cpus[i] + 1) {
        i++;
      }
      ranges.append(ranges.isEmpty() ? "" : ",").append(start).append(start == cpus[i] ? "" : "-" + cpus[i]);
    }
    assertEquals(expected, ranges.toString());
  }

  @Test
  void shardThreadsArePinnedWhenAsked() {
    assumeTrue(CpuAffinity.available(), "sched_setaffinity is not available here");
    int[] cpus = CpuAffinity.allowedCpus();
    Fixtures.ErrorLog errors = new Fixtures.ErrorLog();
    try (ShardRuntime rt = ShardRuntime.start(Fixtures.options(2, errors).withPinThreads(true))) {
      String onShard1 = rt.call(1, s -> allowedCpus());
      // Pinning may be refused (a container's cpuset); then the shard runs unpinned, which is also correct.
      if (!onShard1.equals(String.valueOf(cpus[1 % cpus.length]))) {
        assumeTrue(false, "pinning refused here: shard 1 may run on " + onShard1);
      }
    }
    errors.assertNone();
  }

  @Test
  void rejectsCpuOutsideTheMask() {
    assertThrows(IllegalArgumentException.class, () -> CpuAffinity.pinCurrentThread(CpuAffinity.CPU_INDEX_MAX + 1));
  }
}
