// Migration 005: each result row's best lap (ResultRow.bestLap: the canonical text of
// formatRaceTime, "1:47.123") and the lap it was set on. Both nullable: existing rows, and
// sources that do not give them, have none. Frozen once released: change it in a new migration.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("results").addColumn("best_lap", "text").execute();
  await db.schema.alterTable("results").addColumn("best_lap_number", "integer").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("results").dropColumn("best_lap_number").execute();
  await db.schema.alterTable("results").dropColumn("best_lap").execute();
}
