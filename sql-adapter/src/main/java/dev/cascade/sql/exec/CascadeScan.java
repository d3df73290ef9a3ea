package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.CascadeException;
import dev.cascade.engine.EntryFilter;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * The run-time side of a Cascade scan, called from the code Calcite generates for a plan
 * ({@link dev.cascade.sql.plan.CascadeMethod}): resolves the key ranges with the statement's parameters, reads at
 * the statement's snapshot ({@link StatementSnapshot}) or one of its own, and streams rows to the caller.
 *
 * <p>Stateless; each enumeration opens its own iterators.
 */
public final class CascadeScan {
  /** System property: milliseconds a scan's cursor may stay open (default ten minutes). */
  public static final String TIME_LIMIT_PROPERTY = "cascade.cursorTimeLimitMillis";
  /** Entries per hand-off from a shard for scans without a LIMIT. */
  static final int SCAN_BATCH_ENTRIES = 256;

  private CascadeScan() {
  }

  /** The rows of {@code spec}: {@code Object[]}s, or bare values when {@link ScanSpec#scalar()}. */
  public static Enumerable<?> scan(DataContext root, ScanSpec spec) {
    Enumerable<Object[]> rows = new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return open(root, spec);
      }
    };
    return spec.scalar() ? rows.select(r -> r[0]) : rows;
  }

  /** The one row of {@code spec}'s pushed aggregate (a bare value when {@link ScanSpec#scalar()}). */
  public static Enumerable<?> aggregate(DataContext root, ScanSpec spec) {
    return new AbstractEnumerable<Object>() {
      @Override
      public Enumerator<Object> enumerator() {
        Object[] row = CascadeScan.count(root, spec);
        return Linq4j.singletonEnumerator(spec.scalar() ? row[0] : row);
      }
    };
  }

  static long cursorTimeLimitNanos() {
    return Math.max(1, Long.getLong(TIME_LIMIT_PROPERTY, 600_000L)) * 1_000_000L;
  }

  private static Enumerator<Object[]> open(DataContext root, ScanSpec spec) {
    CascadeDb db = spec.table().store().db();
    Snapshot bound = StatementSnapshot.current();
    Snapshot owned = bound == null ? db.snapshot() : null;
    try {
      long offset = spec.offset() == null ? 0 : spec.offset().resolveCount(root, "OFFSET");
      long fetch = spec.fetch() == null ? Long.MAX_VALUE : spec.fetch().resolveCount(root, "FETCH");
      int batch = (int) Math.clamp(fetch == Long.MAX_VALUE ? SCAN_BATCH_ENTRIES : offset + fetch, 1,
          ReadOptions.BATCH_ENTRIES_MAX);
      TableCodec codec = spec.table().codec();
      // The shards compare integer columns in place, and decode only what the rest of the filter reads.
      EntryFilter filter = spec.filter() == null ? null : new RowEntryFilter(codec, spec.filter(), root);
      // Rows filtered in the shards, or not at all, need only the returned columns decoded here.
      boolean filteredHere = spec.filter() != null
          && (spec.index() != null || spec.keys() != null && spec.keys().pointLookup());
      RowDecoder decoder = new RowDecoder(codec, filteredHere
          ? IntStream.concat(IntStream.of(spec.projection()), IntStream.of(spec.filter().columns())).distinct().toArray()
          : spec.projection());
      // A scan without a LIMIT reads on: each shard fetches its next batch while this thread decodes the last.
      RowSource source = source(spec, root, bound != null ? bound : owned, batch, fetch == Long.MAX_VALUE, filter,
          spec.filter(), decoder);
      return new ScanEnumerator(spec.table().def().name(), source, owned, spec.projection(), offset, fetch,
          StatementGuard.of(root));
    } catch (RuntimeException e) {
      if (owned != null) {
        owned.close();
      }
      throw e instanceof CascadeException ce ? ScanErrors.translate(ce, spec.table().def().name()) : e;
    }
  }

  private static Object[] count(DataContext root, ScanSpec spec) {
    CascadeDb db = spec.table().store().db();
    Snapshot bound = StatementSnapshot.current();
    Snapshot owned = bound == null ? db.snapshot() : null;
    RowDecoder decoder = new RowDecoder(spec.table().codec());
    AggregatingEntryFilter counter = new AggregatingEntryFilter(decoder, spec.filter(), root, spec.aggregate());
    try (RowSource source = source(spec, root, bound != null ? bound : owned, ReadOptions.BATCH_ENTRIES_DEFAULT,
        false, counter, null, decoder)) {
      for (Object[] row = source.next(); row != null; row = source.next()) {
        counter.accept(row);
      }
      return counter.result();
    } catch (CascadeException e) {
      throw ScanErrors.translate(e, spec.table().def().name());
    } finally {
      if (owned != null) {
        owned.close();
      }
    }
  }

  /**
   * The rows of {@code spec}'s key ranges: point lookups (filtered here with {@code pointPredicate}) or range
   * iterators (filtered in the shards with {@code shardFilter}).
   */
  private static RowSource source(ScanSpec spec, DataContext root, Snapshot snapshot, int batchEntries,
      boolean prefetch, EntryFilter shardFilter, RowPredicate pointPredicate, RowDecoder decoder) {
    CascadeDb db = spec.table().store().db();
    TableCodec codec = spec.table().codec();
    boolean points = spec.keys() != null && spec.keys().pointLookup();
    if (spec.index() == null && points) {
      // Reads by full primary key: multiGet, no iterator, so no iterator options.
      KeyRanges keys = KeyRanges.resolve(spec.keys(), keyTypes(codec.table(), codec.table().primaryKey()),
          KeyRanges.primaryKey(codec, db.shardCount()), root);
      return new PointSource(db, keys.points(), spec.descending(), snapshot, decoder, pointPredicate, root);
    }
    ReadOptions ro = ReadOptions.defaults().withSnapshot(snapshot).withBatchEntries(batchEntries)
        .withLimits(cursorTimeLimitNanos(), Long.MAX_VALUE).withPrefetch(prefetch);
    if (spec.index() != null) {
      KeyRanges.Encoder encoder = KeyRanges.index(codec, spec.index());
      KeyRanges keys = spec.keys() == null ? KeyRanges.all(encoder)
          : KeyRanges.resolve(spec.keys(), keyTypes(codec.table(), spec.index().columns()), encoder, root);
      return new IndexSource(db, codec, spec.index(), keys.ranges(), points ? keys.points() : null, ro, decoder,
          pointPredicate, root);
    }
    KeyRanges.Encoder encoder = KeyRanges.primaryKey(codec, db.shardCount());
    KeyRanges keys = spec.keys() == null ? KeyRanges.all(encoder)
        : KeyRanges.resolve(spec.keys(), keyTypes(codec.table(), codec.table().primaryKey()), encoder, root);
    return new RangeSource(db, keys.ranges(), ro.withFilter(shardFilter), spec.descending(), decoder);
  }

  private static List<ColumnType> keyTypes(TableDef table, int[] columns) {
    List<ColumnType> types = new ArrayList<>();
    for (int c : columns) {
      types.add(table.columns().get(c).type());
    }
    return types;
  }
}
