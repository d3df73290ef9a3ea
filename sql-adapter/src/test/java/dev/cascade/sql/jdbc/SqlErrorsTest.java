package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.table.CatalogException;
import dev.cascade.sql.SqlStateException;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

/** The mapping of exceptions to SQLSTATEs, one exception kind at a time, wrapped as Avatica wraps them. */
class SqlErrorsTest {
  private static SQLException viaAvatica(Throwable t) {
    return SqlErrors.translate(new SQLException("Error while executing SQL \"x\": " + t.getMessage(), null, 0,
        new RuntimeException(t)));
  }

  @Test
  void sqlStateExceptionKeepsItsStateAndMessage() {
    SqlStateException cause = new SqlStateException("23505", "duplicate key (ID)=(1) in table T");
    SQLException e = viaAvatica(cause);
    assertEquals("23505", e.getSQLState());
    assertEquals("duplicate key (ID)=(1) in table T", e.getMessage());
    assertInstanceOf(SQLIntegrityConstraintViolationException.class, e);
    assertSame(cause, e.getCause().getCause().getCause());
  }

  @Test
  void catalogReasonsMapToStates() {
    String[][] expected = {{"TABLE_EXISTS", "42S01"}, {"TABLE_NOT_FOUND", "42S02"}, {"COLUMN_EXISTS", "42S21"},
        {"COLUMN_NOT_FOUND", "42S22"}, {"INDEX_EXISTS", "42S11"}, {"INDEX_NOT_FOUND", "42S12"},
        {"DUPLICATE_KEY", "23505"}, {"NOT_NULL", "23502"}, {"INVALID", "42000"}};
    assertEquals(CatalogException.Reason.values().length, expected.length);
    for (String[] x : expected) {
      SQLException e = viaAvatica(new CatalogException(CatalogException.Reason.valueOf(x[0]), "m " + x[0]));
      assertEquals(x[1], e.getSQLState(), x[0]);
      assertEquals("m " + x[0], e.getMessage());
    }
  }

  @Test
  void engineErrorsMapToStates() {
    SQLException ro = viaAvatica(new ReadOnlyException("fdatasync failed earlier", null));
    assertEquals("25006", ro.getSQLState());
    assertEquals("the store is read-only: fdatasync failed earlier", ro.getMessage());
    SQLException io = viaAvatica(new StorageIoException(Path.of("/d/1.sst"), "pread", 5, "at offset 0"));
    assertEquals("58030", io.getSQLState());
    assertEquals("pread /d/1.sst failed: EIO (Input/output error): at offset 0", io.getMessage());
    SQLException corrupt = viaAvatica(new CorruptionException(Path.of("/d/1.sst"), 8192, "data block", "bad crc"));
    assertEquals("XX001", corrupt.getSQLState());
  }

  @Test
  void jvmErrorsMapToDataStates() {
    assertEquals("22012", viaAvatica(new ArithmeticException("/ by zero")).getSQLState());
    assertEquals("22003", viaAvatica(new ArithmeticException("Value 300 out of range")).getSQLState());
    SQLException nf = viaAvatica(new NumberFormatException("For input string: \"x\""));
    assertEquals("22018", nf.getSQLState());
    assertInstanceOf(SQLDataException.class, nf);
    SQLException un = viaAvatica(new UnsupportedOperationException("MERGE without a key"));
    assertEquals("0A000", un.getSQLState());
    assertInstanceOf(SQLFeatureNotSupportedException.class, un);
  }

  @Test
  void queryTimeoutIsHYT00() {
    SQLException e = viaAvatica(new org.apache.calcite.runtime.CalciteException(
        "Timeout of '100' ms for query execution is reached. Query execution started at '2026-11-26'", null));
    assertEquals("HYT00", e.getSQLState());
  }

  @Test
  void validatorMessagesMapToStates() {
    assertEquals("42S02", ValidatorStates.state("Object 'X' not found"));
    assertEquals("42S02", ValidatorStates.state("Object 'X' not found within 'PUBLIC'"));
    assertEquals("42S02", ValidatorStates.state("Table 'X' not found"));
    assertEquals("42S22", ValidatorStates.state("Column 'X' not found in any table"));
    assertEquals("42S22", ValidatorStates.state("Column 'X' not found in table 'T'"));
    assertEquals("42S22", ValidatorStates.state("Unknown target column 'X'"));
    assertEquals("23502", ValidatorStates.state("Column 'ID' has no default value and does not allow NULLs"));
    assertEquals("21S01", ValidatorStates.state(
        "Number of INSERT target columns (2) does not equal number of source items (1)"));
    assertEquals("42000", ValidatorStates.state("Cannot apply '+' to arguments of type '<BOOLEAN> + <INTEGER>'"));
  }

  @Test
  void unknownErrorsAreGeneralAndKeepTheirState() {
    SQLException plain = SqlErrors.translate(new SQLException("Error while executing SQL \"x\": boom", null, 0,
        new IllegalStateException("boom")));
    assertEquals("HY000", plain.getSQLState());
    assertEquals("boom", plain.getMessage());
    SQLException stated = SqlErrors.translate(new SQLException("closed", "08003"));
    assertEquals("08003", stated.getSQLState());
  }

  @Test
  void batchUpdateExceptionStaysOne() {
    BatchUpdateException b = new BatchUpdateException("batch failed", null, 0, new long[] {1, 1},
        new SqlStateException("23505", "duplicate key"));
    SQLException e = SqlErrors.translate(b);
    BatchUpdateException t = assertInstanceOf(BatchUpdateException.class, e);
    assertEquals("23505", t.getSQLState());
    assertEquals(2, t.getLargeUpdateCounts().length);
  }

  @Test
  void stateClassesPickTheJdbcSubclass() {
    assertInstanceOf(SQLSyntaxErrorException.class, SqlErrors.create("42S02", "m", null));
    assertInstanceOf(SQLDataException.class, SqlErrors.create("22001", "m", null));
  }
}
