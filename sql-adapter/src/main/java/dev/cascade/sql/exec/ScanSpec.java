package dev.cascade.sql.exec;

import dev.cascade.engine.table.IndexDef;
import dev.cascade.sql.CascadeTable;

/**
 * Everything a Cascade scan was asked to do, as the planner pushed it down: which key ranges of the table (or of one
 * index) to read, the filter the shards run, which columns to return, in which key direction, how many rows to skip
 * and return, or which aggregate to compute instead of returning rows.
 *
 * @param table the table
 * @param index the secondary index read (its entries point at the rows), or null for the primary key
 * @param keys the key ranges over the leading columns of the primary key or {@code index}, or null for all keys
 * @param filter the predicate evaluated on each row (in the shards when possible), or null
 * @param projection the table columns returned, in output order
 * @param descending read in descending key order
 * @param offset rows to skip after the merge, or null
 * @param fetch most rows to return, or null
 * @param aggregate an aggregate to compute in the shards instead of returning rows, or null
 * @param scalar rows have one column and are returned as the bare value, not in an array
 *
 * <p>Immutable (the projection array is never changed after construction).
 */
public record ScanSpec(CascadeTable table, IndexDef index, KeyPlan keys, RowPredicate filter, int[] projection,
    boolean descending, Operand offset, Operand fetch, AggregateSpec aggregate, boolean scalar) {
}
