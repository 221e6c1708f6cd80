// Migration 010: the laps a race was scheduled for (Race.scheduledLaps), which rules on races cut
// short read. Nullable: existing races, and seasons that give none, have none. Frozen once
// released: change it in a new migration.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("races").addColumn("scheduled_laps", "integer").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("races").dropColumn("scheduled_laps").execute();
}
