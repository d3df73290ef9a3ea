package dev.cascade.client;

import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;

/**
 * A query over Cascade's system tables that returns exactly the columns, column types and row order JDBC specifies
 * for a {@link DatabaseMetaData} method, with its string parameters.
 *
 * <p>Argument rules follow {@link DatabaseMetaData#getPrimaryKeys} and {@link DatabaseMetaData#getIndexInfo}: names
 * are exact, not patterns (a {@code %} matches only a {@code %}); {@code null} does not narrow the search; an empty
 * catalog or schema means "without a catalog/schema". Cascade tables have no catalog (TABLE_CAT is NULL, as in
 * {@code getTables}) and always have a schema, so a non-empty catalog or an empty schema selects no rows.
 *
 * <p>Immutable.
 *
 * @param sql the query text, parameters as {@code ?}
 * @param parameters the values of the parameters, in order
 */
record MetadataQuery(String sql, List<String> parameters) {

  private static final String PRIMARY_KEYS = """
      SELECT CAST(NULL AS VARCHAR) AS "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME",
        CAST("KEY_SEQ" AS SMALLINT) AS "KEY_SEQ", "PK_NAME"
      FROM "SYS"."PRIMARY_KEYS" AS k
      WHERE TRUE%s
      ORDER BY "COLUMN_NAME", "TABLE_SCHEM", "TABLE_NAME"
      """;

  // CARDINALITY as the embedded driver reports it: the table's row-count estimate for a UNIQUE index, 0 (unknown)
  // otherwise. ORDER BY columns by position: NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION (JDBC's order).
  private static final String INDEX_INFO = """
      SELECT CAST(NULL AS VARCHAR) AS "TABLE_CAT", k."TABLE_SCHEM", k."TABLE_NAME", k."NON_UNIQUE",
        CAST(NULL AS VARCHAR) AS "INDEX_QUALIFIER", k."INDEX_NAME", CAST(%d AS SMALLINT) AS "TYPE",
        CAST(k."ORDINAL_POSITION" AS SMALLINT) AS "ORDINAL_POSITION", k."COLUMN_NAME",
        CAST('A' AS VARCHAR(1)) AS "ASC_OR_DESC",
        CASE WHEN k."NON_UNIQUE" OR s."ROW_COUNT" IS NULL OR s."ROW_COUNT" < 0 THEN CAST(0 AS BIGINT)
          ELSE CAST(s."ROW_COUNT" AS BIGINT) END AS "CARDINALITY",
        CAST(0 AS BIGINT) AS "PAGES", CAST(NULL AS VARCHAR) AS "FILTER_CONDITION"
      FROM "SYS"."INDEXES" AS k
      LEFT JOIN "SYS"."STATISTICS" AS s ON s."TABLE_SCHEM" = k."TABLE_SCHEM" AND s."TABLE_NAME" = k."TABLE_NAME"
      WHERE TRUE%s
      ORDER BY 4, 7, 6, 8
      """;

  MetadataQuery {
    parameters = List.copyOf(parameters);
  }

  /** {@link DatabaseMetaData#getPrimaryKeys}: TABLE_CAT .. PK_NAME, ordered by COLUMN_NAME. */
  static MetadataQuery primaryKeys(String catalog, String schema, String table) {
    List<String> params = new ArrayList<>();
    String where = where(catalog, schema, table, params);
    return new MetadataQuery(PRIMARY_KEYS.formatted(where), params);
  }

  /**
   * {@link DatabaseMetaData#getIndexInfo}: TABLE_CAT .. FILTER_CONDITION, ordered by NON_UNIQUE, TYPE, INDEX_NAME,
   * ORDINAL_POSITION; {@code unique} keeps only UNIQUE indexes. The primary key is not an index here (it is what
   * getPrimaryKeys reports), as in the embedded driver.
   */
  static MetadataQuery indexInfo(String catalog, String schema, String table, boolean unique) {
    List<String> params = new ArrayList<>();
    String where = where(catalog, schema, table, params) + (unique ? " AND NOT k.\"NON_UNIQUE\"" : "");
    return new MetadataQuery(INDEX_INFO.formatted(DatabaseMetaData.tableIndexOther, where), params);
  }

  private static String where(String catalog, String schema, String table, List<String> params) {
    if ((catalog != null && !catalog.isEmpty()) || (schema != null && schema.isEmpty())) {
      return " AND FALSE";
    }
    StringBuilder where = new StringBuilder();
    if (schema != null) {
      where.append(" AND k.\"TABLE_SCHEM\" = ?");
      params.add(schema);
    }
    if (table != null) {
      where.append(" AND k.\"TABLE_NAME\" = ?");
      params.add(table);
    }
    return where.toString();
  }
}
