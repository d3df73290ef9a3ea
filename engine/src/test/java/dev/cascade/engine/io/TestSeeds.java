package dev.cascade.engine.io;

/**
 * The seed of a randomized test: {@code -Dseed=} when given, else fresh; printed so that a failure can be
 * replayed.
 *
 * <p>Immutable (static methods only).
 */
public final class TestSeeds {
  private TestSeeds() {}

  public static long seed(String test) {
    String given = System.getProperty("seed");
    long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim()) : System.nanoTime();
    System.out.println(test + ": seed " + seed + " (replay with -Dseed=" + seed + ")");
    return seed;
  }
}
