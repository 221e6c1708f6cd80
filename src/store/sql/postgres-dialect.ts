// PostgreSQL through a node-postgres pool, from a connection URL
// (postgresql://user:password@host:5432/database).
import pg from "pg";
import { PostgresDialect } from "kysely";
import type { SqlDialect } from "./sql-dialect.js";

/** PostgreSQL's wire protocol numbers bind parameters with 16 bits. */
const MAX_PARAMETERS = 65_535;

export function postgresDialect(url: string, options: { poolSize?: number } = {}): SqlDialect {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its connection (a server restart) is dropped by the pool; without a
  // listener its "error" event would end the process. The next query gets a fresh connection.
  pool.on("error", () => {});
  return {
    name: "postgres",
    kysely: new PostgresDialect({ pool }),
    // Read committed, the default, lets each query of a multi-query read see a newer commit.
    capabilities: { maxParameters: MAX_PARAMETERS, snapshotIsolation: "repeatable read" },
  };
}
