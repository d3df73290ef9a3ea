package dev.cascade.sql.slt;

import java.util.ArrayList;
import java.util.List;
import net.hydromatic.sqllogictest.TestStatistics;

/**
 * The library's statistics, keeping each failure's description where this package can read it (the library keeps
 * its own list package-private).
 *
 * <p>Owned by the thread running one query.
 */
final class RecordingStatistics extends TestStatistics {
  private final List<FailedTestDescription> recorded = new ArrayList<>();

  RecordingStatistics() {
    super(false, 0);
  }

  @Override
  public boolean addFailure(FailedTestDescription failure) {
    recorded.add(failure);
    return super.addFailure(failure);
  }

  List<FailedTestDescription> recorded() {
    return recorded;
  }
}
