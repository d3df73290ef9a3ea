package dev.cascade.sql.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DML on tables made by Cascade's DDL, read back with SELECT: the whole SQL path, as a user sees it. */
class DmlOnDdlTablesTest {
  @TempDir
  Path dir;

  private static List<String> query(DmlDb db, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement s = db.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void writesThroughSqlTablesAndReadsThemBack() throws Exception {
    try (DmlDb db = DmlDb.open(dir)) {
      db.update("create table accounts (id int primary key, owner varchar(8) not null, "
          + "email varchar(20), balance decimal(10, 2) default 0, kind char(3) default 'std')");
      db.update("create unique index accounts_email on accounts (email)");
      assertEquals(3, db.update("insert into accounts (id, owner, email) values (1, 'ann', 'a@x'), "
          + "(2, 'bob', 'b@x'), (3, 'cy', null)"));
      assertEquals(2, db.update("update accounts set balance = balance + 10.5 where id >= 2"));
      assertEquals(1, db.update("upsert into accounts values (3, 'cyd', 'c@x', 1, 'vip')"));
      assertEquals(1, db.update("delete from accounts where owner = 'ann'"));
      assertEquals(List.of("2|bob|b@x|10.50|std", "3|cyd|c@x|1.00|vip"),
          query(db, "select id, owner, email, balance, kind from accounts order by id"));
      db.fails("23505", "insert into accounts (id, owner, email) values (4, 'dee', 'b@x')");
      db.fails("23502", "insert into accounts (id, email) values (5, 'e@x')");
      db.fails("22001", "insert into accounts (id, owner) values (6, 'much too long')");
      String plan = db.explain("update accounts set balance = 0 where id = 2");
      assertTrue(plan.contains("CascadeTableModify") && plan.contains("CascadeTableScan"), plan);
    }
  }

  @Test
  void tablesWithoutPrimaryKeyTakeAHiddenRowId() throws Exception {
    try (DmlDb db = DmlDb.open(dir)) {
      db.update("create table log (level varchar(5), msg varchar(100))");
      assertEquals(3, db.update("insert into log values ('info', 'a'), ('warn', 'b'), ('info', 'a')"));
      assertEquals(2, db.update("update log set level = 'debug' where level = 'info'"));
      assertEquals(1, db.update("delete from log where level = 'warn'"));
      assertEquals(List.of("debug|a", "debug|a"), query(db, "select level, msg from log"));
    }
  }
}
