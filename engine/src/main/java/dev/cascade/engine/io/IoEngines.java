package dev.cascade.engine.io;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.io.uring.UringIoEngine;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the I/O engine: io_uring where the kernel allows it, else FileChannel. An option or the system
 * property {@code -Dcascade.io=uring|filechannel} forces one; forcing io_uring where it is unavailable is an
 * error that says why, never a silent fallback. The choice is logged once per engine created.
 *
 * <p>Thread-safe (stateless).
 */
public final class IoEngines {
  /** The system property that forces an engine: {@code uring} or {@code filechannel}. */
  public static final String PROPERTY = "cascade.io";

  private static final System.Logger LOG = System.getLogger(IoEngines.class.getName());

  private IoEngines() {}

  /** The engine named by {@code -Dcascade.io}, or the best available one when the property is unset. */
  public static IoEngine create() {
    return create(fromProperty());
  }

  /** The engine of {@code kind}, or the best available one when {@code kind} is null. */
  public static IoEngine create(IoEngineKind kind) {
    IoEngine engine;
    if (kind == IoEngineKind.FILECHANNEL) {
      engine = new FileChannelIoEngine();
      LOG.log(Level.DEBUG, "I/O engine: FileChannel (forced)");
    } else if (UringIoEngine.isAvailable()) {
      engine = new UringIoEngine();
      LOG.log(Level.DEBUG, "I/O engine: io_uring" + (kind == null ? "" : " (forced)"));
    } else if (kind == IoEngineKind.URING) {
      throw new CascadeException(
          "io_uring was requested (" + PROPERTY + "=uring) but is unavailable: " + UringIoEngine.unavailableReason());
    } else {
      engine = new FileChannelIoEngine();
      LOG.log(Level.INFO, "I/O engine: FileChannel (io_uring unavailable: " + UringIoEngine.unavailableReason() + ")");
    }
    return engine;
  }

  /** The kind named by {@code -Dcascade.io}, or null (automatic) when it is unset or empty. */
  public static IoEngineKind fromProperty() {
    String value = System.getProperty(PROPERTY);
    return value == null || value.isBlank() ? null : parse(value);
  }

  /** Parses {@code uring}, {@code filechannel} or {@code auto} (null), with a clear error for anything else. */
  public static IoEngineKind parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (IoEngineKind kind : IoEngineKind.values()) {
      if (kind.optionName().equals(v)) {
        return kind;
      }
    }
    if (v.equals("auto")) {
      return null;
    }
    throw new IllegalArgumentException(
        "unknown I/O engine '" + value + "' for " + PROPERTY + ": expected uring, filechannel or auto");
  }
}
