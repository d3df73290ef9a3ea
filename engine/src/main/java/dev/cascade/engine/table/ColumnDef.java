package dev.cascade.engine.table;

/**
 * One column of a table.
 *
 * @param name the column name, as the catalog stores it (the SQL layer passes it already case-normalised)
 * @param type the stored type
 * @param precision length for CHAR/VARCHAR/VARBINARY, precision for DECIMAL; -1 when not given
 * @param scale scale for DECIMAL; 0 otherwise
 * @param nullable whether NULL is allowed
 * @param defaultValue the DEFAULT value as a Java value of {@code type} (see {@link ColumnType}), or null
 * @param hidden true only for the hidden row-id column of a table created without a primary key
 */
public record ColumnDef(String name, ColumnType type, int precision, int scale, boolean nullable,
    Object defaultValue, boolean hidden) {

  /** The name of the hidden BIGINT row-id column a table without a primary key gets as its key. */
  public static final String ROW_ID = "_ROWID";
}
