package dev.cascade.sql.exec;

/**
 * Full rows (Calcite's representation) of one scan, in the scan's key order, already filtered.
 *
 * <p>Owned by the enumerator that pulls from it (one thread at a time).
 */
interface RowSource extends AutoCloseable {
  /** The next row, or null at the end. */
  Object[] next();

  @Override
  void close();
}
