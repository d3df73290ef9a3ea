package dev.cascade.engine.version;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Which SSTs in a shard's directory no live state needs: files named {@code <number>.sst} (see
 * {@link #sstName}) whose number is in none of the given states and that the caller does not keep for another
 * reason. The caller passes every state still pinned by a snapshot or an iterator, and keeps the numbers of
 * outputs still being written (a flush or compaction in progress) through {@code keep}. At open, with no such
 * pins, every SST outside the loaded state is the leftover of an unfinished flush or compaction, or of a
 * deletion a crash interrupted.
 *
 * <p>Stateless.
 */
public final class ObsoleteFiles {
  /** Suffix of SST file names. */
  public static final String SST_SUFFIX = ".sst";

  /** Fewest digits of an SST number in its name (zero-padded), as in {@code 000012.sst}. */
  public static final int SST_NUMBER_DIGITS_MIN = 6;

  /** Most digits a name's number may have: 18 always fit a long. */
  private static final int SST_NUMBER_DIGITS_MAX = 18;

  private ObsoleteFiles() {}

  /** The file name of SST {@code fileNumber}: at least six digits, zero-padded, then {@value #SST_SUFFIX}. */
  public static String sstName(long fileNumber) {
    if (fileNumber < 1) {
      throw new IllegalArgumentException("file numbers start at 1: " + fileNumber);
    }
    return String.format("%0" + SST_NUMBER_DIGITS_MIN + "d%s", fileNumber, SST_SUFFIX);
  }

  /** The number of an SST named {@code name} (only its last element counts), or -1 if it is not an SST name. */
  public static long parseSstNumber(Path name) {
    String s = name.getFileName().toString();
    if (!s.endsWith(SST_SUFFIX)) {
      return -1;
    }
    int digits = s.length() - SST_SUFFIX.length();
    if (digits < 1 || digits > SST_NUMBER_DIGITS_MAX) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < digits; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n >= 1 ? n : -1;
  }

  /**
   * Numbers of the SSTs in {@code listing} (names as {@link dev.cascade.engine.io.IoEngine#list} returns them)
   * that are live in none of {@code live} and not kept by {@code keep}, in listing order.
   */
  public static List<Long> obsolete(List<Path> listing, Collection<VersionState> live, LongPredicate keep) {
    List<Long> out = new ArrayList<>();
    for (Path name : listing) {
      long n = parseSstNumber(name);
      if (n < 0 || keep.test(n)) {
        continue;
      }
      boolean needed = false;
      for (VersionState s : live) {
        if (s.containsFile(n)) {
          needed = true;
          break;
        }
      }
      if (!needed) {
        out.add(n);
      }
    }
    return out;
  }

  /** As {@link #obsolete(List, Collection, LongPredicate)} with one live state and nothing else kept. */
  public static List<Long> obsolete(List<Path> listing, VersionState live) {
    return obsolete(listing, List.of(live), n -> false);
  }
}
