// Migration 003: the citation text of the bundles' `source` columns (entries, line-ups, results,
// decisions), which the first schema did not keep. Existing rows get an empty citation.
import type { Kysely } from "kysely";

const TABLES = ["entries", "lineups", "results", "decisions"] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES)
    await db.schema
      .alterTable(table)
      .addColumn("citation", "text", (c) => c.notNull().defaultTo(""))
      .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn("citation").execute();
}
