package dev.cascade.sql.jdbc;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.CascadeSchema;
import dev.cascade.sql.dml.StatementBatch;
import java.lang.reflect.Field;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.CascadeMetaBridge;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The driver's metadata: Calcite's (catalogs, schemas, tables, columns and their JDBC types), plus
 * {@link DatabaseMetaData#getPrimaryKeys} and {@link DatabaseMetaData#getIndexInfo} answered from the catalog of
 * every Cascade schema mounted at the top of the connection. A table keyed by a hidden row id has no primary key
 * to report. Index cardinality is the table's row-count estimate for UNIQUE indexes and 0 (unknown) otherwise.
 *
 * <p>Thread-safe as {@link org.apache.calcite.jdbc.CalciteMetaImpl} is; reads immutable catalog snapshots.
 */
public final class CascadeMeta extends CascadeMetaBridge {
  public CascadeMeta(AvaticaConnection connection) {
    super(connection);
  }

  /** A row of getPrimaryKeys; field names become the JDBC column names (tableCat is TABLE_CAT). */
  public static final class PrimaryKeyRow {
    public final String tableCat = null;
    public final String tableSchem;
    public final String tableName;
    public final String columnName;
    public final short keySeq;
    public final String pkName;

    PrimaryKeyRow(String schema, String table, String column, int keySeq) {
      this.tableSchem = schema;
      this.tableName = table;
      this.columnName = column;
      this.keySeq = (short) keySeq;
      this.pkName = primaryKeyName(table);
    }
  }

  /** A row of getIndexInfo, in JDBC's column order. */
  public static final class IndexInfoRow {
    public final String tableCat = null;
    public final String tableSchem;
    public final String tableName;
    public final boolean nonUnique;
    public final String indexQualifier = null;
    public final String indexName;
    public final short type = DatabaseMetaData.tableIndexOther;
    public final short ordinalPosition;
    public final String columnName;
    public final String ascOrDesc = "A";
    public final long cardinality;
    public final long pages = 0;
    public final String filterCondition = null;

    IndexInfoRow(String schema, String table, IndexDef index, int position, String column, long cardinality) {
      this.tableSchem = schema;
      this.tableName = table;
      this.nonUnique = !index.unique();
      this.indexName = index.name();
      this.ordinalPosition = (short) position;
      this.columnName = column;
      this.cardinality = cardinality;
    }
  }

  /** The name getPrimaryKeys reports for a table's primary key (the catalog does not name keys). */
  public static String primaryKeyName(String table) {
    return "PK_" + table;
  }

  @Override
  public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    List<PrimaryKeyRow> rows = new ArrayList<>();
    for (Map.Entry<String, CascadeSchema> s : cascadeSchemas(schema).entrySet()) {
      for (TableDef t : s.getValue().store().catalog().tables()) {
        if ((table == null || t.name().equals(table)) && !t.hasHiddenRowId()) {
          for (int i = 0; i < t.primaryKey().length; i++) {
            rows.add(new PrimaryKeyRow(s.getKey(), t.name(), t.columns().get(t.primaryKey()[i]).name(), i + 1));
          }
        }
      }
    }
    rows.sort(Comparator.comparing((PrimaryKeyRow r) -> r.tableSchem).thenComparing(r -> r.tableName)
        .thenComparing(r -> r.columnName));
    return rows(PrimaryKeyRow.class, new ArrayList<>(rows));
  }

  @Override
  public MetaResultSet getIndexInfo(ConnectionHandle ch, String catalog, String schema, String table,
      boolean unique, boolean approximate) {
    List<IndexInfoRow> rows = new ArrayList<>();
    for (Map.Entry<String, CascadeSchema> s : cascadeSchemas(schema).entrySet()) {
      for (TableDef t : s.getValue().store().catalog().tables()) {
        if (table == null || t.name().equals(table)) {
          addIndexRows(rows, s.getKey(), s.getValue(), t, unique);
        }
      }
    }
    rows.sort(Comparator.comparing((IndexInfoRow r) -> r.nonUnique).thenComparing(r -> r.indexName)
        .thenComparing(r -> r.ordinalPosition));
    return rows(IndexInfoRow.class, new ArrayList<>(rows));
  }

  private static void addIndexRows(List<IndexInfoRow> rows, String schemaName, CascadeSchema schema, TableDef t,
      boolean uniqueOnly) {
    long rowCount = -1;
    for (IndexDef ix : t.indexes()) {
      if (uniqueOnly && !ix.unique()) {
        continue;
      }
      if (ix.unique() && rowCount < 0) {
        rowCount = Math.max(0, schema.store().catalog().stats(t.name()).rowCount());
      }
      for (int i = 0; i < ix.columns().length; i++) {
        ColumnDef c = t.columns().get(ix.columns()[i]);
        rows.add(new IndexInfoRow(schemaName, t.name(), ix, i + 1, c.name(), ix.unique() ? rowCount : 0));
      }
    }
  }

  /** The Cascade schemas at the top of the connection, by name ({@code schema} null: all). */
  private Map<String, CascadeSchema> cascadeSchemas(String schemaPattern) {
    SchemaPlus root = ((CalciteConnection) connection).getRootSchema();
    Map<String, CascadeSchema> found = new java.util.TreeMap<>();
    for (String name : root.subSchemas().getNames(org.apache.calcite.schema.lookup.LikePattern.any())) {
      if (schemaPattern != null && !schemaPattern.equals(name)) {
        continue;
      }
      SchemaPlus s = root.subSchemas().get(name);
      if (s != null && s.unwrap(CalciteSchema.class).schema instanceof CascadeSchema cs) {
        found.put(name, cs);
      }
    }
    return found;
  }

  private MetaResultSet rows(Class<?> rowClass, List<Object> rows) {
    List<ColumnMetaData> columns = fieldMetaData(rowClass).columns;
    List<Field> fields = List.of(rowClass.getFields());
    List<String> names = fields.stream().map(Field::getName).toList();
    return createResultSet(Map.of(), columns, Meta.CursorFactory.record(rowClass, fields, names),
        new Meta.Frame(0, true, rows));
  }

  /**
   * Runs the elements of a prepared statement's batch; an INSERT or UPSERT of parameter rows commits them all as
   * one atomic batch ({@link StatementBatch}), so a failing element fails the whole batch and nothing is written.
   * The elements of a statement that changes data run its plan directly ({@link #updates}), not through
   * {@code execute}, which looks the statement up again and makes a result for each (a fifth of a batched INSERT).
   */
  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValueLists)
      throws NoSuchStatementException {
    long[] counts = new long[parameterValueLists.size()];
    Updates updates = counts.length > 0 ? updates(h) : null;
    try (StatementBatch batch = StatementBatch.open(counts.length)) {
      for (int i = 0; i < counts.length; i++) {
        try {
          List<TypedValue> values = parameterValueLists.get(i);
          counts[i] = updates != null ? updates.run(values) : countOf(h, values);
        } catch (RuntimeException e) {
          throw batch.failed("batch element " + (i + 1) + " of " + counts.length, e);
        }
      }
      try {
        batch.commit();
      } catch (RuntimeException e) {
        throw batch.failed("batch of " + counts.length + " elements", e);
      }
    }
    return new ExecuteBatchResult(counts);
  }

  /** The update count of an execution of {@code h} through Calcite's {@code execute} (-1 if it has none). */
  private long countOf(StatementHandle h, List<TypedValue> parameterValues) throws NoSuchStatementException {
    ExecuteResult r = execute(h, parameterValues, -1);
    return r.resultSets.size() == 1 ? r.resultSets.get(0).updateCount : -1;
  }

  /** Calcite's columns, with COLUMN_SIZE filled in for types whose size is fixed and NULL where it has none. */
  @Override
  public Enumerable<MetaColumn> columns(MetaTable table) {
    return super.columns(table).select(CascadeMeta::withColumnSize);
  }

  private static MetaColumn withColumnSize(MetaColumn c) {
    if (c.columnSize == null || c.columnSize >= 0) {
      return c;
    }
    Integer size = switch (c.dataType) {
      case Types.BOOLEAN -> 1;
      case Types.TINYINT -> 3;
      case Types.SMALLINT -> 5;
      case Types.INTEGER, Types.DATE -> 10;
      case Types.BIGINT -> 19;
      case Types.REAL -> 7;
      case Types.FLOAT, Types.DOUBLE -> 15;
      default -> null;
    };
    return new MetaColumn(c.tableCat, c.tableSchem, c.tableName, c.columnName, c.dataType, c.typeName, size,
        c.decimalDigits, c.numPrecRadix, c.nullable, c.charOctetLength, c.ordinalPosition, c.isNullable,
        c.isAutoincrement, c.isGeneratedcolumn);
  }
}
