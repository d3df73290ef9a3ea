package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Serialization;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 clients, each on its own remote connection, doing mixed point reads, inserts, updates (UPSERT) and counts
 * for a bounded time (after all have connected and prepared their statements); every write the server acknowledged must be there afterwards. About 10 s; 60 s with
 * {@code -Dcascade.stress=true}. Prints its seed; {@code -Dseed=} repeats the operation mix.
 */
class ServerLoadTest {
  private static final int CLIENTS = 200;
  private static final long RUN_MILLIS = Boolean.getBoolean("cascade.stress") ? 60_000 : 10_000;

  @TempDir
  Path dir;

  /** One acknowledged write: the row {@code (client, seq)} with value {@code v}. */
  record Ack(int client, int seq, int v) {
  }

  @Test
  void concurrentClientsKeepEveryAcknowledgedWrite() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("ServerLoadTest seed=" + seed + " clients=" + CLIENTS + " millis=" + RUN_MILLIS
        + " (-Dseed= to repeat)");
    try (CascadeServer server = TestServers.start(dir, Serialization.PROTOBUF)) {
      try (Connection c = TestServers.connect(server, Serialization.PROTOBUF); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE load (client INT, seq INT, v INT, PRIMARY KEY (client, seq))");
      }
      ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong operations = new AtomicLong();
      CountDownLatch ready = new CountDownLatch(CLIENTS);
      CountDownLatch go = new CountDownLatch(1);
      AtomicLong deadline = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < CLIENTS; i++) {
        int client = i;
        Random random = new Random(seed + i);
        threads.add(Thread.ofPlatform().name("client-" + i).start(() -> {
          boolean counted = false;
          try (Connection c = TestServers.connect(server, Serialization.PROTOBUF); Client cl = new Client(c, client)) {
            ready.countDown();
            counted = true;
            go.await();
            cl.run(random, deadline.get(), acks, operations);
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
            if (!counted) {
              ready.countDown();
            }
          }
        }));
      }
      ready.await();
      System.out.printf("ServerLoadTest: %d clients connected and prepared in %d ms%n", CLIENTS,
          (System.nanoTime() - t0) / 1_000_000);
      deadline.set(System.currentTimeMillis() + RUN_MILLIS);
      go.countDown();
      for (Thread t : threads) {
        t.join(RUN_MILLIS + 120_000);
        assertTrue(!t.isAlive(), t.getName() + " did not finish");
      }
      if (failure.get() != null) {
        throw new AssertionError("a client failed (seed " + seed + ")", failure.get());
      }
      System.out.println("ServerLoadTest: " + operations.get() + " operations, " + acks.size() + " acked writes");
      assertTrue(acks.size() >= CLIENTS, "every client wrote at least once");
      checkAcknowledged(server, acks);
    }
  }

  /** One client's connection and prepared statements. Owned by its thread. */
  private static final class Client implements AutoCloseable {
    private final int client;
    /** Inserts a new row or replaces one (UPSERT), so one prepared statement serves both kinds of write. */
    private final PreparedStatement write;
    private final PreparedStatement read;
    private final Statement count;
    private final List<Ack> mine = new ArrayList<>();

    Client(Connection c, int client) throws SQLException {
      this.client = client;
      write = c.prepareStatement("UPSERT INTO load VALUES (?, ?, ?)");
      read = c.prepareStatement("SELECT v FROM load WHERE client = ? AND seq = ?");
      count = c.createStatement();
    }

    /** Mixed operations until the deadline; a write is recorded once the server has acknowledged it. */
    void run(Random random, long deadline, ConcurrentLinkedQueue<Ack> acks, AtomicLong operations)
        throws SQLException {
      int seq = 0;
      try {
        do {
          int op = random.nextInt(10);
          if (op < 4 || mine.isEmpty()) {
            insert(seq++);
          } else if (op < 6) {
            update(random);
          } else if (op < 9) {
            read(random);
          } else {
            try (ResultSet rs = count.executeQuery("SELECT COUNT(*) FROM load WHERE client = " + client)) {
              assertTrue(rs.next());
              assertEquals(mine.size(), rs.getLong(1));
            }
          }
          operations.incrementAndGet();
        } while (System.currentTimeMillis() < deadline);
      } finally {
        acks.addAll(mine);
      }
    }

    private void insert(int seq) throws SQLException {
      upsert(seq, seq);
      mine.add(new Ack(client, seq, seq));
    }

    private void update(Random random) throws SQLException {
      int k = random.nextInt(mine.size());
      Ack old = mine.get(k);
      int v = random.nextInt(1_000_000);
      upsert(old.seq(), v);
      mine.set(k, new Ack(client, old.seq(), v));
    }

    private void upsert(int seq, int v) throws SQLException {
      write.setInt(1, client);
      write.setInt(2, seq);
      write.setInt(3, v);
      assertEquals(1, write.executeUpdate());
    }

    private void read(Random random) throws SQLException {
      Ack a = mine.get(random.nextInt(mine.size()));
      read.setInt(1, client);
      read.setInt(2, a.seq());
      try (ResultSet rs = read.executeQuery()) {
        assertTrue(rs.next(), "own acknowledged row visible");
        assertEquals(a.v(), rs.getInt(1));
      }
    }

    @Override
    public void close() throws SQLException {
      write.close();
      read.close();
      count.close();
    }
  }

  private static void checkAcknowledged(CascadeServer server, ConcurrentLinkedQueue<Ack> acks) throws Exception {
    Set<Ack> found = new HashSet<>();
    try (Connection c = TestServers.connect(server, Serialization.PROTOBUF); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT client, seq, v FROM load")) {
      while (rs.next()) {
        found.add(new Ack(rs.getInt(1), rs.getInt(2), rs.getInt(3)));
      }
    }
    for (Ack a : acks) {
      assertTrue(found.contains(a), "acknowledged write missing or changed: " + a);
    }
    assertEquals(acks.size(), found.size(), "no rows besides the acknowledged ones");
  }
}
