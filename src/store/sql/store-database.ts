// The tables of the SQL store as Kysely sees them: one interface per table, one property per
// column. The same portable column types serve SQLite and PostgreSQL:
// - ids, names and every other string: text, stored exactly as given ("" and NULL stay apart);
// - counts, positions, laps, round numbers, line numbers: integer;
// - booleans: integer 0 or 1 (SQLite has no boolean type);
// - dates: ISO-8601 text ("2003-03-15"), so both databases compare and sort them the same way;
// - points: the canonical text of formatPoints() ("10", "12.5", "100/3"), read back with
//   parsePoints(). A float would drift and an integer column could not hold a third of a point;
// - short lists of round numbers: a JSON array as text ("[1,2,3]"), NULL for "the whole season";
// - the season's provenance notes and the rules document: JSON text, stored as written.
// Every list of a season keeps its order in an `ordinal` column (0, 1, 2, … as put), and every
// row of a season is keyed first by (season_id, version): see migrations/001-seasons.ts.
// Keep this file, migrations/ and docs/storage.md in step.

export interface SeriesTable {
  id: string;
  name: string;
}

export interface SeasonsTable {
  id: string;
  /** The version this content was written as; every row of the season carries it in its key. */
  version: number;
  series_id: string;
  year: number;
  name: string;
  /** JSON array of strings. */
  provenance: string;
  /** The points-rules document as written, JSON. */
  rules_document: string;
}

/**
 * The season's current version, for listings and ETags: bumped by every write of the season (and
 * by a rename of its series), and kept when the season is deleted so no version is ever reused.
 */
export interface SeasonVersionsTable {
  season_id: string;
  version: number;
}

export interface ClassesTable {
  season_id: string;
  version: number;
  id: string;
  ordinal: number;
  name: string;
  championship: number;
}

export interface RoundsTable {
  season_id: string;
  version: number;
  key: string;
  ordinal: number;
  number: number | null;
  name: string;
  circuit: string;
  /** Migration 008; null: derived from the circuit for display. Absent from rows written when
   * no round of the season has one. */
  short_name?: string | null;
  date: string | null;
  status: string;
  note: string;
}

export interface RacesTable {
  season_id: string;
  version: number;
  id: string;
  round_number: number;
  /** Place in its round's list of races. */
  ordinal: number;
  /** Race.order: the running order within the round. */
  running_order: number;
  name: string;
  /** "provisional" or "official" (migration 004; rows from before it are official). */
  results_status: string;
  /** ISO-8601 time the results were published official, where known. */
  published_at: string | null;
  /**
   * The race's place in the season's list of results, race by race (migration 006); null for a
   * race without results. Its results rows' ordinal counts within the race.
   */
  results_ordinal: number | null;
  /** Race.scheduledLaps (migration 010); written only for seasons that give one. */
  scheduled_laps?: number | null;
}

export interface TeamsTable {
  season_id: string;
  version: number;
  id: string;
  ordinal: number;
  name: string;
  nationality: string | null;
}

export interface TeamAliasesTable {
  season_id: string;
  version: number;
  team_id: string;
  ordinal: number;
  alias: string;
}

export interface EntriesTable {
  season_id: string;
  version: number;
  id: string;
  ordinal: number;
  number: string | null;
  class_id: string;
  team_id: string;
  chassis: string;
  engine: string;
  tyre: string;
  manufacturer: string | null;
  /** JSON array of round numbers; NULL for the whole season. */
  rounds: string | null;
  points_eligible: number;
  note: string;
  /** The bundle's `source` column (migration 003). */
  citation: string;
  source_file: string | null;
  source_line: number | null;
}

export interface DriversTable {
  season_id: string;
  version: number;
  id: string;
  ordinal: number;
  name: string;
  nationality: string | null;
}

export interface DriverAliasesTable {
  season_id: string;
  version: number;
  driver_id: string;
  ordinal: number;
  alias: string;
}

export interface LineupsTable {
  season_id: string;
  version: number;
  ordinal: number;
  entry_id: string;
  driver_id: string;
  /** JSON array of round numbers; NULL where the source does not say. */
  rounds: string | null;
  /** JSON array of round numbers. */
  not_started: string;
  note: string;
  /** The bundle's `source` column (migration 003). */
  citation: string;
  source_file: string | null;
  source_line: number | null;
}

export interface ResultsTable {
  season_id: string;
  version: number;
  race_id: string;
  /** ResultRow.index: the row's place in its classification. */
  row_index: number;
  /** The row's place in its race's results (migration 006; before it, in the season's). */
  ordinal: number;
  position: number | null;
  class_position: number | null;
  class_id: string | null;
  number: string | null;
  team_id: string | null;
  entry_id: string | null;
  chassis: string;
  engine: string;
  tyre: string;
  laps: number | null;
  time: string | null;
  gap: string | null;
  status: string;
  pole: number;
  fastest_lap: number;
  /** ResultRow.bestLap, as formatRaceTime writes it ("1:47.123"); NULL where none (migration 005). */
  best_lap: string | null;
  /** ResultRow.bestLapNumber: the lap the best lap was set on (migration 005). */
  best_lap_number: number | null;
  laps_led: number;
  /*
   * A result's own facts (migration 007). Optional: a season none of whose results has one is
   * written without them (NULL in the table), so its stored parts keep their hashes.
   */
  /** ResultRow.fastestLapDriverId: the driver of the car who set its fastest lap. */
  fastest_lap_driver_id?: string | null;
  /** ResultRow.driverShares: ";"-separated exact points, one per driver in order ("1;0"). */
  driver_shares?: string | null;
  /** ResultRow.ineligible: "moveUp" or "unawarded". */
  ineligible?: string | null;
  note: string;
  /** The bundle's `source` column (migration 003). */
  citation: string;
  source_file: string | null;
  source_line: number | null;
}

export interface ResultDriversTable {
  season_id: string;
  version: number;
  race_id: string;
  row_index: number;
  ordinal: number;
  driver_id: string;
}

export interface DecisionsTable {
  season_id: string;
  version: number;
  id: string;
  ordinal: number;
  date: string | null;
  kind: string;
  race_id: string | null;
  round_number: number | null;
  class_id: string | null;
  number: string | null;
  team_id: string | null;
  /** Migration 009: the entry a race decision concerns. Absent from rows written when no
   * decision of the season names one. */
  entry_id?: string | null;
  driver_id: string | null;
  manufacturer: string | null;
  championship_id: string | null;
  /** Canonical points text (formatPoints). */
  points: string | null;
  /** Time penalty: seconds added to the race time, as decimal text (migration 004). */
  seconds: string | null;
  /** Position penalty: places dropped (migration 004). */
  places: number | null;
  upto_round: number | null;
  overturns: string | null;
  reason: string;
  /** The bundle's `source` column (migration 003). */
  citation: string;
  source_file: string | null;
  source_line: number | null;
}

/** One written version of a season (migration 004): the audit log and the season's history. */
export interface SeasonChangesTable {
  season_id: string;
  version: number;
  /** ISO-8601 UTC time of the write. */
  at: string;
  /** Username of who wrote it ("paddock" for the shipped data). */
  actor: string;
  action: string;
  reason: string;
  summary: string;
  /**
   * The season as written: a manifest of its parts (season_parts; from migration 006), or before
   * that the whole season as JSON, gzip-compressed, base64 text; "" for a deletion.
   */
  snapshot: string;
}

/** A part of a season's rows as some version had it (migration 006), kept once per content. */
export interface SeasonPartsTable {
  season_id: string;
  /** SHA-256 (base64url) of the part's JSON. */
  hash: string;
  /** The part's rows: compact JSON, gzip-compressed, base64 text. */
  data: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** "admin" (organiser) or "steward". */
  role: string;
  /** scrypt$N$r$p$salt$hash */
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the session id the cookie holds; the id itself is never stored. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token is shown once and never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AccountEventsTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** JSON text. */
  detail: string;
}

export interface ImportMappingsTable {
  series_id: string;
  name: string;
  /** JSON text of the column mapping. */
  mapping: string;
  saved_by: string;
  saved_at: string;
}

export interface StoreDatabase {
  season_changes: SeasonChangesTable;
  season_parts: SeasonPartsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  account_events: AccountEventsTable;
  import_mappings: ImportMappingsTable;
  series: SeriesTable;
  seasons: SeasonsTable;
  season_versions: SeasonVersionsTable;
  classes: ClassesTable;
  rounds: RoundsTable;
  races: RacesTable;
  teams: TeamsTable;
  team_aliases: TeamAliasesTable;
  entries: EntriesTable;
  drivers: DriversTable;
  driver_aliases: DriverAliasesTable;
  lineups: LineupsTable;
  results: ResultsTable;
  result_drivers: ResultDriversTable;
  decisions: DecisionsTable;
}

/**
 * The tables of one season's rows, each after every table it refers to: the order to insert
 * them in. Deletes go in the reverse order.
 */
export const SEASON_ROW_TABLES = [
  "classes",
  "rounds",
  "races",
  "teams",
  "team_aliases",
  "entries",
  "drivers",
  "driver_aliases",
  "lineups",
  "decisions",
  "results",
  "result_drivers",
] as const satisfies readonly (keyof StoreDatabase)[];
