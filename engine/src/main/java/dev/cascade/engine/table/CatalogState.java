package dev.cascade.engine.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the catalog knows at one moment: every table by name, and a version that changes with every DDL.
 *
 * <p>Immutable: each DDL makes a new one.
 */
record CatalogState(long version, Map<String, TableDef> tables) {

  static CatalogState of(Map<String, TableDef> tables) {
    return new CatalogState(1, Collections.unmodifiableMap(new LinkedHashMap<>(tables)));
  }

  CatalogState with(TableDef table) {
    Map<String, TableDef> m = new LinkedHashMap<>(tables);
    m.put(table.name(), table);
    return new CatalogState(version + 1, Collections.unmodifiableMap(m));
  }

  CatalogState without(String name) {
    Map<String, TableDef> m = new LinkedHashMap<>(tables);
    m.remove(name);
    return new CatalogState(version + 1, Collections.unmodifiableMap(m));
  }

  /** The table holding the named index, or null. */
  TableDef tableOfIndex(String index) {
    for (TableDef t : tables.values()) {
      for (IndexDef i : t.indexes()) {
        if (i.name().equals(index)) {
          return t;
        }
      }
    }
    return null;
  }
}
