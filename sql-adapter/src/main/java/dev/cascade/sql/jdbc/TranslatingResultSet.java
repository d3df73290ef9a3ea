package dev.cascade.sql.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set whose every failure goes through {@link SqlErrors#translate}, written out rather than a
 * {@link java.lang.reflect.Proxy} because its getters run once per column per row: a direct call costs nothing
 * extra on success. The delegating methods below are mechanical (one per {@link ResultSet} method, generated from
 * the interface with reflection; regenerate them the same way when the JDK adds methods). {@code getStatement}
 * returns the statement the caller used; {@code unwrap} reaches the wrapped result set.
 *
 * <p>Owned by the thread using the result set, like the one it wraps.
 */
final class TranslatingResultSet implements ResultSet {
  private final ResultSet rs;
  private final Statement statement;

  TranslatingResultSet(ResultSet rs, Statement statement) {
    this.rs = rs;
    this.statement = statement;
  }

  private static SQLException fail(Exception e) {
    return SqlErrors.translate(e);
  }

  @Override public Statement getStatement() throws SQLException {
    return statement != null ? statement : rs.getStatement();
  }

  @Override public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : rs.unwrap(iface);
  }

  @Override public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || rs.isWrapperFor(iface);
  }

  // Delegation, one method per ResultSet method.

  @Override public boolean absolute(int a0) throws SQLException {
    try { return rs.absolute(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void afterLast() throws SQLException {
    try { rs.afterLast(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void beforeFirst() throws SQLException {
    try { rs.beforeFirst(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void cancelRowUpdates() throws SQLException {
    try { rs.cancelRowUpdates(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void clearWarnings() throws SQLException {
    try { rs.clearWarnings(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void close() throws SQLException {
    try { rs.close(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void deleteRow() throws SQLException {
    try { rs.deleteRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int findColumn(String a0) throws SQLException {
    try { return rs.findColumn(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean first() throws SQLException {
    try { return rs.first(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Array getArray(String a0) throws SQLException {
    try { return rs.getArray(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Array getArray(int a0) throws SQLException {
    try { return rs.getArray(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.InputStream getAsciiStream(String a0) throws SQLException {
    try { return rs.getAsciiStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.InputStream getAsciiStream(int a0) throws SQLException {
    try { return rs.getAsciiStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Deprecated @SuppressWarnings("deprecation") @Override public java.math.BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
    try { return rs.getBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.math.BigDecimal getBigDecimal(String a0) throws SQLException {
    try { return rs.getBigDecimal(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Deprecated @SuppressWarnings("deprecation") @Override public java.math.BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
    try { return rs.getBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.math.BigDecimal getBigDecimal(int a0) throws SQLException {
    try { return rs.getBigDecimal(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.InputStream getBinaryStream(String a0) throws SQLException {
    try { return rs.getBinaryStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.InputStream getBinaryStream(int a0) throws SQLException {
    try { return rs.getBinaryStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Blob getBlob(String a0) throws SQLException {
    try { return rs.getBlob(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Blob getBlob(int a0) throws SQLException {
    try { return rs.getBlob(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean getBoolean(String a0) throws SQLException {
    try { return rs.getBoolean(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean getBoolean(int a0) throws SQLException {
    try { return rs.getBoolean(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public byte getByte(String a0) throws SQLException {
    try { return rs.getByte(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public byte getByte(int a0) throws SQLException {
    try { return rs.getByte(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public byte[] getBytes(String a0) throws SQLException {
    try { return rs.getBytes(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public byte[] getBytes(int a0) throws SQLException {
    try { return rs.getBytes(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.Reader getCharacterStream(String a0) throws SQLException {
    try { return rs.getCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.Reader getCharacterStream(int a0) throws SQLException {
    try { return rs.getCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Clob getClob(String a0) throws SQLException {
    try { return rs.getClob(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Clob getClob(int a0) throws SQLException {
    try { return rs.getClob(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getConcurrency() throws SQLException {
    try { return rs.getConcurrency(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public String getCursorName() throws SQLException {
    try { return rs.getCursorName(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Date getDate(String a0, java.util.Calendar a1) throws SQLException {
    try { return rs.getDate(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Date getDate(String a0) throws SQLException {
    try { return rs.getDate(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Date getDate(int a0, java.util.Calendar a1) throws SQLException {
    try { return rs.getDate(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Date getDate(int a0) throws SQLException {
    try { return rs.getDate(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public double getDouble(String a0) throws SQLException {
    try { return rs.getDouble(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public double getDouble(int a0) throws SQLException {
    try { return rs.getDouble(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getFetchDirection() throws SQLException {
    try { return rs.getFetchDirection(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getFetchSize() throws SQLException {
    try { return rs.getFetchSize(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public float getFloat(String a0) throws SQLException {
    try { return rs.getFloat(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public float getFloat(int a0) throws SQLException {
    try { return rs.getFloat(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getHoldability() throws SQLException {
    try { return rs.getHoldability(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getInt(String a0) throws SQLException {
    try { return rs.getInt(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getInt(int a0) throws SQLException {
    try { return rs.getInt(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public long getLong(String a0) throws SQLException {
    try { return rs.getLong(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public long getLong(int a0) throws SQLException {
    try { return rs.getLong(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.ResultSetMetaData getMetaData() throws SQLException {
    try { return rs.getMetaData(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.Reader getNCharacterStream(String a0) throws SQLException {
    try { return rs.getNCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.io.Reader getNCharacterStream(int a0) throws SQLException {
    try { return rs.getNCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.NClob getNClob(String a0) throws SQLException {
    try { return rs.getNClob(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.NClob getNClob(int a0) throws SQLException {
    try { return rs.getNClob(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public String getNString(String a0) throws SQLException {
    try { return rs.getNString(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public String getNString(int a0) throws SQLException {
    try { return rs.getNString(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public <T> T getObject(String a0, Class<T> a1) throws SQLException {
    try { return rs.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public Object getObject(String a0, java.util.Map<String, Class<?>> a1) throws SQLException {
    try { return rs.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public Object getObject(String a0) throws SQLException {
    try { return rs.getObject(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public <T> T getObject(int a0, Class<T> a1) throws SQLException {
    try { return rs.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public Object getObject(int a0, java.util.Map<String, Class<?>> a1) throws SQLException {
    try { return rs.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public Object getObject(int a0) throws SQLException {
    try { return rs.getObject(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Ref getRef(String a0) throws SQLException {
    try { return rs.getRef(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Ref getRef(int a0) throws SQLException {
    try { return rs.getRef(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getRow() throws SQLException {
    try { return rs.getRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.RowId getRowId(String a0) throws SQLException {
    try { return rs.getRowId(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.RowId getRowId(int a0) throws SQLException {
    try { return rs.getRowId(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.SQLXML getSQLXML(String a0) throws SQLException {
    try { return rs.getSQLXML(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.SQLXML getSQLXML(int a0) throws SQLException {
    try { return rs.getSQLXML(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public short getShort(String a0) throws SQLException {
    try { return rs.getShort(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public short getShort(int a0) throws SQLException {
    try { return rs.getShort(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public String getString(String a0) throws SQLException {
    try { return rs.getString(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public String getString(int a0) throws SQLException {
    try { return rs.getString(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Time getTime(String a0, java.util.Calendar a1) throws SQLException {
    try { return rs.getTime(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Time getTime(String a0) throws SQLException {
    try { return rs.getTime(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Time getTime(int a0, java.util.Calendar a1) throws SQLException {
    try { return rs.getTime(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Time getTime(int a0) throws SQLException {
    try { return rs.getTime(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Timestamp getTimestamp(String a0, java.util.Calendar a1) throws SQLException {
    try { return rs.getTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Timestamp getTimestamp(String a0) throws SQLException {
    try { return rs.getTimestamp(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Timestamp getTimestamp(int a0, java.util.Calendar a1) throws SQLException {
    try { return rs.getTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.Timestamp getTimestamp(int a0) throws SQLException {
    try { return rs.getTimestamp(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public int getType() throws SQLException {
    try { return rs.getType(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.net.URL getURL(String a0) throws SQLException {
    try { return rs.getURL(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.net.URL getURL(int a0) throws SQLException {
    try { return rs.getURL(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Deprecated @SuppressWarnings("deprecation") @Override public java.io.InputStream getUnicodeStream(String a0) throws SQLException {
    try { return rs.getUnicodeStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Deprecated @SuppressWarnings("deprecation") @Override public java.io.InputStream getUnicodeStream(int a0) throws SQLException {
    try { return rs.getUnicodeStream(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public java.sql.SQLWarning getWarnings() throws SQLException {
    try { return rs.getWarnings(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void insertRow() throws SQLException {
    try { rs.insertRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean isAfterLast() throws SQLException {
    try { return rs.isAfterLast(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean isBeforeFirst() throws SQLException {
    try { return rs.isBeforeFirst(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean isClosed() throws SQLException {
    try { return rs.isClosed(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean isFirst() throws SQLException {
    try { return rs.isFirst(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean isLast() throws SQLException {
    try { return rs.isLast(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean last() throws SQLException {
    try { return rs.last(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void moveToCurrentRow() throws SQLException {
    try { rs.moveToCurrentRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void moveToInsertRow() throws SQLException {
    try { rs.moveToInsertRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean next() throws SQLException {
    try { return rs.next(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean previous() throws SQLException {
    try { return rs.previous(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void refreshRow() throws SQLException {
    try { rs.refreshRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean relative(int a0) throws SQLException {
    try { return rs.relative(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean rowDeleted() throws SQLException {
    try { return rs.rowDeleted(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean rowInserted() throws SQLException {
    try { return rs.rowInserted(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean rowUpdated() throws SQLException {
    try { return rs.rowUpdated(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void setFetchDirection(int a0) throws SQLException {
    try { rs.setFetchDirection(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void setFetchSize(int a0) throws SQLException {
    try { rs.setFetchSize(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateArray(String a0, java.sql.Array a1) throws SQLException {
    try { rs.updateArray(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateArray(int a0, java.sql.Array a1) throws SQLException {
    try { rs.updateArray(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
    try { rs.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try { rs.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateAsciiStream(String a0, java.io.InputStream a1) throws SQLException {
    try { rs.updateAsciiStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    try { rs.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try { rs.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
    try { rs.updateAsciiStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
    try { rs.updateBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    try { rs.updateBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
    try { rs.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try { rs.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBinaryStream(String a0, java.io.InputStream a1) throws SQLException {
    try { rs.updateBinaryStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    try { rs.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try { rs.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
    try { rs.updateBinaryStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBlob(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try { rs.updateBlob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBlob(String a0, java.io.InputStream a1) throws SQLException {
    try { rs.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBlob(String a0, java.sql.Blob a1) throws SQLException {
    try { rs.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try { rs.updateBlob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBlob(int a0, java.io.InputStream a1) throws SQLException {
    try { rs.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBlob(int a0, java.sql.Blob a1) throws SQLException {
    try { rs.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBoolean(String a0, boolean a1) throws SQLException {
    try { rs.updateBoolean(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBoolean(int a0, boolean a1) throws SQLException {
    try { rs.updateBoolean(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateByte(String a0, byte a1) throws SQLException {
    try { rs.updateByte(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateByte(int a0, byte a1) throws SQLException {
    try { rs.updateByte(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBytes(String a0, byte[] a1) throws SQLException {
    try { rs.updateBytes(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateBytes(int a0, byte[] a1) throws SQLException {
    try { rs.updateBytes(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException {
    try { rs.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateCharacterStream(String a0, java.io.Reader a1) throws SQLException {
    try { rs.updateCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
    try { rs.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    try { rs.updateCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateClob(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateClob(String a0, java.io.Reader a1) throws SQLException {
    try { rs.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateClob(String a0, java.sql.Clob a1) throws SQLException {
    try { rs.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateClob(int a0, java.io.Reader a1) throws SQLException {
    try { rs.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateClob(int a0, java.sql.Clob a1) throws SQLException {
    try { rs.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateDate(String a0, java.sql.Date a1) throws SQLException {
    try { rs.updateDate(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateDate(int a0, java.sql.Date a1) throws SQLException {
    try { rs.updateDate(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateDouble(String a0, double a1) throws SQLException {
    try { rs.updateDouble(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateDouble(int a0, double a1) throws SQLException {
    try { rs.updateDouble(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateFloat(String a0, float a1) throws SQLException {
    try { rs.updateFloat(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateFloat(int a0, float a1) throws SQLException {
    try { rs.updateFloat(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateInt(String a0, int a1) throws SQLException {
    try { rs.updateInt(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateInt(int a0, int a1) throws SQLException {
    try { rs.updateInt(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateLong(String a0, long a1) throws SQLException {
    try { rs.updateLong(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateLong(int a0, long a1) throws SQLException {
    try { rs.updateLong(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateNCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNCharacterStream(String a0, java.io.Reader a1) throws SQLException {
    try { rs.updateNCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateNCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    try { rs.updateNCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNClob(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateNClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNClob(String a0, java.io.Reader a1) throws SQLException {
    try { rs.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNClob(String a0, java.sql.NClob a1) throws SQLException {
    try { rs.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { rs.updateNClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNClob(int a0, java.io.Reader a1) throws SQLException {
    try { rs.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNClob(int a0, java.sql.NClob a1) throws SQLException {
    try { rs.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNString(String a0, String a1) throws SQLException {
    try { rs.updateNString(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNString(int a0, String a1) throws SQLException {
    try { rs.updateNString(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNull(String a0) throws SQLException {
    try { rs.updateNull(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateNull(int a0) throws SQLException {
    try { rs.updateNull(a0); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateObject(String a0, Object a1, int a2) throws SQLException {
    try { rs.updateObject(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateObject(String a0, Object a1) throws SQLException {
    try { rs.updateObject(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateObject(int a0, Object a1, int a2) throws SQLException {
    try { rs.updateObject(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateObject(int a0, Object a1) throws SQLException {
    try { rs.updateObject(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateRef(String a0, java.sql.Ref a1) throws SQLException {
    try { rs.updateRef(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateRef(int a0, java.sql.Ref a1) throws SQLException {
    try { rs.updateRef(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateRow() throws SQLException {
    try { rs.updateRow(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateRowId(String a0, java.sql.RowId a1) throws SQLException {
    try { rs.updateRowId(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateRowId(int a0, java.sql.RowId a1) throws SQLException {
    try { rs.updateRowId(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateSQLXML(String a0, java.sql.SQLXML a1) throws SQLException {
    try { rs.updateSQLXML(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateSQLXML(int a0, java.sql.SQLXML a1) throws SQLException {
    try { rs.updateSQLXML(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateShort(String a0, short a1) throws SQLException {
    try { rs.updateShort(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateShort(int a0, short a1) throws SQLException {
    try { rs.updateShort(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateString(String a0, String a1) throws SQLException {
    try { rs.updateString(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateString(int a0, String a1) throws SQLException {
    try { rs.updateString(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateTime(String a0, java.sql.Time a1) throws SQLException {
    try { rs.updateTime(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateTime(int a0, java.sql.Time a1) throws SQLException {
    try { rs.updateTime(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateTimestamp(String a0, java.sql.Timestamp a1) throws SQLException {
    try { rs.updateTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public void updateTimestamp(int a0, java.sql.Timestamp a1) throws SQLException {
    try { rs.updateTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
  @Override public boolean wasNull() throws SQLException {
    try { return rs.wasNull(); } catch (SQLException | RuntimeException e) { throw fail(e); }
  }
}
