// SQLite through better-sqlite3: the embedded default, a file or ":memory:".
import Database from "better-sqlite3";
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver } from "kysely";
import type {
  DatabaseConnection,
  DialectAdapter,
  Driver,
  SqliteDialectConfig,
  TransactionSettings,
} from "kysely";
import type { SqlCapabilities, SqlDialect } from "./sql-dialect.js";

/**
 * Write transactions take the write lock when they begin ("begin immediate"): a deferred
 * transaction that reads first and writes later fails at once (SQLITE_BUSY) if another
 * connection wrote in between, where an immediate one waits its turn. Reads stay deferred.
 */
class ImmediateWriteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    // Kysely passes the settings; its SqliteDriver merely declares no parameter for them.
    settings?: TransactionSettings,
  ): Promise<void> {
    const begin = settings?.accessMode === "read only" ? "begin" : "begin immediate";
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

/** SQLite does roll back CREATE TABLE; Kysely's adapter says it does not, to be safe. */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class PaddockSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateWriteDriver(this.config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

/** The bind-parameter limit this build of SQLite was compiled with (999 before 3.32). */
function maxVariables(db: Database.Database): number {
  const options = db.pragma("compile_options") as { compile_options: string }[];
  for (const { compile_options: option } of options) {
    const m = /^MAX_VARIABLE_NUMBER=(\d+)$/.exec(option);
    if (m) return Number(m[1]);
  }
  return 999;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** insertRows for SQLite: a prepared statement per table and columns, kept, run once per row. */
function rowInserter(db: Database.Database): NonNullable<SqlCapabilities["insertRows"]> {
  const statements = new Map<string, Database.Statement>();
  return (table, columns, rows) => {
    const key = `${table}(${columns.join(",")})`;
    let statement = statements.get(key);
    if (!statement) {
      statement = db.prepare(
        `insert into ${quoted(table)} (${columns.map(quoted).join(", ")}) values (${columns.map(() => "?").join(", ")})`,
      );
      statements.set(key, statement);
    }
    const values: unknown[] = new Array(columns.length);
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) values[i] = row[columns[i] as string];
      statement.run(values);
    }
    return statement.source;
  };
}

/** A SQLite database file (created if missing), or ":memory:" for one that lives in this process. */
export function sqliteDialect(path: string): SqlDialect {
  const db = new Database(path);
  // Off in SQLite unless a build turns it on (better-sqlite3's does), and set per connection:
  // without it no foreign key is checked. Said here so no build can leave it off.
  db.pragma("foreign_keys = ON");
  if (path !== ":memory:" && path !== "") {
    // Readers do not block the writer nor it them: two stores on one file work side by side.
    db.pragma("journal_mode = WAL");
    // better-sqlite3 relaxes this to NORMAL in WAL mode, where a power cut can lose the last
    // commits; a season put is rare and should stay put once putSeason has returned.
    db.pragma("synchronous = FULL");
  }
  return {
    name: "sqlite",
    kysely: new PaddockSqliteDialect({ database: db }),
    capabilities: {
      maxParameters: maxVariables(db),
      snapshotIsolation: undefined,
      insertRows: rowInserter(db),
    },
  };
}
