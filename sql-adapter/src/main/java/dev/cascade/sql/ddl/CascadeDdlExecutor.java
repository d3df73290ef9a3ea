package dev.cascade.sql.ddl;

import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;

/** Runs Cascade's DDL against the engine catalog. */
public final class CascadeDdlExecutor {
  /** The parser factory the driver installs (connection property {@code parserFactory}). */
  public static final SqlParserImplFactory PARSER_FACTORY = SqlParserImpl.FACTORY;

  private CascadeDdlExecutor() {
  }

  public static DdlExecutor executor() {
    return DdlExecutor.USELESS;
  }
}
