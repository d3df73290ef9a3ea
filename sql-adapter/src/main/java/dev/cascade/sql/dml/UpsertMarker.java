package dev.cascade.sql.dml;

import java.util.function.Consumer;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlInsert;

/**
 * Tells {@link CascadeTableModify#create}, while Calcite converts a statement to relational algebra, whether the
 * statement is an UPSERT. Calcite's own converter (what a model.json connection prepares with) hands the table an
 * UPSERT as a plain INSERT, with nothing that tells them apart; the driver's converter marks it itself
 * ({@code CascadeSqlToRelConverter}). Calcite runs {@link Hook#PARSE_TREE} with every statement it parses, before
 * converting it, and {@link Hook#CONVERTED} after: the first sets this thread's mark from the parse tree, the second
 * clears it, so the mark holds only while that statement is converted, on the thread converting it.
 *
 * <p>Thread-safe: the mark is per thread; the two hook handlers are registered once per class loader.
 */
public final class UpsertMarker {
  private static final ThreadLocal<Boolean> UPSERT = new ThreadLocal<>();

  static {
    Hook.PARSE_TREE.add((Consumer<Object[]>) parsed -> {
      Object statement = parsed.length > 1 ? parsed[1] : null;
      if (statement instanceof SqlExplain explain) {
        statement = explain.getExplicandum();
      }
      if (statement instanceof SqlInsert insert && insert.isUpsert()) {
        UPSERT.set(Boolean.TRUE);
      } else {
        UPSERT.remove();
      }
    });
    Hook.CONVERTED.add((Consumer<Object>) converted -> UPSERT.remove());
  }

  private UpsertMarker() {
  }

  /** Whether the statement this thread is converting is an UPSERT. */
  static boolean converting() {
    return UPSERT.get() != null;
  }

  /**
   * Registers the hooks (by loading this class), if not yet done: called when a schema of Cascade tables is made,
   * before any statement over them is parsed.
   */
  public static void install() {
  }
}
