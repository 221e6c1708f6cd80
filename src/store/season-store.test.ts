// The store contract against every store: memory, SQLite (in memory and in a file) and
// PostgreSQL (in a database of its own, created here and dropped at the end).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store.js";
import { openStore } from "./open-store.js";
import { describeSeasonStore } from "./season-store.contract.js";
import {
  POSTGRES_REQUIRED,
  PostgresTestDatabase,
  postgresAbsentMessage,
  postgresRequiredMessage,
  postgresUnreachable,
} from "./sql/testing/postgres-test-database.js";

describeSeasonStore("memory", async () => new MemoryStore());

const inMemorySqlite = () => openStore({ kind: "sqlite", path: ":memory:" });
describeSeasonStore("SQLite :memory:", inMemorySqlite, undefined, { checksKeys: true });

{
  const dir = mkdtempSync(join(tmpdir(), "paddock-store-"));
  let path = "";
  let n = 0;
  describeSeasonStore(
    "SQLite file",
    async () => {
      path = join(dir, `store-${++n}.sqlite`);
      return openStore({ kind: "sqlite", path });
    },
    async () => rmSync(dir, { recursive: true, force: true }),
    { checksKeys: true, reopen: () => openStore({ kind: "sqlite", path }) },
  );
}

// PostgreSQL, in a database of the suite's own; skipped with a message when absent, a failure
// when required.
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
  describeSeasonStore(
    "PostgreSQL",
    async () => openStore({ kind: "postgres", url: await database.empty() }),
    () => database.drop(),
    { checksKeys: true, reopen: () => openStore({ kind: "postgres", url: database.url }) },
  );
});
