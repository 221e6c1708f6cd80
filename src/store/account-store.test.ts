// The account store contract against every store: memory, SQLite (in memory and in a file) and
// PostgreSQL (in a database of its own, created here and dropped at the end).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Clock } from "./account-store.js";
import { describeAccountStore } from "./account-store.contract.js";
import type { OpenedAccountStore } from "./account-store.contract.js";
import { MemoryAccountStore } from "./memory-account-store.js";
import { openStore } from "./open-store.js";
import type { StoreConfig } from "./open-store.js";
import { SqlAccountStore } from "./sql/sql-account-store.js";
import { SqlStore } from "./sql/sql-store.js";
import {
  POSTGRES_REQUIRED,
  PostgresTestDatabase,
  postgresAbsentMessage,
  postgresRequiredMessage,
  postgresUnreachable,
} from "./sql/testing/postgres-test-database.js";

/** An account store on a freshly opened (and migrated) SQL season store's database. */
async function sqlAccounts(config: StoreConfig, now: Clock): Promise<OpenedAccountStore> {
  const store = await openStore(config);
  if (!(store instanceof SqlStore)) throw new Error("not a SQL store");
  return { store: new SqlAccountStore(store.db, { now }), close: () => store.close() };
}

describeAccountStore("memory", async (now) => ({ store: new MemoryAccountStore({ now }) }));

describeAccountStore("SQLite :memory:", (now) =>
  sqlAccounts({ kind: "sqlite", path: ":memory:" }, now),
);

{
  const dir = mkdtempSync(join(tmpdir(), "paddock-accounts-"));
  let n = 0;
  describeAccountStore(
    "SQLite file",
    (now) => sqlAccounts({ kind: "sqlite", path: join(dir, `accounts-${++n}.sqlite`) }, now),
    async () => rmSync(dir, { recursive: true, force: true }),
  );
}

// PostgreSQL, in a database of the suite's own; skipped with a message when absent, a failure
// when required (CI).
const unreachable = await postgresUnreachable();
if (unreachable !== undefined && !POSTGRES_REQUIRED)
  console.warn(postgresAbsentMessage(unreachable));

describe.runIf(unreachable !== undefined && POSTGRES_REQUIRED)("PostgreSQL is required", () => {
  it("can be reached", () => {
    expect.fail(postgresRequiredMessage(unreachable ?? ""));
  });
});

describe.skipIf(unreachable !== undefined)("PostgreSQL", () => {
  const database = new PostgresTestDatabase();
  describeAccountStore(
    "PostgreSQL",
    async (now) => sqlAccounts({ kind: "postgres", url: await database.empty() }, now),
    () => database.drop(),
  );
});
