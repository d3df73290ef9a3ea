package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static dev.cascade.engine.wal.WalFixture.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on io_uring (asynchronous: FileChannel completes every group before commit returns): commits made
 * while a group flies share the next group, promises complete in order, and a synced commit's group ends its page.
 */
class WalGroupCommitTest {
  @TempDir Path dir;

  private static final WalOptions OPTIONS = new WalOptions(64 * WalFormat.PAGE_BYTES, 2, 8, true);

  @Test
  void commitsWhileAGroupFliesShareTheNextGroup() {
    Random random = new Random(42);
    try (WalFixture fx = WalFixture.of(IoEngineKind.URING, dir)) {
      Wal wal = fx.open(OPTIONS, 0, new ArrayList<>());
      List<Rec> appended = new ArrayList<>();
      List<Promise<Void>> commits = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        appended.add(append(wal, i, WalFixture.randomPayload(random, 100)));
        commits.add(wal.commit(i % 3 == 0));
      }
      fx.await(commits.getLast());
      for (Promise<Void> p : commits) {
        fx.queue.await(p);
        assertTrue(p.isDone() && !p.isFailed(), p.toString());
      }
      WalStats stats = wal.stats();
      // The first commit issues a group at once; the other 199 pile up behind it and go out together.
      assertTrue(stats.groups() < 20, "groups: " + stats);
      assertEquals(200 * 100, stats.bytesAppended());
      wal.close();
      assertRecords(appended, fx.reopen(OPTIONS, 0));
    }
  }

  @Test
  void syncedGroupEndsItsPageBufferedGroupDoesNot() {
    try (WalFixture fx = WalFixture.of(IoEngineKind.FILECHANNEL, dir)) {
      Wal wal = fx.open(OPTIONS, 0, new ArrayList<>());
      Rec a = append(wal, 1, new byte[100]);
      fx.await(wal.commit(false));
      Rec b = append(wal, 2, new byte[100]);
      assertEquals(WalPosition.offset(a.position()) + WalFormat.HEADER_BYTES + 100, WalPosition.offset(b.position()),
          "after a buffered group the page stays open");
      fx.await(wal.commit(true));
      Rec c = append(wal, 3, new byte[100]);
      assertEquals(WalFormat.pageUp(WalPosition.offset(b.position())), WalPosition.offset(c.position()),
          "after a synced group the next record starts a fresh page");
      fx.await(wal.commit(true));
      wal.close();
      assertRecords(List.of(a, b, c), fx.reopen(OPTIONS, 0));
    }
  }
}
