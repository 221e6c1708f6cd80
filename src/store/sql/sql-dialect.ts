// What the store needs to know about a database beyond Kysely's dialect: a few capability flags,
// set once in each dialect file, so the query layer never asks "is this SQLite?".
import type { Dialect, IsolationLevel } from "kysely";

export interface SqlCapabilities {
  /** The most bind parameters one statement may carry; bulk inserts are cut to fit. */
  readonly maxParameters: number;
  /**
   * The isolation level that makes a read transaction see one snapshot across its queries, or
   * undefined where every transaction already does.
   */
  readonly snapshotIsolation: IsolationLevel | undefined;
  /**
   * Inserts rows through one prepared statement run per row, on the connection of the transaction
   * that is open, where that is faster than multi-row INSERTs (SQLite: a statement of thousands of
   * VALUES is compiled anew each time). Undefined where multi-row INSERTs through Kysely are best.
   * Only ever called inside a write transaction; table and column names come from code. Gives
   * the statement's SQL text, for the store's query log.
   */
  readonly insertRows?: (
    table: string,
    columns: readonly string[],
    rows: readonly Readonly<Record<string, unknown>>[],
  ) => string;
}

export interface SqlDialect {
  /** For messages and reports only; behaviour follows the capabilities. */
  readonly name: string;
  readonly kysely: Dialect;
  readonly capabilities: SqlCapabilities;
}
