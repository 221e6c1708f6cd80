// Migration 001: the season tables. Portable column types only (text and integer; see
// ../store-database.ts for what each holds). Every row of a season is keyed first by
// (season_id, version): the season and the version it was written as. A replacement thus writes
// fresh keys rather than reusing the ones it deleted, which PostgreSQL would otherwise check
// against every deleted copy until VACUUM. Every reference is a declared foreign key; one with a
// NULL part (a result without an entry) is not checked, as both databases' MATCH SIMPLE says.
// Frozen once released: change the schema in a new numbered migration, never here.
import type { Kysely } from "kysely";

/** The key every row of a season starts with. */
const K = ["season_id", "version"] as const;

function seasonTable(db: Kysely<unknown>, name: string) {
  return db.schema
    .createTable(name)
    .addColumn("season_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull());
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("series")
    .addColumn("id", "text", (c) => c.notNull().primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("seasons")
    .addColumn("id", "text", (c) => c.notNull().primaryKey())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("series_id", "text", (c) => c.notNull().references("series.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("provenance", "text", (c) => c.notNull())
    .addColumn("rules_document", "text", (c) => c.notNull())
    .addUniqueConstraint("seasons_version_unique", ["id", "version"])
    .execute();

  // No foreign key: the version outlives a deleted season so that it is never reused.
  await db.schema
    .createTable("season_versions")
    .addColumn("season_id", "text", (c) => c.notNull().primaryKey())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();

  await seasonTable(db, "classes")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("championship", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("classes_pk", [...K, "id"])
    .addForeignKeyConstraint("classes_season_fk", [...K], "seasons", ["id", "version"])
    .execute();

  await seasonTable(db, "rounds")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("number", "integer")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("circuit", "text", (c) => c.notNull())
    .addColumn("date", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("rounds_pk", [...K, "key"])
    .addUniqueConstraint("rounds_number_unique", [...K, "number"])
    .addForeignKeyConstraint("rounds_season_fk", [...K], "seasons", ["id", "version"])
    .execute();

  await seasonTable(db, "races")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("round_number", "integer", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("running_order", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("races_pk", [...K, "id"])
    .addForeignKeyConstraint("races_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("races_round_fk", [...K, "round_number"], "rounds", [...K, "number"])
    .execute();

  await seasonTable(db, "teams")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("nationality", "text")
    .addPrimaryKeyConstraint("teams_pk", [...K, "id"])
    .addForeignKeyConstraint("teams_season_fk", [...K], "seasons", ["id", "version"])
    .execute();

  await seasonTable(db, "team_aliases")
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("alias", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("team_aliases_pk", [...K, "team_id", "ordinal"])
    .addForeignKeyConstraint("team_aliases_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("team_aliases_team_fk", [...K, "team_id"], "teams", [...K, "id"])
    .execute();

  await seasonTable(db, "entries")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("number", "text")
    .addColumn("class_id", "text", (c) => c.notNull())
    .addColumn("team_id", "text", (c) => c.notNull())
    .addColumn("chassis", "text", (c) => c.notNull())
    .addColumn("engine", "text", (c) => c.notNull())
    .addColumn("tyre", "text", (c) => c.notNull())
    .addColumn("manufacturer", "text")
    .addColumn("rounds", "text")
    .addColumn("points_eligible", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("source_file", "text")
    .addColumn("source_line", "integer")
    .addPrimaryKeyConstraint("entries_pk", [...K, "id"])
    .addForeignKeyConstraint("entries_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("entries_class_fk", [...K, "class_id"], "classes", [...K, "id"])
    .addForeignKeyConstraint("entries_team_fk", [...K, "team_id"], "teams", [...K, "id"])
    .execute();

  await seasonTable(db, "drivers")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("nationality", "text")
    .addPrimaryKeyConstraint("drivers_pk", [...K, "id"])
    .addForeignKeyConstraint("drivers_season_fk", [...K], "seasons", ["id", "version"])
    .execute();

  await seasonTable(db, "driver_aliases")
    .addColumn("driver_id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("alias", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("driver_aliases_pk", [...K, "driver_id", "ordinal"])
    .addForeignKeyConstraint("driver_aliases_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("driver_aliases_driver_fk", [...K, "driver_id"], "drivers", [
      ...K,
      "id",
    ])
    .execute();

  await seasonTable(db, "lineups")
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("entry_id", "text", (c) => c.notNull())
    .addColumn("driver_id", "text", (c) => c.notNull())
    .addColumn("rounds", "text")
    .addColumn("not_started", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("source_file", "text")
    .addColumn("source_line", "integer")
    .addPrimaryKeyConstraint("lineups_pk", [...K, "ordinal"])
    .addForeignKeyConstraint("lineups_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("lineups_entry_fk", [...K, "entry_id"], "entries", [...K, "id"])
    .addForeignKeyConstraint("lineups_driver_fk", [...K, "driver_id"], "drivers", [...K, "id"])
    .execute();

  await seasonTable(db, "results")
    .addColumn("race_id", "text", (c) => c.notNull())
    .addColumn("row_index", "integer", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("position", "integer")
    .addColumn("class_position", "integer")
    .addColumn("class_id", "text")
    .addColumn("number", "text")
    .addColumn("team_id", "text")
    .addColumn("entry_id", "text")
    .addColumn("chassis", "text", (c) => c.notNull())
    .addColumn("engine", "text", (c) => c.notNull())
    .addColumn("tyre", "text", (c) => c.notNull())
    .addColumn("laps", "integer")
    .addColumn("time", "text")
    .addColumn("gap", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("pole", "integer", (c) => c.notNull())
    .addColumn("fastest_lap", "integer", (c) => c.notNull())
    .addColumn("laps_led", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("source_file", "text")
    .addColumn("source_line", "integer")
    .addPrimaryKeyConstraint("results_pk", [...K, "race_id", "row_index"])
    .addForeignKeyConstraint("results_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("results_race_fk", [...K, "race_id"], "races", [...K, "id"])
    .addForeignKeyConstraint("results_class_fk", [...K, "class_id"], "classes", [...K, "id"])
    .addForeignKeyConstraint("results_team_fk", [...K, "team_id"], "teams", [...K, "id"])
    .addForeignKeyConstraint("results_entry_fk", [...K, "entry_id"], "entries", [...K, "id"])
    .execute();

  await seasonTable(db, "result_drivers")
    .addColumn("race_id", "text", (c) => c.notNull())
    .addColumn("row_index", "integer", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("driver_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("result_drivers_pk", [...K, "race_id", "row_index", "ordinal"])
    .addForeignKeyConstraint("result_drivers_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint(
      "result_drivers_result_fk",
      [...K, "race_id", "row_index"],
      "results",
      [...K, "race_id", "row_index"],
    )
    .addForeignKeyConstraint("result_drivers_driver_fk", [...K, "driver_id"], "drivers", [
      ...K,
      "id",
    ])
    .execute();

  await seasonTable(db, "decisions")
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ordinal", "integer", (c) => c.notNull())
    .addColumn("date", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("race_id", "text")
    .addColumn("round_number", "integer")
    .addColumn("class_id", "text")
    .addColumn("number", "text")
    .addColumn("team_id", "text")
    .addColumn("driver_id", "text")
    .addColumn("manufacturer", "text")
    .addColumn("championship_id", "text")
    .addColumn("points", "text")
    .addColumn("upto_round", "integer")
    .addColumn("overturns", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("source_file", "text")
    .addColumn("source_line", "integer")
    .addPrimaryKeyConstraint("decisions_pk", [...K, "id"])
    .addForeignKeyConstraint("decisions_season_fk", [...K], "seasons", ["id", "version"])
    .addForeignKeyConstraint("decisions_race_fk", [...K, "race_id"], "races", [...K, "id"])
    .addForeignKeyConstraint("decisions_round_fk", [...K, "round_number"], "rounds", [
      ...K,
      "number",
    ])
    .addForeignKeyConstraint("decisions_upto_round_fk", [...K, "upto_round"], "rounds", [
      ...K,
      "number",
    ])
    .addForeignKeyConstraint("decisions_class_fk", [...K, "class_id"], "classes", [...K, "id"])
    .addForeignKeyConstraint("decisions_team_fk", [...K, "team_id"], "teams", [...K, "id"])
    .addForeignKeyConstraint("decisions_driver_fk", [...K, "driver_id"], "drivers", [...K, "id"])
    .addForeignKeyConstraint("decisions_overturns_fk", [...K, "overturns"], "decisions", [
      ...K,
      "id",
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "decisions",
    "result_drivers",
    "results",
    "lineups",
    "driver_aliases",
    "drivers",
    "entries",
    "team_aliases",
    "teams",
    "races",
    "rounds",
    "classes",
    "season_versions",
    "seasons",
    "series",
  ])
    await db.schema.dropTable(table).execute();
}
