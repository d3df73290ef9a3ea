package dev.cascade.client;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * Avatica's remote metadata plus {@link #getPrimaryKeys} and {@link #getIndexInfo}, which Avatica's protocol cannot
 * carry (its remote meta answers them with no rows): both run a {@link MetadataQuery} over the server's
 * {@code SYS.PRIMARY_KEYS} / {@code SYS.INDEXES} on this same connection. Every other method is Avatica's.
 *
 * <p>Each call prepares one statement that closes with its result set (close the result set, as JDBC asks).
 *
 * <p>Owned by its connection; as thread-safe as the connection.
 */
final class CascadeDatabaseMetaData extends AvaticaDatabaseMetaData {

  CascadeDatabaseMetaData(AvaticaConnection connection) {
    super(connection);
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    return run(MetadataQuery.primaryKeys(catalog, schema, table));
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
      throws SQLException {
    return run(MetadataQuery.indexInfo(catalog, schema, table, unique));
  }

  private ResultSet run(MetadataQuery query) throws SQLException {
    PreparedStatement statement = getConnection().prepareStatement(query.sql());
    try {
      for (int i = 0; i < query.parameters().size(); i++) {
        statement.setString(i + 1, query.parameters().get(i));
      }
      statement.closeOnCompletion();
      return statement.executeQuery();
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }
}
