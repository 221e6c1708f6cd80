// Migration 002: indexes behind the foreign keys of the tables that grow with a season (results,
// their drivers, entries, line-ups). Neither database indexes a referencing column by itself, and
// without these, replacing a season checks each deleted driver, entry or team against every
// result row of the season in turn. Each index leads with the referencing column, so that
// (season_id, version) starts the primary key only: before its first ANALYZE a table has no
// statistics, and PostgreSQL may take any index on that prefix to check a result row's drivers,
// reading every driver row of the season for each. (Decisions are few: their primary key serves.)
import type { Kysely } from "kysely";

const INDEXES: readonly { name: string; table: string; columns: string[] }[] = [
  { name: "seasons_series_idx", table: "seasons", columns: ["series_id"] },
  { name: "races_round_idx", table: "races", columns: ["round_number", "season_id", "version"] },
  { name: "entries_class_idx", table: "entries", columns: ["class_id", "season_id", "version"] },
  { name: "entries_team_idx", table: "entries", columns: ["team_id", "season_id", "version"] },
  { name: "lineups_entry_idx", table: "lineups", columns: ["entry_id", "season_id", "version"] },
  { name: "lineups_driver_idx", table: "lineups", columns: ["driver_id", "season_id", "version"] },
  { name: "results_class_idx", table: "results", columns: ["class_id", "season_id", "version"] },
  { name: "results_team_idx", table: "results", columns: ["team_id", "season_id", "version"] },
  { name: "results_entry_idx", table: "results", columns: ["entry_id", "season_id", "version"] },
  {
    name: "result_drivers_driver_idx",
    table: "result_drivers",
    columns: ["driver_id", "season_id", "version"],
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of INDEXES)
    await db.schema.createIndex(index.name).on(index.table).columns(index.columns).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
}
