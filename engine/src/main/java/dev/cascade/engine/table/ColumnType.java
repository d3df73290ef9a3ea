package dev.cascade.engine.table;

/**
 * The SQL column types the table layer stores. Each has one Java value class, which is what
 * {@link TableCodec} accepts and returns (Calcite's internal representation, except VARBINARY):
 *
 * <table>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td></tr>
 *   <tr><td>TINYINT, SMALLINT, INTEGER, BIGINT</td><td>Byte, Short, Integer, Long</td></tr>
 *   <tr><td>DECIMAL(p, s)</td><td>BigDecimal (any scale on input; stored as given)</td></tr>
 *   <tr><td>REAL, DOUBLE</td><td>Float, Double</td></tr>
 *   <tr><td>CHAR(n), VARCHAR(n)</td><td>String</td></tr>
 *   <tr><td>VARBINARY(n)</td><td>byte[]</td></tr>
 *   <tr><td>DATE</td><td>Integer, days since 1970-01-01</td></tr>
 *   <tr><td>TIME</td><td>Integer, milliseconds of the day</td></tr>
 *   <tr><td>TIMESTAMP</td><td>Long, milliseconds since 1970-01-01 00:00:00 (no zone)</td></tr>
 * </table>
 *
 * <p>The ordinal of each constant is part of the catalog format: append new types, never reorder.
 */
public enum ColumnType {
  BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, CHAR, VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP
}
