package dev.cascade.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

/** Cascade's generated grammar: each DDL statement parses to its node, unparses back, and errors carry a position. */
class CascadeSqlParserTest {

  static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql, SqlParser.config().withParserFactory(CascadeDdlExecutor.PARSER_FACTORY))
          .parseStmt();
    } catch (SqlParseException e) {
      throw new AssertionError("does not parse: " + sql + ": " + e.getMessage(), e);
    }
  }

  static SqlParseException parseError(String sql) {
    return assertThrows(SqlParseException.class, () -> SqlParser.create(sql,
        SqlParser.config().withParserFactory(CascadeDdlExecutor.PARSER_FACTORY)).parseStmt());
  }

  @Test
  void createTableWithColumnKeyDefaultsAndNotNull() {
    SqlCreateTable t = assertInstanceOf(SqlCreateTable.class, parse(
        "create table orders (id bigint primary key, name varchar(20) not null default 'x', amount decimal(10, 2))"));
    assertEquals(SqlKind.CREATE_TABLE, t.getKind());
    assertEquals("ORDERS", t.name.getSimple());
    assertFalse(t.ifNotExists);
    assertNull(t.partitionBy);
    assertEquals(3, t.elements.size());
    SqlColumnDef id = (SqlColumnDef) t.elements.get(0);
    assertEquals("ID", id.name.getSimple());
    assertTrue(id.primaryKey);
    assertTrue(id.nullable);
    SqlColumnDef name = (SqlColumnDef) t.elements.get(1);
    assertFalse(name.nullable);
    assertFalse(name.primaryKey);
    assertEquals("'x'", name.defaultValue.toString());
    SqlColumnDef amount = (SqlColumnDef) t.elements.get(2);
    assertNull(amount.defaultValue);
  }

  @Test
  void createTableWithTableKeyAndPartition() {
    SqlCreateTable t = assertInstanceOf(SqlCreateTable.class, parse(
        "CREATE TABLE IF NOT EXISTS s.t (a INT, b INT, c VARCHAR(5) NULL, PRIMARY KEY (a, b)) PARTITION BY (a)"));
    assertTrue(t.ifNotExists);
    assertEquals(List.of("S", "T"), t.name.names);
    SqlPrimaryKey key = assertInstanceOf(SqlPrimaryKey.class, t.elements.get(3));
    assertEquals(SqlKind.PRIMARY_KEY, key.getKind());
    assertEquals("[A, B]", key.columns.getList().toString());
    assertNotNull(t.partitionBy);
    assertEquals("[A]", t.partitionBy.getList().toString());
  }

  @Test
  void everySupportedTypeParses() {
    SqlCreateTable t = (SqlCreateTable) parse("create table t (c1 boolean, c2 tinyint, c3 smallint, c4 integer,"
        + " c5 int, c6 bigint, c7 decimal(5,2), c8 numeric(7), c9 real, c10 float, c11 double, c12 double precision,"
        + " c13 char(3), c14 varchar(10), c15 varbinary(4), c16 binary(2), c17 date, c18 time, c19 timestamp,"
        + " c20 decimal)");
    assertEquals(20, t.elements.size());
  }

  @Test
  void quotedNamesKeepTheirCase() {
    SqlCreateTable t = (SqlCreateTable) parse("create table \"MixedCase\" (\"id\" int primary key)");
    assertEquals("MixedCase", t.name.getSimple());
    assertEquals("id", ((SqlColumnDef) t.elements.get(0)).name.getSimple());
  }

  @Test
  void dropTable() {
    SqlDropTable d = assertInstanceOf(SqlDropTable.class, parse("drop table t"));
    assertEquals(SqlKind.DROP_TABLE, d.getKind());
    assertFalse(d.ifExists);
    assertEquals(SqlDropTable.Behavior.DEFAULT, d.behavior);
    d = (SqlDropTable) parse("drop table if exists t cascade");
    assertTrue(d.ifExists);
    assertEquals(SqlDropTable.Behavior.CASCADE, d.behavior);
    assertEquals(SqlDropTable.Behavior.RESTRICT, ((SqlDropTable) parse("drop table t restrict")).behavior);
  }

  @Test
  void createAndDropIndex() {
    SqlCreateIndex c = assertInstanceOf(SqlCreateIndex.class,
        parse("create unique index if not exists ix on t (b, a)"));
    assertEquals(SqlKind.CREATE_INDEX, c.getKind());
    assertTrue(c.unique);
    assertTrue(c.ifNotExists);
    assertEquals("IX", c.name.getSimple());
    assertEquals("T", c.table.getSimple());
    assertEquals("[B, A]", c.columns.getList().toString());
    c = (SqlCreateIndex) parse("create index ix on t (a)");
    assertFalse(c.unique);
    assertFalse(c.ifNotExists);
    SqlDropIndex d = assertInstanceOf(SqlDropIndex.class, parse("drop index if exists ix"));
    assertEquals(SqlKind.DROP_INDEX, d.getKind());
    assertTrue(d.ifExists);
    assertFalse(((SqlDropIndex) parse("drop index ix")).ifExists);
  }

  @Test
  void alterTableAddColumn() {
    SqlAlterTableAddColumn a = assertInstanceOf(SqlAlterTableAddColumn.class,
        parse("alter table t add column c varchar(3) not null default 'abc'"));
    assertEquals(SqlKind.ALTER_TABLE, a.getKind());
    assertEquals("C", a.column.name.getSimple());
    assertFalse(a.column.nullable);
    a = (SqlAlterTableAddColumn) parse("ALTER TABLE t ADD d INT");
    assertEquals("D", a.column.name.getSimple());
  }

  @Test
  void ddlKindsRouteToTheDdlExecutor() {
    for (String sql : List.of("create table t (a int)", "drop table t", "create index i on t (a)", "drop index i",
        "alter table t add c int")) {
      assertTrue(parse(sql).getKind().belongsTo(SqlKind.DDL), sql);
    }
  }

  @Test
  void baseGrammarStillParses() {
    assertInstanceOf(SqlSelect.class, parse("select a, b from t where a > 1"));
    SqlInsert upsert = assertInstanceOf(SqlInsert.class, parse("upsert into t values (1, 2)"));
    assertTrue(upsert.isUpsert());
    assertInstanceOf(SqlInsert.class, parse("insert into t (a) select b from u"));
    assertEquals(SqlKind.MERGE, parse("merge into t using u on t.a = u.a when matched then update set b = u.b")
        .getKind());
    assertInstanceOf(SqlSetOption.class, parse("alter session set x = 1"));
  }

  @Test
  void newKeywordsStayUsableAsIdentifiers() {
    SqlCreateTable t = (SqlCreateTable) parse("create table index (if int, key int primary key)");
    assertEquals("INDEX", t.name.getSimple());
    assertInstanceOf(SqlSelect.class, parse("select if, index from t"));
  }

  @Test
  void unparseRoundTrips() {
    for (String sql : List.of(
        "create table if not exists t (id bigint primary key, n varchar(20) not null default 'x',"
            + " d decimal(10, 2) default -1.5, b boolean default true, ts timestamp default timestamp '2020-01-02 03:04:05')",
        "create table t (a int, b int, primary key (a, b)) partition by (a)",
        "create table \"lower\" (\"c\" int)",
        "drop table t", "drop table if exists s.t cascade", "drop table t restrict",
        "create unique index if not exists i on t (a, b)", "create index i on t (a)",
        "drop index i", "drop index if exists i",
        "alter table t add column c char(3) default 'abc'")) {
      String once = parse(sql).toSqlString(CalciteSqlDialect.DEFAULT).getSql();
      String twice = parse(once).toSqlString(CalciteSqlDialect.DEFAULT).getSql();
      assertEquals(once, twice, sql);
    }
    assertEquals("CREATE TABLE \"T\" (\"A\" INTEGER NOT NULL PRIMARY KEY, \"B\" VARCHAR(3) DEFAULT 'x')"
        + " PARTITION BY (\"A\")",
        parse("create table t (a int not null primary key, b varchar(3) default 'x') partition by (a)")
            .toSqlString(CalciteSqlDialect.DEFAULT).getSql().replace("\n", " "));
  }

  @Test
  void syntaxErrorsCarryAPosition() {
    SqlParseException e = parseError("create table t (id int primary)");
    assertEquals(1, e.getPos().getLineNum());
    assertEquals(31, e.getPos().getColumnNum());
    e = parseError("create table t (\n  a int,\n  b varchar(10) not nul)");
    assertEquals(3, e.getPos().getLineNum());
    e = parseError("create unique table t (a int)");
    assertEquals(8, e.getPos().getColumnNum());
    e = parseError("alter table t drop column c");
    assertEquals(15, e.getPos().getColumnNum());
  }
}
