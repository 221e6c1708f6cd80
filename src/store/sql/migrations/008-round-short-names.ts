// Migration 008: a round's short venue label for standings headers (Round.shortName, "SEB"),
// where the season gives one. Nullable: existing rounds, and seasons that give none, derive it
// from the circuit. Frozen once released: change it in a new migration.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rounds").addColumn("short_name", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("rounds").dropColumn("short_name").execute();
}
