package dev.cascade.engine.store;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.sstable.SstReader;
import dev.cascade.engine.version.FileMeta;

/**
 * A live or recently live SST of a shard: its metadata, its open reader, and how many versions still include
 * it. When the last version that includes it is released the reader is closed, and if no live version names
 * the file any more ({@link #markObsolete()}) the file is deleted, so a file goes away only when no iterator, get
 * or compaction can still read it.
 *
 * <p>Thread ownership: owned by its shard.
 */
final class Table {
  final FileMeta meta;
  final SstReader reader;
  private int refs;
  private boolean obsolete;

  Table(FileMeta meta, SstReader reader) {
    this.meta = meta;
    this.reader = reader;
  }

  void ref() {
    refs++;
  }

  /** The current version no longer names this file: delete it once the last reader is gone. */
  void markObsolete() {
    obsolete = true;
  }

  /** Drops a reference; the last one closes the reader, and deletes the file if it is obsolete. */
  void unref(IoEngine engine) {
    if (--refs == 0) {
      reader.close();
      if (obsolete) {
        engine.delete(reader.path());
      }
    }
  }

  @Override
  public String toString() {
    return "Table[" + meta.fileNumber() + ", refs=" + refs + "]";
  }
}
