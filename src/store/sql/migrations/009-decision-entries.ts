// Migration 009: the entry a stewards' decision concerns (DecisionTarget.entryId), where two cars
// carried one number in a race (a car swap, a reserve car): the decision then applies to that
// entry's results only. Nullable: existing decisions, and decisions naming no entry, have none.
// Frozen once released: change it in a new migration.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("decisions").addColumn("entry_id", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("decisions").dropColumn("entry_id").execute();
}
