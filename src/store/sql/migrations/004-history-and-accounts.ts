// Migration 004: what race control needs beyond the seasons themselves.
// - races.results_status/published_at: provisional or official results; decisions.seconds/places:
//   time and position penalties.
// - season_changes: one row per written version of a season: who wrote it, when, what kind of
//   change and why, and a snapshot of the whole season as written (gzip, base64 text), so that any
//   past version can be read back and any two versions compared. The audit log is this table.
// - users, sessions, api_tokens, account_events: accounts, their logins and script tokens (secrets
//   only as hashes), and the audit of account changes.
// - import_mappings: column mappings of custom result files, saved per series for next time.
// Times are ISO-8601 text in UTC. Frozen once released: change the schema in a new migration.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A race's results are provisional until published official (existing rows: official).
  await db.schema
    .alterTable("races")
    .addColumn("results_status", "text", (c) => c.notNull().defaultTo("official"))
    .execute();
  await db.schema.alterTable("races").addColumn("published_at", "text").execute();
  // Time and position penalties: seconds added to a race time, places dropped.
  await db.schema.alterTable("decisions").addColumn("seconds", "text").execute();
  await db.schema.alterTable("decisions").addColumn("places", "integer").execute();

  // No foreign key to seasons: the history outlives a deleted season.
  await db.schema
    .createTable("season_changes")
    .addColumn("season_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("season_changes_pk", ["season_id", "version"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.notNull().primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("disabled_at", "text")
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.notNull().primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "text", (c) => c.notNull().primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_tokens_user_idx").on("api_tokens").column("user_id").execute();

  await db.schema
    .createTable("account_events")
    .addColumn("id", "text", (c) => c.notNull().primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("detail", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("account_events_at_idx").on("account_events").column("at").execute();

  await db.schema
    .createTable("import_mappings")
    .addColumn("series_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("mapping", "text", (c) => c.notNull())
    .addColumn("saved_by", "text", (c) => c.notNull())
    .addColumn("saved_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("import_mappings_pk", ["series_id", "name"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "import_mappings",
    "account_events",
    "api_tokens",
    "sessions",
    "users",
    "season_changes",
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable("decisions").dropColumn("places").execute();
  await db.schema.alterTable("decisions").dropColumn("seconds").execute();
  await db.schema.alterTable("races").dropColumn("published_at").execute();
  await db.schema.alterTable("races").dropColumn("results_status").execute();
}
