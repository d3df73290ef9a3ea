package dev.cascade.sql.metamorphic;

import dev.cascade.sql.plan.Pushdown;

/**
 * How a query is planned: with Cascade's pushdown rules (key ranges, residual filter, projection, sort and limit
 * pushed into the scan), or with them switched off for the calling thread, which leaves Calcite's own operators
 * above a full scan: the reference the pushed plan must agree with.
 *
 * <p>Immutable.
 */
enum PlanMode {
  PUSHED, UNPUSHED;

  /** Enters this mode on the calling thread until the returned handle is closed. */
  AutoCloseable enter() {
    return this == PUSHED ? () -> { } : Pushdown.disable();
  }
}
