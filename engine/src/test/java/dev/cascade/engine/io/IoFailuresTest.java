package dev.cascade.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoFailuresTest {
  private static final Path FILE = Path.of("/data/000012.sst");

  @Test
  void mapsJavaExceptionsToErrnos() {
    assertEquals(Errno.ENOENT, IoFailures.errnoOf(new NoSuchFileException("x")));
    assertEquals(Errno.EACCES, IoFailures.errnoOf(new AccessDeniedException("x")));
    assertEquals(Errno.ENOSPC, IoFailures.errnoOf(new IOException("No space left on device")));
    assertEquals(Errno.EIO, IoFailures.errnoOf(new FileSystemException("x", null, "Input/output error")));
    assertEquals(0, IoFailures.errnoOf(new IOException("something else")));
  }

  @Test
  void messageNamesFileOperationAndErrno() {
    StorageIoException e = IoFailures.of(FILE, "pwrite", new IOException("No space left on device"));
    assertEquals(FILE, e.path());
    assertEquals(Errno.ENOSPC, e.errno());
    assertTrue(e.getMessage().startsWith("pwrite /data/000012.sst failed: ENOSPC (No space left on device)"),
        e.getMessage());
    StorageIoException unknown = IoFailures.of(FILE, "pread", new IOException("odd"));
    assertEquals(0, unknown.errno());
    assertTrue(unknown.getMessage().contains("odd"), unknown.getMessage());
  }
}
