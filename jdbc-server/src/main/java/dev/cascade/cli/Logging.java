package dev.cascade.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log levels for an interactive session: sqlline's screen stays free of INFO lines (the engine logs "opened Cascade
 * store" through JUL; Calcite and Avatica log through slf4j-simple), while the server keeps its INFO lines (where it
 * listens).
 *
 * <p>Static configuration of the process; call from the main thread before the first logger is used.
 */
final class Logging {

  private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";

  static {
    // One line per record, like slf4j-simple's (the engine logs through JUL, the server through slf4j). Set before
    // the first logger below makes JUL create its console handler and formatter, which read it once.
    if (System.getProperty(JUL_FORMAT) == null) {
      System.setProperty(JUL_FORMAT, "%4$s %3$s - %5$s%6$s%n");
    }
  }

  private static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String SLF4J_CASCADE_LEVEL = "org.slf4j.simpleLogger.log.dev.cascade";

  // Held strongly: JUL keeps loggers weakly, and a collected logger forgets its level.
  private static final Logger JLINE = Logger.getLogger("org.jline");
  private static final Logger CASCADE = Logger.getLogger("dev.cascade");

  private Logging() {}

  /** WARNING and above only (the default for every command). */
  static void quiet() {
    if (System.getProperty(SLF4J_LEVEL) == null) {
      System.setProperty(SLF4J_LEVEL, "warn");
    }
    setJulLevel(Level.WARNING);
    // Without a terminal (input piped in, a test) jline warns that it falls back to a dumb terminal: expected.
    JLINE.setLevel(Level.SEVERE);
  }

  /**
   * INFO for Cascade's own loggers (the server says where it listens, through slf4j), WARNING for the libraries
   * (Jetty, Avatica). Call before the server class is first used: slf4j-simple reads its levels once.
   */
  static void serverInfo() {
    if (System.getProperty(SLF4J_CASCADE_LEVEL) == null) {
      System.setProperty(SLF4J_CASCADE_LEVEL, "info");
    }
    setJulLevel(Level.WARNING);
    CASCADE.setLevel(Level.INFO);
  }

  private static void setJulLevel(Level level) {
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    for (var handler : root.getHandlers()) {
      handler.setLevel(Level.ALL);
    }
  }
}
