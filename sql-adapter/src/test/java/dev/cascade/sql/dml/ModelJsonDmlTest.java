package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.CascadeSchemaFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ListTransientTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.schema.SchemaPlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DML through a plain Calcite connection that mounts Cascade from a model (the model.json entry path): Cascade's
 * modify rel is planned there too. Calcite's own preparation runs here, and UPSERT still replaces the row with the
 * same key (Calcite's converter hands it to the table as an INSERT; {@code UpsertMarker} tells them apart).
 */
class ModelJsonDmlTest {
  @TempDir
  Path dir;

  /**
   * A plain Calcite connection with the schema that {@link CascadeSchemaFactory} makes for a model mounted as
   * {@code C} (what Calcite's model handler does with a model.json; built directly because the model handler passes
   * a "tables" operand the factory refuses at the time of writing).
   */
  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:calcite:", new Properties());
    CalciteConnection calcite = c.unwrap(CalciteConnection.class);
    SchemaPlus root = calcite.getRootSchema();
    root.add("C", new CascadeSchemaFactory().create(root, "C", Map.of("directory", dir.toString())));
    calcite.setSchema("C");
    return c;
  }

  @Test
  void everyKindOfWriteIsPlannedAsCascadeTableModify() throws Exception {
    try (DmlDb db = DmlDb.open(dir); Connection c = connect(); Statement s = c.createStatement()) {
      db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR));
      db.create("S", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR));
      assertEquals(3, s.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
      assertEquals(2, s.executeUpdate("INSERT INTO S VALUES (3, 'C'), (4, 'D')"));
      assertEquals(1, s.executeUpdate("UPDATE T SET ID = 10, NAME = 'x' WHERE ID = 1"));
      assertEquals(1, s.executeUpdate("DELETE FROM T WHERE ID = 2"));
      assertEquals(2, s.executeUpdate("MERGE INTO T USING S ON T.ID = S.ID WHEN MATCHED THEN UPDATE SET NAME = S.NAME "
          + "WHEN NOT MATCHED THEN INSERT (ID, NAME) VALUES (S.ID, S.NAME)"));
      assertEquals(List.of("[10, x]", "[3, C]", "[4, D]"), db.text("T"));
      for (String sql : List.of("INSERT INTO T VALUES (5, 'e')", "UPDATE T SET NAME = 'y'", "DELETE FROM T",
          "MERGE INTO T USING S ON T.ID = S.ID WHEN MATCHED THEN UPDATE SET NAME = S.NAME")) {
        try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
          rs.next();
          String plan = rs.getString(1);
          assertTrue(plan.contains("CascadeTableModify(table=[[C, T]]"), plan);
        }
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO T VALUES (3, 'dup')"));
      assertEquals("23505", DmlDb.sqlStateOf(e));
      SQLException insertOnlyMerge = assertThrows(SQLException.class, () -> s.executeUpdate("MERGE INTO T USING S "
          + "ON T.ID = S.ID WHEN NOT MATCHED THEN INSERT (ID, NAME) VALUES (S.ID, S.NAME)"));
      assertEquals("0A000", DmlDb.sqlStateOf(insertOnlyMerge), () -> DmlDb.describe(insertOnlyMerge));
      assertEquals(List.of("[10, x]", "[3, C]", "[4, D]"), db.text("T"));
    }
  }

  /**
   * UPSERT inserts a new key and replaces the row of an existing one, in a statement, a prepared statement and a
   * batch; the plan says so; and the mark does not outlive its statement (an INSERT after it still collides).
   */
  @Test
  void upsertReplacesTheRowWithTheSameKey() throws Exception {
    try (DmlDb db = DmlDb.open(dir); Connection c = connect(); Statement s = c.createStatement()) {
      db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR));
      assertEquals(2, s.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b')"));
      assertEquals(2, s.executeUpdate("UPSERT INTO T VALUES (2, 'B'), (3, 'c')"));
      try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR UPSERT INTO T VALUES (1, 'x')")) {
        rs.next();
        assertTrue(rs.getString(1).contains("upsert=[true]"), rs.getString(1));
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO T VALUES (3, 'dup')"));
      assertEquals("23505", DmlDb.sqlStateOf(e), "an INSERT after an UPSERT is an INSERT");
      try (PreparedStatement p = c.prepareStatement("UPSERT INTO T VALUES (?, ?)")) {
        p.setInt(1, 1);
        p.setString(2, "A");
        assertEquals(1, p.executeUpdate());
        for (int id = 3; id <= 4; id++) {
          p.setInt(1, id);
          p.setString(2, "batch" + id);
          p.addBatch();
        }
        assertEquals(2, p.executeBatch().length);
      }
      assertEquals(List.of("[1, A]", "[2, B]", "[3, batch3]", "[4, batch4]"), db.text("T"));
    }
  }

  /** Writes to another schema's modifiable table in the same statement plan still use Calcite's own rule. */
  @Test
  void otherTablesOfTheConnectionStillTakeCalcitesModify() throws Exception {
    try (DmlDb db = DmlDb.open(dir); Connection c = connect(); Statement s = c.createStatement()) {
      db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR));
      db.update("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
      SchemaPlus root = c.unwrap(CalciteConnection.class).getRootSchema();
      RelDataTypeFactory types = new JavaTypeFactoryImpl();
      ListTransientTable other = new ListTransientTable("X", types.builder()
          .add("ID", SqlTypeName.INTEGER).add("NAME", types.createTypeWithNullability(
              types.createSqlType(SqlTypeName.VARCHAR), true)).build());
      root.add("M", new AbstractSchema()).add("X", other);
      assertEquals(2, s.executeUpdate("INSERT INTO M.X SELECT ID, NAME FROM C.T"));
      assertEquals(2, other.getModifiableCollection().size());
    }
  }
}
