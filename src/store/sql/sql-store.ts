// The SQL store: one query layer (Kysely) over SQLite and PostgreSQL. What differs between them
// lives in the dialect files as capability flags; nothing here asks which database it talks to.
// Values always travel as bind parameters; no SQL text is built from data.
import { Kysely } from "kysely";
import { CompiledQuery, sql } from "kysely";
import type { Insertable, LogConfig, Selectable, Transaction } from "kysely";
import { UNATTRIBUTED, VersionConflictError } from "../season-store.js";
import type {
  LoadedSeason,
  SeasonChange,
  SavedMapping,
  SeasonChangeRecord,
  SeasonStore,
  SeasonSummary,
  StoredSeason,
  VersionedSeason,
} from "../season-store.js";
import { decodeSnapshot } from "../season-snapshot.js";
import { bySeriesAndYear, summarize, validatedRules } from "../stored-season.js";
import { migrate } from "./migrate.js";
import type { MigrationReport } from "./migrate.js";
import {
  PRIMARY_KEYS,
  RACE_TABLES,
  decodeManifest,
  encodeManifest,
  headOf,
  isPartsManifest,
  packPart,
  raceOfPart,
  rowsFromParts,
  seasonParts,
  tableChanges,
  unpackPart,
} from "./season-parts.js";
import type { RowTable, SeasonPart, TableChanges } from "./season-parts.js";
import { seasonFromRows, seasonToRows } from "./season-rows.js";
import type { SeasonRows } from "./season-rows.js";
import type { SqlCapabilities, SqlDialect } from "./sql-dialect.js";
import { SEASON_ROW_TABLES } from "./store-database.js";
import type { StoreDatabase } from "./store-database.js";

/** Rows per INSERT at most, whatever the parameter limit allows: big enough to need few trips. */
const MAX_ROWS_PER_INSERT = 1000;

type Db = Kysely<StoreDatabase>;
type Trx = Transaction<StoreDatabase>;

export class SqlStore implements SeasonStore {
  private constructor(
    /** The query layer, for the other stores sharing this database (accounts). */
    readonly db: Db,
    private readonly capabilities: SqlCapabilities,
    /** What opening the store migrated. */
    readonly migrations: MigrationReport,
    /** The query log asked for, told of the statements that bypass Kysely (insertRows). */
    private readonly log?: LogConfig,
  ) {}

  /** Opens a store on the dialect's database and brings its schema up to date. */
  static async open(dialect: SqlDialect, options: { log?: LogConfig } = {}): Promise<SqlStore> {
    const db = new Kysely<StoreDatabase>({
      dialect: dialect.kysely,
      ...(options.log ? { log: options.log } : {}),
    });
    try {
      const report = await migrate(db as unknown as Kysely<unknown>);
      return new SqlStore(db, dialect.capabilities, report, options.log);
    } catch (e) {
      await db.destroy();
      throw e;
    }
  }

  async listSeasons(): Promise<SeasonSummary[]> {
    const rows = await this.db
      .selectFrom("seasons as s")
      .innerJoin("series as sr", "sr.id", "s.series_id")
      .innerJoin("season_versions as v", "v.season_id", "s.id")
      .select((eb) => [
        "s.id",
        "s.series_id",
        "sr.name as series_name",
        "s.year",
        "s.name",
        "v.version",
        eb
          .selectFrom("rounds as r")
          .whereRef("r.season_id", "=", "s.id")
          .where("r.number", "is not", null)
          .select((sub) => sub.cast<number>(sub.fn.countAll(), "integer").as("n"))
          .as("rounds"),
        eb
          .selectFrom("rounds as r")
          .whereRef("r.season_id", "=", "s.id")
          .where("r.number", "is not", null)
          .where("r.status", "=", "completed")
          .select((sub) => sub.cast<number>(sub.fn.countAll(), "integer").as("n"))
          .as("completed_rounds"),
      ])
      .execute();
    return rows
      .map((r): SeasonSummary => ({
        id: r.id,
        seriesId: r.series_id,
        seriesName: r.series_name,
        year: r.year,
        name: r.name,
        rounds: r.rounds ?? 0,
        completedRounds: r.completed_rounds ?? 0,
        version: String(r.version),
      }))
      .sort(bySeriesAndYear);
  }

  async getSeason(id: string): Promise<VersionedSeason | undefined> {
    let read = this.db.transaction().setAccessMode("read only");
    if (this.capabilities.snapshotIsolation)
      read = read.setIsolationLevel(this.capabilities.snapshotIsolation);
    const read2 = await read.execute(async (trx) => {
      const rows = await readSeasonRows(trx, id);
      const listed = await trx
        .selectFrom("season_versions")
        .select("version")
        .where("season_id", "=", id)
        .executeTakeFirst();
      return rows && listed ? { rows, version: String(listed.version) } : undefined;
    });
    if (!read2) return undefined;
    const stored = seasonFromRows(read2.rows);
    // Checked on the way in as well; checked again because the rules' format may have moved on.
    return { ...stored, rules: validatedRules(stored), version: read2.version };
  }

  async putSeason(
    stored: StoredSeason,
    change: SeasonChange = UNATTRIBUTED,
  ): Promise<SeasonSummary> {
    validatedRules(stored);
    const id = stored.season.id;
    // Rows, parts and their hashes before the transaction opens, so the write holds its locks
    // for less time; the version the rows carry is set once the transaction knows it.
    const rows = seasonToRows(stored, 0);
    const parts = seasonParts(rows);
    const manifest = encodeManifest({
      head: headOf(rows),
      parts: parts.map((p) => [p.key, p.hash] as const),
    });
    const at = change.at ?? new Date().toISOString();
    const version = await this.db.transaction().execute(async (trx) => {
      // First, as it takes the season's row lock: writers of one season go one at a time.
      const { version } = await trx
        .insertInto("season_versions")
        .values({ season_id: id, version: 1 })
        .onConflict((oc) =>
          oc
            .column("season_id")
            .doUpdateSet((eb) => ({ version: eb("season_versions.version", "+", 1) })),
        )
        .returning("version")
        .executeTakeFirstOrThrow();
      const previous = await trx
        .selectFrom("seasons")
        .select(["series_id", "version"])
        .where("id", "=", id)
        .executeTakeFirst();
      // The listed version is season_versions' (a series rename bumps it): the one before ours.
      checkExpected(id, change, previous ? version - 1 : undefined);
      const before = previous ? await currentParts(trx, id) : undefined;
      await this.putSeries(trx, rows);
      // Rows keep the version they were first written as while only parts of them change.
      const changed =
        previous &&
        before &&
        (await this.writeChangedParts(trx, id, previous.version, rows, parts, before));
      if (!changed) {
        setVersion(rows, version);
        if (previous) await deleteSeasonRows(trx, id, previous.version);
        await trx.insertInto("seasons").values(rows.season).execute();
        for (const table of SEASON_ROW_TABLES) await this.insertAll(trx, table, rows[table]);
      }
      await storeParts(trx, id, parts, before);
      await recordChange(trx, id, version, at, change, manifest);
      if (previous && previous.series_id !== rows.series.id)
        await deleteSeriesIfUnused(trx, previous.series_id);
      return version;
    });
    return summarize(stored, String(version));
  }

  /**
   * Writes only the parts that differ from the rows as they are (`before`: their hashes by part
   * key), keeping the rows' version `kept`. False, with nothing written, when the change needs
   * the whole season rewritten (a round renumbered: round numbers are keys other rows refer to).
   */
  private async writeChangedParts(
    trx: Trx,
    id: string,
    kept: number,
    rows: SeasonRows,
    parts: readonly SeasonPart[],
    before: ReadonlyMap<string, string>,
  ): Promise<boolean> {
    const changedParts = parts.filter((p) => before.get(p.key) !== p.hash);
    const keys = new Set(parts.map((p) => p.key));
    const goneRaces = [...before.keys()].filter((k) => !keys.has(k)).map(raceOfPart);
    // A setup table that vanished from the parts (cannot happen today): rewrite everything.
    if (goneRaces.some((raceId) => raceId === undefined)) return false;
    const changedSetup = changedParts.filter((p) => raceOfPart(p.key) === undefined);
    const oldRows = await partRows(
      trx,
      id,
      kept,
      changedSetup.flatMap((p) => {
        const hash = before.get(p.key);
        return hash === undefined ? [] : [hash];
      }),
    );
    const changes = new Map<RowTable, TableChanges>();
    for (const p of changedSetup) {
      const table = p.key as RowTable;
      const was = oldRows.get(before.get(p.key) ?? "")?.[table] ?? [];
      changes.set(table, tableChanges(table, was, p.tables[table] ?? []));
    }
    const renumbered = changes
      .get("rounds")
      ?.updates.some((r) =>
        (oldRows.get(before.get("rounds") ?? "")?.rounds ?? []).some(
          (o) => o.key === r.key && o.number !== r.number,
        ),
      );
    if (renumbered) return false;

    setVersion(rows, kept);
    // Races whose classification changed or went: their rows out first (nothing refers to them).
    const racesOut = [
      ...changedParts.flatMap((p) => {
        const raceId = raceOfPart(p.key);
        return raceId !== undefined && before.has(p.key) ? [raceId] : [];
      }),
      ...(goneRaces as string[]),
    ];
    for (const table of [...RACE_TABLES].reverse())
      for (const raceId of racesOut)
        await trx
          .deleteFrom(table)
          .where("season_id", "=", id)
          .where("version", "=", kept)
          .where("race_id", "=", raceId)
          .execute();
    const { id: _id, version: _version, ...head } = rows.season;
    await trx
      .updateTable("seasons")
      .set(head)
      .where("id", "=", id)
      .where("version", "=", kept)
      .execute();
    // Parents before children: inserts and updates in table order, deletions in reverse.
    for (const table of SEASON_ROW_TABLES) {
      const tableChange = changes.get(table);
      if (!tableChange) continue;
      await this.insertAll(trx, table, tableChange.inserts as never);
      for (const row of tableChange.updates) await updateRow(trx, table, row);
    }
    for (const table of RACE_TABLES)
      for (const p of changedParts)
        if (raceOfPart(p.key) !== undefined)
          await this.insertAll(trx, table, (p.tables[table] ?? []) as never);
    for (const table of [...SEASON_ROW_TABLES].reverse())
      for (const row of changes.get(table)?.deletes ?? []) await deleteRow(trx, table, row);
    return true;
  }

  async deleteSeason(id: string, change: SeasonChange = UNATTRIBUTED): Promise<boolean> {
    const at = change.at ?? new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      // Bumping the version takes the row lock a concurrent put of this season waits on.
      const bumped = await trx
        .updateTable("season_versions")
        .set((eb) => ({ version: eb("version", "+", 1) }))
        .where("season_id", "=", id)
        .returning("version")
        .executeTakeFirst();
      const previous = await trx
        .selectFrom("seasons")
        .select(["series_id", "version"])
        .where("id", "=", id)
        .executeTakeFirst();
      checkExpected(id, change, previous && bumped ? bumped.version - 1 : undefined);
      if (!previous || !bumped) return false;
      await deleteSeasonRows(trx, id, previous.version);
      await recordChange(trx, id, bumped.version, at, change, "");
      await deleteSeriesIfUnused(trx, previous.series_id);
      return true;
    });
  }

  async listChanges(seasonId: string): Promise<SeasonChangeRecord[]> {
    const rows = await this.db
      .selectFrom("season_changes")
      .select(["season_id", "version", "at", "actor", "action", "reason", "summary"])
      .where("season_id", "=", seasonId)
      .orderBy("version", "desc")
      .execute();
    return rows.map((r) => ({
      seasonId: r.season_id,
      version: String(r.version),
      at: r.at,
      actor: r.actor,
      action: r.action,
      reason: r.reason,
      summary: r.summary,
    }));
  }

  async getSeasonVersion(seasonId: string, version: string): Promise<LoadedSeason | undefined> {
    if (!/^\d+$/.test(version)) return undefined;
    const row = await this.db
      .selectFrom("season_changes")
      .select("snapshot")
      .where("season_id", "=", seasonId)
      .where("version", "=", Number(version))
      .executeTakeFirst();
    if (!row || row.snapshot === "") return undefined;
    let stored: StoredSeason;
    if (isPartsManifest(row.snapshot)) {
      const manifest = decodeManifest(row.snapshot);
      const hashes = manifest.parts.map(([, hash]) => hash);
      const found = await partRows(this.db, seasonId, Number(version), hashes);
      const parts = hashes.map((hash) => {
        const rows = found.get(hash);
        if (!rows)
          throw new Error(`season ${seasonId} version ${version}: part ${hash} is missing`);
        return rows;
      });
      stored = seasonFromRows(rowsFromParts(manifest.head, Number(version), parts));
    } else stored = decodeSnapshot(row.snapshot);
    return { ...stored, rules: validatedRules(stored) };
  }

  async listImportMappings(seriesId: string): Promise<SavedMapping[]> {
    const rows = await this.db
      .selectFrom("import_mappings")
      .selectAll()
      .where("series_id", "=", seriesId)
      .orderBy("name")
      .execute();
    return rows.map((r) => ({
      seriesId: r.series_id,
      name: r.name,
      mapping: JSON.parse(r.mapping) as unknown,
      savedBy: r.saved_by,
      savedAt: r.saved_at,
    }));
  }

  async saveImportMapping(m: SavedMapping): Promise<void> {
    const values = {
      series_id: m.seriesId,
      name: m.name,
      mapping: JSON.stringify(m.mapping),
      saved_by: m.savedBy,
      saved_at: m.savedAt,
    };
    await this.db
      .insertInto("import_mappings")
      .values(values)
      .onConflict((oc) =>
        oc.columns(["series_id", "name"]).doUpdateSet({
          mapping: values.mapping,
          saved_by: values.saved_by,
          saved_at: values.saved_at,
        }),
      )
      .execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * A series is one row its seasons share: a season that renames it renames it for all of them,
   * so their versions change too (a cached copy of another season would show the old name).
   */
  private async putSeries(trx: Trx, rows: SeasonRows): Promise<void> {
    const { id, name } = rows.series;
    // Insert-or-nothing first, so two seasons bringing the same new series do not collide.
    await trx
      .insertInto("series")
      .values({ id, name })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const known = await trx
      .selectFrom("series")
      .select("name")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    if (known.name === name) return;
    await trx.updateTable("series").set({ name }).where("id", "=", id).execute();
    await trx
      .updateTable("season_versions")
      .set((eb) => ({ version: eb("version", "+", 1) }))
      .where("season_id", "in", (eb) =>
        eb
          .selectFrom("seasons")
          .select("seasons.id")
          .where("seasons.series_id", "=", id)
          .where("seasons.id", "<>", rows.season.id),
      )
      .execute();
  }

  /** Inserts rows in as few statements as the parameter limit allows. */
  private async insertAll<T extends (typeof SEASON_ROW_TABLES)[number]>(
    trx: Trx,
    table: T,
    rows: readonly Insertable<StoreDatabase[T]>[],
  ): Promise<void> {
    const first = rows[0];
    if (!first) return;
    const insertRows = this.capabilities.insertRows;
    if (insertRows) {
      const columns = Object.keys(first);
      const t0 = performance.now();
      const text = insertRows(table, columns, rows);
      if (typeof this.log === "function")
        this.log({
          level: "query",
          query: CompiledQuery.raw(
            text,
            rows.flatMap((r) => columns.map((c) => (r as Record<string, unknown>)[c])),
          ),
          queryDurationMillis: performance.now() - t0,
        });
      return;
    }
    const perRow = Object.keys(first).length;
    const size = Math.max(
      1,
      Math.min(MAX_ROWS_PER_INSERT, Math.floor(this.capabilities.maxParameters / perRow)),
    );
    for (let i = 0; i < rows.length; i += size)
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + size) as Insertable<StoreDatabase[T]>[])
        .execute();
  }
}

/** Gives every row of the season (and the season row) the version they are written as. */
function setVersion(rows: SeasonRows, version: number): void {
  (rows.season as { version: number }).version = version;
  for (const table of SEASON_ROW_TABLES)
    for (const row of rows[table] as unknown as { version: number }[]) row.version = version;
}

/**
 * The parts of the season's rows as they are now, by key: the manifest of its latest write.
 * Undefined when that write kept a whole-season snapshot (before migration 006): rewrite all.
 */
async function currentParts(trx: Trx, id: string): Promise<Map<string, string> | undefined> {
  const latest = await trx
    .selectFrom("season_changes")
    .select("snapshot")
    .where("season_id", "=", id)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest || !isPartsManifest(latest.snapshot)) return undefined;
  return new Map(decodeManifest(latest.snapshot).parts.map(([key, hash]) => [key, hash]));
}

/** Adds the parts the history does not hold yet (each content once per season). */
async function storeParts(
  trx: Trx,
  id: string,
  parts: readonly SeasonPart[],
  before: ReadonlyMap<string, string> | undefined,
): Promise<void> {
  const known = new Set(before?.values());
  const fresh = new Map<string, SeasonPart>();
  for (const p of parts) if (!known.has(p.hash)) fresh.set(p.hash, p);
  for (const p of fresh.values())
    await trx
      .insertInto("season_parts")
      .values({ season_id: id, hash: p.hash, data: packPart(p.json) })
      .onConflict((oc) => oc.columns(["season_id", "hash"]).doNothing())
      .execute();
}

/** Stored parts' rows by hash (given the version to put in them). */
async function partRows(
  db: Db | Trx,
  id: string,
  version: number,
  hashes: readonly string[],
): Promise<Map<string, ReturnType<typeof unpackPart>>> {
  const found = new Map<string, ReturnType<typeof unpackPart>>();
  const wanted = [...new Set(hashes)];
  // A few hundred at a time: a season with many races has as many parts.
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom("season_parts")
      .select(["hash", "data"])
      .where("season_id", "=", id)
      .where("hash", "in", wanted.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.hash, unpackPart(r.data, id, version));
  }
  return found;
}

/** The row's key: (season_id, version) and its table's primary key past them. */
const keyColumns = (table: RowTable) => ["season_id", "version", ...PRIMARY_KEYS[table]];

async function updateRow(trx: Trx, table: RowTable, row: Readonly<Record<string, unknown>>) {
  const keys = keyColumns(table);
  const values = Object.fromEntries(Object.entries(row).filter(([c]) => !keys.includes(c)));
  let q = trx.updateTable(table).set(values as never);
  for (const c of keys) q = q.where(sql.ref(c), "=", row[c]);
  await q.execute();
}

async function deleteRow(trx: Trx, table: RowTable, row: Readonly<Record<string, unknown>>) {
  let q = trx.deleteFrom(table);
  for (const c of keyColumns(table)) q = q.where(sql.ref(c), "=", row[c]);
  await q.execute();
}

/** Throws VersionConflictError (rolling the transaction back) when the change's base moved on. */
function checkExpected(id: string, change: SeasonChange, current: number | undefined): void {
  if (change.expectedVersion === undefined) return;
  const currentVersion = current === undefined ? null : String(current);
  if (currentVersion !== change.expectedVersion)
    throw new VersionConflictError(id, change.expectedVersion, currentVersion);
}

async function recordChange(
  trx: Trx,
  id: string,
  version: number,
  at: string,
  change: SeasonChange,
  snapshot: string,
): Promise<void> {
  await trx
    .insertInto("season_changes")
    .values({
      season_id: id,
      version,
      at,
      actor: change.actor,
      action: change.action,
      reason: change.reason,
      summary: change.summary,
      snapshot,
    })
    .execute();
}

/** Deletes the rows of one version of a season, children first, the seasons row last. */
async function deleteSeasonRows(trx: Trx, id: string, version: number): Promise<void> {
  for (const table of [...SEASON_ROW_TABLES].reverse())
    await trx
      .deleteFrom(table)
      .where("season_id", "=", id)
      .where("version", "=", version)
      .execute();
  await trx.deleteFrom("seasons").where("id", "=", id).execute();
}

async function deleteSeriesIfUnused(trx: Trx, seriesId: string): Promise<void> {
  await trx
    .deleteFrom("series")
    .where("id", "=", seriesId)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("seasons").select("seasons.id").where("series_id", "=", seriesId)),
      ),
    )
    .execute();
}

/** One season's rows, a query per table (never one per row), or undefined if there is none. */
async function readSeasonRows(trx: Trx, id: string): Promise<SeasonRows | undefined> {
  const head = await trx
    .selectFrom("seasons")
    .innerJoin("series", "series.id", "seasons.series_id")
    .selectAll("seasons")
    .select(["series.name as series_name"])
    .where("seasons.id", "=", id)
    .executeTakeFirst();
  if (!head) return undefined;
  const { series_name, ...season } = head;
  const { version } = season;
  /** Every row of one table for this season version, in the given order. */
  const rowsOf = <T extends RowTable>(table: T, ...order: (keyof StoreDatabase[T] & string)[]) => {
    let q = trx
      .selectFrom(table as RowTable)
      .selectAll()
      .where("season_id", "=", id)
      .where("version", "=", version);
    for (const column of order) q = q.orderBy(sql.ref(column));
    return q.execute() as Promise<Selectable<StoreDatabase[T]>[]>;
  };
  // One connection runs them in turn; issuing them together saves waiting between them.
  const [
    classes,
    rounds,
    races,
    teams,
    team_aliases,
    entries,
    drivers,
    driver_aliases,
    lineups,
    results,
    result_drivers,
    decisions,
  ] = await Promise.all([
    rowsOf("classes", "ordinal"),
    rowsOf("rounds", "ordinal"),
    rowsOf("races", "round_number", "ordinal"),
    rowsOf("teams", "ordinal"),
    rowsOf("team_aliases", "team_id", "ordinal"),
    rowsOf("entries", "ordinal"),
    rowsOf("drivers", "ordinal"),
    rowsOf("driver_aliases", "driver_id", "ordinal"),
    rowsOf("lineups", "ordinal"),
    rowsOf("results", "ordinal"),
    rowsOf("result_drivers", "race_id", "row_index", "ordinal"),
    rowsOf("decisions", "ordinal"),
  ]);
  return {
    series: { id: season.series_id, name: series_name },
    season,
    classes,
    rounds,
    races,
    teams,
    team_aliases,
    entries,
    drivers,
    driver_aliases,
    lineups,
    results,
    result_drivers,
    decisions,
  };
}
