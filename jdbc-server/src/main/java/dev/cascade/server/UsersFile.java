package dev.cascade.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users file of BASIC and DIGEST authentication, checked line by line before the server starts (format in
 * jdbc-server/docs/server.md): one {@code name: password} per line, blank lines and lines starting with {@code #}
 * or {@code !} ignored. It is a strict subset of Jetty's realm-properties format, so Jetty's
 * {@code HashLoginService} reads the same file and finds the same users; what the two would read differently
 * (property escapes, continuation lines, role lists after a comma, a repeated name) is refused here, naming the
 * file and line.
 *
 * <p>Immutable.
 */
final class UsersFile {
  /** Lines read at most; a users file is short. */
  static final int LINES_MAX = 10_000;
  private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_.@-]+)\\s*:\\s*(.*)");

  private final Path path;
  private final Set<String> users;

  private UsersFile(Path path, Set<String> users) {
    this.path = path;
    this.users = Set.copyOf(users);
  }

  /** Reads and checks {@code path}; an {@link IllegalArgumentException} names the file, line and problem. */
  static UsersFile read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the users file " + path + ": " + e, e);
    }
    if (lines.size() > LINES_MAX) {
      throw new IllegalArgumentException("users file " + path + " has " + lines.size() + " lines; at most "
          + LINES_MAX + " are read");
    }
    Set<String> users = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String user = parseLine(lines.get(i).strip());
      if (user != null && !users.add(user)) {
        throw error(path, i + 1, "user '" + user + "' is defined twice");
      } else if (user == null && isEntry(lines.get(i))) {
        throw error(path, i + 1, "expected 'name: password' (a name of letters, digits and . _ @ -; a "
            + "password of printable ASCII characters other than ',' and '\\')");
      }
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException("users file " + path + " defines no users (expected lines "
          + "'name: password')");
    }
    return new UsersFile(path, users);
  }

  private static boolean isEntry(String line) {
    String s = line.strip();
    return !s.isEmpty() && s.charAt(0) != '#' && s.charAt(0) != '!';
  }

  /** The user a stripped line defines, or null for a comment, a blank line, or a malformed line. */
  private static String parseLine(String line) {
    if (!isEntry(line)) {
      return null;
    }
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String password = m.group(2);
    return password.isEmpty() || !password.chars().allMatch(UsersFile::isPasswordChar) ? null : m.group(1);
  }

  /** Printable ASCII (Jetty reads the file as ISO-8859-1) except the comma (roles) and backslash (escapes). */
  private static boolean isPasswordChar(int c) {
    return c >= 0x20 && c <= 0x7e && c != ',' && c != '\\';
  }

  private static IllegalArgumentException error(Path path, int line, String problem) {
    return new IllegalArgumentException("users file " + path + " line " + line + ": " + problem);
  }

  Path path() {
    return path;
  }

  /** The user names, for the start log. */
  Set<String> users() {
    return users;
  }
}
