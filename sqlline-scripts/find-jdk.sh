# Sourced by Cascade's scripts: cascade_find_java prints the path of a java binary of version 25 or newer.
# Order: $JAVA_HOME if it is 25+, then `java` on the PATH if it is 25+, then the newest JDK under /usr/lib/jvm.

cascade_java_major() {
  # Prints the feature version of the given java binary (17, 21, 25, ...), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version =/ {print $2; exit}'
}

cascade_find_java() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(cascade_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major="$(cascade_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ "$best_major" -ge 25 ]; then
    echo "$best"
    return 0
  fi
  echo "Cascade needs a JDK 25 or newer, and none was found (checked JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "Install one (for example Debian/Ubuntu: apt-get install openjdk-25-jdk, or Temurin 25) or set JAVA_HOME." >&2
  return 1
}
