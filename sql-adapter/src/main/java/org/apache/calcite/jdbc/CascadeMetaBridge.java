package org.apache.calcite.jdbc;

import org.apache.calcite.avatica.AvaticaConnection;

/**
 * Lets Cascade subclass {@link CalciteMetaImpl}: its constructor takes the package-private
 * {@code CalciteConnectionImpl}, which code outside this package cannot name. This class does nothing else; the
 * behaviour is in {@code dev.cascade.sql.jdbc.CascadeMeta}. (It shares Calcite's package, which the class path
 * allows; Calcite's jar is not sealed.)
 *
 * <p>Thread-safe as {@link CalciteMetaImpl} is.
 */
public abstract class CascadeMetaBridge extends CalciteMetaImpl {
  protected CascadeMetaBridge(AvaticaConnection connection) {
    super((CalciteConnectionImpl) connection);
  }
}
