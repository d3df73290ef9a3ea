package dev.cascade.sql.jdbc;

import java.util.List;
import java.util.regex.Pattern;

/**
 * SQLSTATEs for Calcite's validation messages (its {@code CalciteResource} texts), matched by pattern because
 * Calcite raises them all as one exception class. Unmatched messages are 42000 (syntax error or access rule
 * violation), which covers type mismatches and unknown functions.
 *
 * <p>Stateless.
 */
final class ValidatorStates {
  private record Rule(Pattern pattern, String state) {
  }

  private static final List<Rule> RULES = List.of(
      rule("^(Object|Table) '.*' not found", "42S02"),
      rule("^Schema '.*' not found", "3F000"),
      rule("^Table '.*' already exists", "42S01"),
      rule("^Column '.*' not found", "42S22"),
      rule("^Unknown (target column|field|identifier) ", "42S22"),
      rule("^Column '.*' has no default value and does not allow NULLs", "23502"),
      rule("^Number of INSERT target columns .* does not equal number of source items", "21S01"),
      rule("^(Numeric|Date) literal '.*' out of range", "22003"));

  private ValidatorStates() {
  }

  private static Rule rule(String regex, String state) {
    return new Rule(Pattern.compile(regex), state);
  }

  static String state(String message) {
    String m = message == null ? "" : message;
    for (Rule r : RULES) {
      if (r.pattern().matcher(m).find()) {
        return r.state();
      }
    }
    return "42000";
  }
}
