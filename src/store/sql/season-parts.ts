// A season's rows cut into parts, so that a write touches only what changed: one part per setup
// table (classes, rounds, …, decisions) and one per race's classification (its results and
// result_drivers rows). Each part has a content hash; the history keeps every distinct part once
// (season_parts) and each version as a small manifest of part hashes, so importing one race adds
// that race's part and a manifest, not a copy of the whole season.
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { SeasonRows } from "./season-rows.js";
import type { SeasonsTable, SeriesTable } from "./store-database.js";
import { SEASON_ROW_TABLES } from "./store-database.js";

export type RowTable = (typeof SEASON_ROW_TABLES)[number];
type Row = Record<string, unknown>;

/** The tables of a race's classification part; the others are one part per table. */
export const RACE_TABLES = ["results", "result_drivers"] as const satisfies readonly RowTable[];
const RACE_PART = "race:";

/**
 * Each table's primary key past (season_id, version): how a row is told apart from its
 * predecessor when a part changes. Keep in step with migrations/001-seasons.ts.
 */
export const PRIMARY_KEYS: Readonly<Record<RowTable, readonly string[]>> = {
  classes: ["id"],
  rounds: ["key"],
  races: ["id"],
  teams: ["id"],
  team_aliases: ["team_id", "ordinal"],
  entries: ["id"],
  drivers: ["id"],
  driver_aliases: ["driver_id", "ordinal"],
  lineups: ["ordinal"],
  decisions: ["id"],
  results: ["race_id", "row_index"],
  result_drivers: ["race_id", "row_index", "ordinal"],
};

/** One part: its rows per table (season_id and version included, as written) and their hash. */
export interface SeasonPart {
  readonly key: string;
  readonly tables: Partial<Record<RowTable, readonly Row[]>>;
  readonly hash: string;
  /** The rows without season_id and version, as the history keeps them (JSON). */
  readonly json: string;
}

/** The season row and its series, as a manifest keeps them (no version: rows do not need it). */
export type SeasonHead = Omit<SeasonsTable, "version"> & { readonly series_name: string };

/** A version of a season as the history keeps it: its head and its parts' hashes, by key. */
export interface PartsManifest {
  readonly head: SeasonHead;
  readonly parts: readonly (readonly [key: string, hash: string])[];
}

const MANIFEST = "paddock-parts/1:";

export const isPartsManifest = (snapshot: string): boolean => snapshot.startsWith(MANIFEST);

export function encodeManifest(manifest: PartsManifest): string {
  return MANIFEST + JSON.stringify(manifest);
}

export function decodeManifest(snapshot: string): PartsManifest {
  return JSON.parse(snapshot.slice(MANIFEST.length)) as PartsManifest;
}

/** Whether a part key names a race's classification, and which race. */
export const raceOfPart = (key: string): string | undefined =>
  key.startsWith(RACE_PART) ? key.slice(RACE_PART.length) : undefined;

/**
 * A part's rows as compact JSON: per table the column names once, then each row's values.
 * season_id and version are left out, so a part's hash does not depend on them.
 */
function partJson(tables: Partial<Record<RowTable, readonly Row[]>>): string {
  const out: Record<string, { c: string[]; r: unknown[][] }> = {};
  for (const table of SEASON_ROW_TABLES) {
    const rows = tables[table];
    const first = rows?.[0];
    if (!rows || !first) continue;
    const columns = Object.keys(first).filter((c) => c !== "season_id" && c !== "version");
    out[table] = { c: columns, r: rows.map((row) => columns.map((c) => row[c] ?? null)) };
  }
  return JSON.stringify(out);
}

function part(key: string, tables: Partial<Record<RowTable, readonly Row[]>>): SeasonPart {
  const json = partJson(tables);
  return { key, tables, json, hash: createHash("sha256").update(json).digest("base64url") };
}

/** The season's rows cut into parts, in a fixed order: setup tables, then races as listed. */
export function seasonParts(rows: SeasonRows): SeasonPart[] {
  const parts: SeasonPart[] = [];
  for (const table of SEASON_ROW_TABLES)
    if (!(RACE_TABLES as readonly string[]).includes(table))
      parts.push(part(table, { [table]: rows[table] as unknown as readonly Row[] }));
  const byRace = new Map<string, { results: Row[]; result_drivers: Row[] }>();
  const raceRows = (raceId: string) => {
    let found = byRace.get(raceId);
    if (!found) byRace.set(raceId, (found = { results: [], result_drivers: [] }));
    return found;
  };
  for (const row of rows.results) raceRows(row.race_id).results.push(row as unknown as Row);
  for (const row of rows.result_drivers)
    raceRows(row.race_id).result_drivers.push(row as unknown as Row);
  for (const [raceId, tables] of byRace) parts.push(part(`${RACE_PART}${raceId}`, tables));
  return parts;
}

export function headOf(rows: SeasonRows): SeasonHead {
  const { version: _version, ...season } = rows.season;
  return { ...season, series_name: rows.series.name };
}

/** A part's JSON as stored: gzip (fast level) and base64, one text column in both databases. */
export const packPart = (json: string): string => gzipSync(json, { level: 1 }).toString("base64");

/** A stored part's rows, with season_id and version put back. */
export function unpackPart(
  data: string,
  seasonId: string,
  version: number,
): Partial<Record<RowTable, Row[]>> {
  const parsed = JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8")) as Record<
    string,
    { c: string[]; r: unknown[][] }
  >;
  const tables: Partial<Record<RowTable, Row[]>> = {};
  for (const [table, { c, r }] of Object.entries(parsed))
    tables[table as RowTable] = r.map((values) => {
      const row: Row = { season_id: seasonId, version };
      c.forEach((column, i) => (row[column] = values[i]));
      return row;
    });
  return tables;
}

/** The rows of a manifest's season from its parts' rows (lists in the order the store reads). */
export function rowsFromParts(
  head: SeasonHead,
  version: number,
  parts: readonly Partial<Record<RowTable, Row[]>>[],
): SeasonRows {
  const { series_name, ...season } = head;
  const series: SeriesTable = { id: season.series_id, name: series_name };
  const tables = Object.fromEntries(SEASON_ROW_TABLES.map((t) => [t, [] as Row[]])) as Record<
    RowTable,
    Row[]
  >;
  for (const p of parts)
    for (const table of SEASON_ROW_TABLES)
      for (const row of p[table] ?? []) tables[table].push(row);
  return {
    series,
    season: { ...season, version },
    ...(tables as unknown as Omit<SeasonRows, "series" | "season">),
  };
}

/** What writing a changed part means for one table: rows to insert, update and delete. */
export interface TableChanges {
  readonly inserts: Row[];
  readonly updates: Row[];
  readonly deletes: Row[];
}

const keyOf = (table: RowTable, row: Row): string =>
  PRIMARY_KEYS[table].map((c) => String(row[c])).join("\u0000");

/** Rows of `table` that differ between an old and a new part, by primary key. */
export function tableChanges(
  table: RowTable,
  before: readonly Row[],
  after: readonly Row[],
): TableChanges {
  const old = new Map(before.map((row) => [keyOf(table, row), row]));
  const changes: TableChanges = { inserts: [], updates: [], deletes: [] };
  for (const row of after) {
    const key = keyOf(table, row);
    const was = old.get(key);
    old.delete(key);
    if (!was) {
      changes.inserts.push(row);
      continue;
    }
    // A column a season writes only while some row uses it (rounds.short_name, decisions.entry_id)
    // may be left out of the new rows: the old row's value is then cleared, not kept. The row
    // itself gets the null (not a copy): the writer sets the version it is written as on it.
    const cleared = Object.keys(was).filter((c) => !(c in row) && (was[c] ?? null) !== null);
    for (const c of cleared) row[c] = null;
    if (cleared.length > 0) changes.updates.push(row);
    else if (Object.keys(row).some((c) => c !== "version" && !sameValue(row[c], was[c])))
      changes.updates.push(row);
  }
  changes.deletes.push(...old.values());
  return changes;
}

const sameValue = (a: unknown, b: unknown): boolean => a === b || (a ?? null) === (b ?? null);
