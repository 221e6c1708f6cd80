// Migration 006: the history keeps a season's parts once each. A write records its version as a
// manifest of part hashes (season_changes.snapshot) and adds only the parts no version had yet:
// importing one race stores that race, not the whole season again. Versions written before this
// keep their whole-season snapshots. No foreign key to seasons: the history outlives a season.
// Results rows count their ordinal within their race, and each race holds its place in the
// season's list of results (races.results_ordinal), so one race's rows never move another's.
// Frozen once released: change the schema in a new migration.
import { sql } from "kysely";
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("races").addColumn("results_ordinal", "integer").execute();
  // The race's place: where its first row stood in the season's list; rows then count from 0.
  await sql`update races set results_ordinal = (
      select min(r.ordinal) from results r
      where r.season_id = races.season_id and r.version = races.version and r.race_id = races.id)`.execute(
    db,
  );
  await sql`update results set ordinal = ordinal - (
      select rc.results_ordinal from races rc
      where rc.season_id = results.season_id and rc.version = results.version
        and rc.id = results.race_id)`.execute(db);
  await db.schema
    .createTable("season_parts")
    .addColumn("season_id", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    /** The part's rows: compact JSON, gzip, base64. */
    .addColumn("data", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("season_parts_pk", ["season_id", "hash"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update results set ordinal = ordinal + (
      select rc.results_ordinal from races rc
      where rc.season_id = results.season_id and rc.version = results.version
        and rc.id = results.race_id)`.execute(db);
  await db.schema.alterTable("races").dropColumn("results_ordinal").execute();
  await db.schema.dropTable("season_parts").execute();
}
