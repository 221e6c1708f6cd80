// Migration 007: a result's own facts (issue 10): the driver who set a shared car's fastest lap
// (ResultRow.fastestLapDriverId), the stated split of its points between its drivers
// (driverShares, as ";"-separated exact points text in driver order, "1;0", "1/2;1/2"), and a
// result declared ineligible with its effect ("moveUp" or "unawarded"). All nullable: existing
// rows, and results without these facts, have none. The entry of a result was stored already
// (results.entry_id). Frozen once released: change it in a new migration.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("results").addColumn("fastest_lap_driver_id", "text").execute();
  await db.schema.alterTable("results").addColumn("driver_shares", "text").execute();
  await db.schema.alterTable("results").addColumn("ineligible", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("results").dropColumn("ineligible").execute();
  await db.schema.alterTable("results").dropColumn("driver_shares").execute();
  await db.schema.alterTable("results").dropColumn("fastest_lap_driver_id").execute();
}
