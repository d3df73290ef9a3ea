package dev.cascade.engine.store;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.version.FileMeta;
import dev.cascade.engine.version.VersionState;
import java.util.Map;

/**
 * One version of a shard's file set: the persisted {@link VersionState} and the open {@link Table}s it names.
 * Reference counted: the shard holds the current one; read views (gets waiting for a page, iterators) and
 * compactions hold the one they started with. Releasing the last reference releases its tables.
 *
 * <p>Thread ownership: owned by its shard.
 */
final class Version {
  final VersionState state;
  private final Map<Long, Table> tables;
  private int refs = 1;

  Version(VersionState state, Map<Long, Table> tables) {
    this.state = state;
    this.tables = Map.copyOf(tables);
    for (Table t : this.tables.values()) {
      t.ref();
    }
  }

  Table table(FileMeta f) {
    Table t = tables.get(f.fileNumber());
    if (t == null) {
      throw new IllegalStateException("version has no table for file " + f.fileNumber());
    }
    return t;
  }

  Map<Long, Table> tables() {
    return tables;
  }

  void ref() {
    refs++;
  }

  void unref(IoEngine engine) {
    if (--refs == 0) {
      for (Table t : tables.values()) {
        t.unref(engine);
      }
    }
  }
}
