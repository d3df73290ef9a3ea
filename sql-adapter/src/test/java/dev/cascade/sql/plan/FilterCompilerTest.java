package dev.cascade.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.exec.RowPredicate;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Which terms of a pushed WHERE are split off to run on the encoded row, and what is left for Calcite. */
class FilterCompilerTest {
  private final RelDataTypeFactory types = new JavaTypeFactoryImpl();
  private final RexBuilder rex = new RexBuilder(types);
  /** T(ID BIGINT key, K INTEGER, V VARCHAR, N DOUBLE, S SMALLINT, B BIGINT). */
  private final TableCodec codec = TableCodec.of(new TableDef("T", 3, 1, List.of(
      col("ID", ColumnType.BIGINT), col("K", ColumnType.INTEGER), col("V", ColumnType.VARCHAR),
      col("N", ColumnType.DOUBLE), col("S", ColumnType.SMALLINT), col("B", ColumnType.BIGINT)),
      new int[] {0}, 1, List.of()));
  private final RelDataType rowType = types.builder().add("ID", SqlTypeName.BIGINT).add("K", SqlTypeName.INTEGER)
      .add("V", SqlTypeName.VARCHAR).add("N", SqlTypeName.DOUBLE).add("S", SqlTypeName.SMALLINT)
      .add("B", SqlTypeName.BIGINT).build();

  private static ColumnDef col(String name, ColumnType type) {
    return new ColumnDef(name, type, -1, 0, true, null, false);
  }

  private RexNode ref(int i) {
    return rex.makeInputRef(rowType.getFieldList().get(i).getType(), i);
  }

  private RexNode integer(long v) {
    return rex.makeExactLiteral(BigDecimal.valueOf(v), types.createSqlType(SqlTypeName.INTEGER));
  }

  private RexNode param(int i, SqlTypeName type) {
    return rex.makeDynamicParam(types.createSqlType(type), i);
  }

  private RowPredicate compile(RexNode condition) {
    return FilterCompiler.compile(rex, condition, rowType, codec);
  }

  private String split(RexNode condition) {
    RowPredicate p = compile(condition);
    return (p.comparisons() == null ? "none" : p.comparisons().toString()) + " | "
        + (p.comparisons() == null ? "-" : p.residual() == null ? "no residual" : p.residual().toString());
  }

  @Test
  void integerColumnsAgainstConstantsAreSplitOff() {
    assertEquals("[$1 EQ 5] | no residual", split(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(1), integer(5))));
    assertEquals("[$1 GT 5] | no residual", split(rex.makeCall(SqlStdOperatorTable.LESS_THAN, integer(5), ref(1))));
    assertEquals("[$4 LE ?0, $5 NE 7] | =($2, 'x')", split(rex.makeCall(SqlStdOperatorTable.AND,
        rex.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, ref(4), param(0, SqlTypeName.SMALLINT)),
        rex.makeCall(SqlStdOperatorTable.EQUALS, ref(2), rex.makeLiteral("x")),
        rex.makeCall(SqlStdOperatorTable.NOT_EQUALS, ref(5), integer(7)))));
    // A widening CAST of the column is read through.
    assertEquals("[$1 GE 3] | no residual", split(rex.makeCall(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
        rex.makeCast(types.createSqlType(SqlTypeName.BIGINT), ref(1)), integer(3))));
  }

  @Test
  void otherTermsStayWithCalcite() {
    // The key column (ranges serve it), a DOUBLE column, a narrowing CAST, a fraction, an OR, column to column.
    assertEquals("none | -", split(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(0), integer(5))));
    assertEquals("none | -", split(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(3), integer(5))));
    assertEquals("none | -", split(rex.makeCall(SqlStdOperatorTable.EQUALS,
        rex.makeCast(types.createSqlType(SqlTypeName.SMALLINT), ref(5)), integer(5))));
    assertEquals("none | -", split(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(1),
        rex.makeExactLiteral(new BigDecimal("2.5")))));
    assertEquals("none | -", split(rex.makeCall(SqlStdOperatorTable.OR,
        rex.makeCall(SqlStdOperatorTable.EQUALS, ref(1), integer(5)),
        rex.makeCall(SqlStdOperatorTable.EQUALS, ref(4), integer(6)))));
    assertEquals("none | -", split(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(1), ref(4))));
    RowPredicate p = compile(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(3), integer(5)));
    assertNull(p.residual());
  }
}
