package dev.cascade.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.SqlStateException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What CREATE TABLE asks the catalog for, and the errors it gives before the catalog is asked. */
class TableSpecTest {

  static TableSpec spec(String sql) {
    SqlCreateTable create = (SqlCreateTable) CascadeSqlParserTest.parse(sql);
    return TableSpec.of(create.name.getSimple(), create);
  }

  static SqlStateException error(String sql) {
    return assertThrows(SqlStateException.class, () -> spec(sql));
  }

  static void assertError(String state, String messagePart, String sql) {
    SqlStateException e = error(sql);
    assertEquals(state, e.sqlState(), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    assertTrue(e.getMessage().contains("line 1, column"), "no position in: " + e.getMessage());
  }

  @Test
  void everyTypeMapsToItsColumnType() {
    TableSpec s = spec("create table t (c1 boolean, c2 tinyint, c3 smallint, c4 integer, c5 int, c6 bigint,"
        + " c7 decimal(5,2), c8 numeric(7), c9 real, c10 float, c11 double, c12 double precision, c13 char(3),"
        + " c14 varchar(10), c15 varbinary(4), c16 binary(2), c17 date, c18 time, c19 timestamp, c20 decimal,"
        + " c21 varchar)");
    List<ColumnType> expected = List.of(ColumnType.BOOLEAN, ColumnType.TINYINT, ColumnType.SMALLINT,
        ColumnType.INTEGER, ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.DECIMAL, ColumnType.DECIMAL,
        ColumnType.REAL, ColumnType.REAL, ColumnType.DOUBLE, ColumnType.DOUBLE, ColumnType.CHAR, ColumnType.VARCHAR,
        ColumnType.VARBINARY, ColumnType.VARBINARY, ColumnType.DATE, ColumnType.TIME, ColumnType.TIMESTAMP,
        ColumnType.DECIMAL, ColumnType.VARCHAR);
    assertEquals(expected, s.columns().stream().map(ColumnDef::type).toList());
    ColumnDef c7 = s.columns().get(6);
    assertEquals(5, c7.precision());
    assertEquals(2, c7.scale());
    assertEquals(7, s.columns().get(7).precision());
    assertEquals(0, s.columns().get(7).scale());
    assertEquals(3, s.columns().get(12).precision());
    assertEquals(10, s.columns().get(13).precision());
    assertEquals(4, s.columns().get(14).precision());
    assertEquals(-1, s.columns().get(19).precision());
    assertEquals(-1, s.columns().get(20).precision());
    assertEquals(-1, s.columns().get(0).precision());
    assertTrue(s.columns().stream().allMatch(ColumnDef::nullable));
    assertTrue(s.columns().stream().noneMatch(ColumnDef::hidden));
    assertArrayEquals(new int[0], s.primaryKey());
  }

  @Test
  void columnPrimaryKeyIsNotNullAndPartitionsByItself() {
    TableSpec s = spec("create table t (a varchar(3), id bigint primary key)");
    assertEquals("T", s.name());
    assertArrayEquals(new int[] {1}, s.primaryKey());
    assertEquals(1, s.partitionColumns());
    assertFalse(s.columns().get(1).nullable());
    assertTrue(s.columns().get(0).nullable());
  }

  @Test
  void tablePrimaryKeyInKeyOrderWithPartitionPrefix() {
    TableSpec s = spec("create table t (a int, b int, c int not null, primary key (c, a)) partition by (c, a)");
    assertArrayEquals(new int[] {2, 0}, s.primaryKey());
    assertEquals(2, s.partitionColumns());
    assertFalse(s.columns().get(0).nullable());
    assertTrue(s.columns().get(1).nullable());
    assertEquals(1, spec("create table t (a int, b int, primary key (a, b)) partition by (a)").partitionColumns());
    assertEquals(1, spec("create table t (a int, b int, primary key (a, b))").partitionColumns());
  }

  @Test
  void defaultsBecomeValuesOfTheColumnType() {
    TableSpec s = spec("create table t (a tinyint default -5, b smallint default 300, c int default +7,"
        + " d bigint default 9000000000, e decimal(6,2) default 1.5, f real default 2.5e0, g double default -1,"
        + " h varchar(5) default 'abc', i char(2) default 'x', j varbinary(3) default x'0a0b', k boolean default true,"
        + " l date default date '1970-01-02', m time default time '00:00:01', n timestamp default"
        + " timestamp '1970-01-01 00:00:02', o int default null, p date default '1970-01-03', q decimal default 12.345)");
    List<Object> expected = List.of((byte) -5, (short) 300, 7, 9000000000L, new BigDecimal("1.50"), 2.5f, -1.0d,
        "abc", "x ", new byte[] {10, 11}, true, 1, 1000, 2000L);
    for (int i = 0; i < expected.size(); i++) {
      Object actual = s.columns().get(i).defaultValue();
      if (expected.get(i) instanceof byte[] b) {
        assertArrayEquals(b, (byte[]) actual);
      } else {
        assertEquals(expected.get(i), actual, s.columns().get(i).name());
      }
    }
    assertNull(s.columns().get(14).defaultValue());
    assertEquals(2, s.columns().get(15).defaultValue());
    assertEquals(new BigDecimal("12.345"), s.columns().get(16).defaultValue());
  }

  @Test
  void badDefaultsAreRejected() {
    assertError("42000", "must be a constant", "create table t (a int default 1 + 1)");
    assertError("42000", "must be a constant", "create table t (a timestamp default current_timestamp)");
    assertError("22003", "out of range", "create table t (a tinyint default 128)");
    assertError("22018", "whole number", "create table t (a int default 1.5)");
    assertError("22001", "longer", "create table t (a varchar(2) default 'abc')");
    assertEquals("ab", spec("create table t (a varchar(2) default 'ab  ')").columns().get(0).defaultValue());
    assertError("22003", "DECIMAL(3, 1)", "create table t (a decimal(3,1) default 123)");
    assertError("22018", "not a valid INTEGER", "create table t (a int default 'abc')");
    assertError("22018", "not a valid DATE", "create table t (a date default 'yesterday')");
    assertError("22018", "not a valid DATE", "create table t (a date default date '2020-13-45')");
    assertError("42000", "cannot have DEFAULT NULL", "create table t (a int not null default null)");
    assertError("42000", "cannot have DEFAULT NULL", "create table t (a int default null primary key)");
  }

  @Test
  void keyErrorsNameTheProblem() {
    assertError("42000", "more than one PRIMARY KEY", "create table t (a int primary key, b int primary key)");
    assertError("42000", "more than one PRIMARY KEY", "create table t (a int primary key, b int, primary key (b))");
    assertError("42000", "more than one PRIMARY KEY",
        "create table t (a int, b int, primary key (a), primary key (b))");
    assertError("42S22", "PRIMARY KEY names column X", "create table t (a int, primary key (x))");
    assertError("42000", "names column A twice", "create table t (a int, primary key (a, a))");
    assertError("42S21", "declares column A twice", "create table t (a int, a varchar(3))");
    assertError("42000", "PARTITION BY (B) of table T is not a prefix of its PRIMARY KEY (A, B)",
        "create table t (a int, b int, primary key (a, b)) partition by (b)");
    assertError("42000", "not a prefix", "create table t (a int, b int, primary key (a)) partition by (a, b)");
    assertError("42000", "PARTITION BY needs a PRIMARY KEY", "create table t (a int) partition by (a)");
    assertError("42000", "has no columns", "create table t (primary key (a))");
  }

  @Test
  void typeErrorsNameTheType() {
    assertError("0A000", "type UUID of column A is not supported", "create table t (a uuid)");
    assertError("0A000", "is not supported", "create table t (a int array)");
    assertError("0A000", "MYTYPE", "create table t (a mytype)");
    assertError("0A000", "is not supported", "create table t (a timestamp with local time zone)");
    assertError("42000", "precision of DECIMAL(40, 2)", "create table t (a decimal(40, 2))");
    assertError("42000", "scale of DECIMAL(4, 5)", "create table t (a decimal(4, 5))");
    assertError("42000", "length of VARCHAR(0)", "create table t (a varchar(0))");
  }
}
