package dev.cascade.sql.ddl;

import dev.cascade.sql.ddl.parser.CascadeSqlParserImpl;
import java.io.Reader;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.server.DdlExecutorImpl;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

/** Runs Cascade's DDL against the engine catalog. */
public class CascadeDdlExecutor extends DdlExecutorImpl {
  public static final CascadeDdlExecutor INSTANCE = new CascadeDdlExecutor();

  /** The parser factory the driver installs (connection property {@code parserFactory}). */
  public static final SqlParserImplFactory PARSER_FACTORY = new SqlParserImplFactory() {
    @Override
    public SqlAbstractParserImpl getParser(Reader stream) {
      return CascadeSqlParserImpl.FACTORY.getParser(stream);
    }

    @Override
    public DdlExecutor getDdlExecutor() {
      return INSTANCE;
    }
  };

  protected CascadeDdlExecutor() {
  }
}
