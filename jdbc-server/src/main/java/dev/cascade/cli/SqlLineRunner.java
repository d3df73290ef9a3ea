package dev.cascade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sqlline.SqlLine;

/**
 * Runs sqlline in this process on one JDBC URL, without letting it exit the JVM: the caller gets an exit code.
 *
 * <p>Immutable; each {@link #run} uses a fresh {@link SqlLine}.
 *
 * @param url the JDBC URL sqlline connects to
 * @param user user name passed to the driver ({@code -n})
 * @param password password passed to the driver ({@code -p})
 * @param script a file of SQL and sqlline commands to run before exiting; empty: interactive (or piped input)
 * @param maxWidth sqlline's {@code --maxWidth}; 0 leaves sqlline's own (the terminal's width)
 */
record SqlLineRunner(String url, String user, String password, Path script, int maxWidth) {

  /** Width given to sqlline without a terminal: its dumb terminal is 0 columns wide and would truncate every row. */
  static final int PIPED_WIDTH = 200;

  /** sqlline's arguments for this run. */
  List<String> arguments() {
    // Cascade has autocommit only: sqlline's default (REPEATABLE_READ) would make it print a notice on every start.
    List<String> args = new ArrayList<>(List.of("-u", url, "-n", user, "-p", password,
        "--isolation=TRANSACTION_NONE"));
    if (maxWidth > 0) {
      args.add("--maxWidth=" + maxWidth);
    }
    if (script != null) {
      args.add("-f");
      args.add(script.toString());
    }
    return args;
  }

  /** Runs sqlline on {@code in} (null: the terminal) and returns 0 when it ended normally, 1 otherwise. */
  int run(InputStream in) throws IOException {
    if (script != null) {
      scriptErrorsOnOneLine();
    }
    SqlLine sqlLine = new SqlLine();
    SqlLine.Status status = sqlLine.begin(arguments().toArray(String[]::new), in, true);
    return status == SqlLine.Status.OK ? 0 : 1;
  }

  /**
   * sqlline 1.12 prints every error it meets before its initialisation completes with a stack trace on System.err
   * (its private static {@code initComplete}), and a {@code -f} script runs during initialisation: without this, a
   * failing statement in a script prints 60 lines of trace instead of its one "Error: ... (state=...)" line. The
   * flag only selects that verbosity; if a later sqlline lacks it, scripts print traces again and nothing else
   * changes.
   */
  static void scriptErrorsOnOneLine() {
    try {
      Field initComplete = SqlLine.class.getDeclaredField("initComplete");
      initComplete.setAccessible(true);
      initComplete.setBoolean(null, true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Traces on script errors, as plain sqlline prints them.
    }
  }

  /** The width to pass when the user gave none: sqlline's own on a terminal, {@link #PIPED_WIDTH} otherwise. */
  static int defaultWidth() {
    var console = System.console();
    return console != null && console.isTerminal() ? 0 : PIPED_WIDTH;
  }
}
