package dev.cascade.demo;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a TPC-H load: a progress bar on a terminal, one plain line per table otherwise (logs and pipes get
 * no carriage returns).
 *
 * <p>Owned by the loading thread.
 */
abstract sealed class LoadProgress implements AutoCloseable {

  /** A bar when stdout and stdin are a terminal, plain lines on {@code out} otherwise. */
  static LoadProgress create(long expectedRows, PrintWriter out) {
    var console = System.console();
    boolean terminal = console != null && console.isTerminal();
    return terminal ? new Bar(expectedRows) : new Lines(out);
  }

  abstract void startTable(String table, long expectedRows);

  abstract void rowsLoaded(long rows);

  abstract void endTable(long rows);

  @Override
  public abstract void close();

  /** The terminal bar over all tables; the current table's name is its extra message. */
  static final class Bar extends LoadProgress {
    private final ProgressBar bar;

    Bar(long expectedRows) {
      bar = new ProgressBarBuilder()
          .setTaskName("TPC-H")
          .setInitialMax(expectedRows)
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit(" rows", 1)
          .showSpeed()
          .build();
    }

    @Override
    void startTable(String table, long expectedRows) {
      bar.setExtraMessage(" " + table);
    }

    @Override
    void rowsLoaded(long rows) {
      bar.stepBy(rows);
    }

    @Override
    void endTable(long rows) {}

    @Override
    public void close() {
      bar.maxHint(bar.getCurrent());
      bar.close();
    }
  }

  /** {@code loading LINEITEM (about 60,012 rows) ... 60,175 rows in 31.2 s}, one line per table. */
  static final class Lines extends LoadProgress {
    private final PrintWriter out;
    private long tableStartNanos;

    Lines(PrintWriter out) {
      this.out = out;
    }

    @Override
    void startTable(String table, long expectedRows) {
      tableStartNanos = System.nanoTime();
      out.printf("loading %s (about %,d rows) ... ", table, expectedRows);
      out.flush();
    }

    @Override
    void rowsLoaded(long rows) {}

    @Override
    void endTable(long rows) {
      out.printf("%,d rows in %.1f s%n", rows, (System.nanoTime() - tableStartNanos) / 1e9);
      out.flush();
    }

    @Override
    public void close() {}
  }
}
