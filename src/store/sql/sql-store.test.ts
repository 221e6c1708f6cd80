// What the SQL store promises beyond the contract, checked in the database itself, on SQLite and
// (when it can be reached) PostgreSQL: migrations, rows left behind, keys and foreign keys, the
// number of queries a read takes, bind parameters, snapshot reads, damaged rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { Kysely, Migrator, sql } from "kysely";
import type { LogEvent } from "kysely";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ResultRow, Season } from "../../core/season.js";
import { encodeSnapshot } from "../season-snapshot.js";
import { contractSeason, withoutOneResult } from "../season-store.contract.js";
import type { StoredSeason } from "../season-store.js";
import { MIGRATIONS } from "./migrate.js";
import { postgresDialect } from "./postgres-dialect.js";
import { CorruptSeasonError, seasonFromRows, seasonToRows } from "./season-rows.js";
import type { SqlDialect } from "./sql-dialect.js";
import { SqlStore } from "./sql-store.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { SEASON_ROW_TABLES } from "./store-database.js";
import type { StoreDatabase } from "./store-database.js";
import {
  POSTGRES_REQUIRED,
  PostgresTestDatabase,
  postgresAbsentMessage,
  postgresUnreachable,
} from "./testing/postgres-test-database.js";

interface Target {
  readonly name: string;
  /** A new, empty database; the factory opens dialects on it (one per store or raw handle). */
  readonly database: () => Promise<() => SqlDialect>;
  readonly cleanup: () => Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), "paddock-sql-store-"));
let files = 0;
const targets: Target[] = [
  {
    name: "SQLite",
    database: async () => {
      const path = join(dir, `db-${++files}.sqlite`);
      return () => sqliteDialect(path);
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  },
];
const unreachable = await postgresUnreachable();
if (unreachable === undefined) {
  const pg = new PostgresTestDatabase();
  targets.push({
    name: "PostgreSQL",
    database: async () => {
      const url = await pg.empty();
      return () => postgresDialect(url, { poolSize: 4 });
    },
    cleanup: () => pg.drop(),
  });
} else if (!POSTGRES_REQUIRED) console.warn(postgresAbsentMessage(unreachable));
// (When PostgreSQL is required but absent, season-store.test.ts fails; this file tests SQLite.)

const TABLES = [...SEASON_ROW_TABLES, "seasons"] as const;

describe.each(targets)("SqlStore on $name", (target) => {
  const open: { destroy?: () => Promise<void>; close?: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const x of open.splice(0)) await (x.close ? x.close() : x.destroy?.());
  });
  afterAll(() => target.cleanup());

  async function setup(options: { log?: (e: LogEvent) => void } = {}) {
    const dialect = await target.database();
    const store = await SqlStore.open(dialect(), options.log ? { log: options.log } : {});
    const raw = new Kysely<StoreDatabase>({ dialect: dialect().kysely });
    open.push(store, raw);
    return { dialect, store, raw };
  }

  async function rowCounts(raw: Kysely<StoreDatabase>, seasonId: string) {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const key = table === "seasons" ? "id" : "season_id";
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(
        table,
      )} where ${sql.ref(key)} = ${seasonId}`.execute(raw);
      counts[table] = Number(rows[0]?.n);
    }
    return counts;
  }

  function expectedCounts(stored: StoredSeason) {
    const rows = seasonToRows(stored, 1);
    return Object.fromEntries(
      TABLES.map((t) => [t, t === "seasons" ? 1 : (rows[t] as readonly unknown[]).length]),
    );
  }

  it("migrates a new database in order, and one that is up to date not at all", async () => {
    const { dialect, store } = await setup();
    expect(store.migrations.steps).toEqual([
      { migration: "001-seasons", status: "applied" },
      { migration: "002-foreign-key-indexes", status: "applied" },
      { migration: "003-citations", status: "applied" },
      { migration: "004-history-and-accounts", status: "applied" },
      { migration: "005-best-lap", status: "applied" },
      { migration: "006-season-parts", status: "applied" },
      { migration: "007-result-facts", status: "applied" },
      { migration: "008-round-short-names", status: "applied" },
      { migration: "009-decision-entries", status: "applied" },
      { migration: "010-race-scheduled-laps", status: "applied" },
    ]);
    const again = await SqlStore.open(dialect());
    open.push(again);
    expect(again.migrations.steps).toEqual([]);
  });

  it("keeps one row per fact, and replacing a season leaves no row of the old one", async () => {
    const { store, raw } = await setup();
    const alms = contractSeason("alms-2003");
    await store.putSeason(alms);
    expect(await rowCounts(raw, "alms-2003")).toEqual(expectedCounts(alms));
    const { season: smaller } = withoutOneResult(alms.season);
    const fewer: Season = {
      ...smaller,
      lineups: smaller.lineups.slice(1),
      decisions: smaller.decisions.slice(0, 1),
    };
    await store.putSeason({ ...alms, season: fewer });
    const counts = await rowCounts(raw, "alms-2003");
    expect(counts).toEqual(expectedCounts({ ...alms, season: fewer }));
    expect(counts["results"]).toBe(alms.season.results.length - 1);
  });

  it("refuses a duplicate key at the database, after most rows went in, and rolls all back", async () => {
    const { store, raw } = await setup();
    const alms = contractSeason("alms-2003");
    await store.putSeason(alms);
    const last = alms.season.results[alms.season.results.length - 1] as ResultRow;
    const broken: Season = { ...alms.season, results: [...alms.season.results, { ...last }] };
    await expect(store.putSeason({ ...alms, season: broken })).rejects.toThrow(
      /UNIQUE constraint failed: results|duplicate key value violates unique constraint "results_pk"/,
    );
    expect(await rowCounts(raw, "alms-2003")).toEqual(expectedCounts(alms));
  });

  it("checks every reference with a declared foreign key", async () => {
    const { store } = await setup();
    const minimal = contractSeason("valid-minimal");
    const s = minimal.season;
    const cases: [string, Season][] = [
      ["result entry", { ...s, results: s.results.map((r) => ({ ...r, entryId: "nobody" })) }],
      ["result driver", { ...s, results: s.results.map((r) => ({ ...r, driverIds: ["x"] })) }],
      ["entry class", { ...s, entries: s.entries.map((e) => ({ ...e, classId: "LMX" })) }],
      ["line-up entry", { ...s, lineups: s.lineups.map((l) => ({ ...l, entryId: "x" })) }],
      [
        "decision overturned",
        { ...s, decisions: s.decisions.map((d) => ({ ...d, overturns: "none" })) },
      ],
      [
        "race's round",
        {
          ...s,
          rounds: s.rounds.map((r) => ({
            ...r,
            races: r.races.map((race) => ({ ...race, roundNumber: 99 })),
          })),
        },
      ],
    ];
    for (const [what, season] of cases)
      await expect(store.putSeason({ ...minimal, season }), what).rejects.toThrow(
        /FOREIGN KEY constraint failed|violates foreign key constraint/,
      );
    expect(await store.listSeasons()).toEqual([]);
  });

  it("deletes every row of a season, and its series once no season has it; keeps its version", async () => {
    const { store, raw } = await setup();
    const alms = contractSeason("alms-2003");
    await store.putSeason(alms);
    await store.deleteSeason("alms-2003");
    expect(Object.values(await rowCounts(raw, "alms-2003"))).toEqual(TABLES.map(() => 0));
    expect(await raw.selectFrom("series").selectAll().execute()).toEqual([]);
    expect(await raw.selectFrom("season_versions").selectAll().execute()).toHaveLength(1);
  });

  it("drops a series when its last season moves to another", async () => {
    const { store, raw } = await setup();
    const alms = contractSeason("alms-2003");
    await store.putSeason(alms);
    const moved = { ...alms.season, series: { id: "imsa", name: "IMSA" } };
    await store.putSeason({ ...alms, season: moved });
    expect(await raw.selectFrom("series").selectAll().execute()).toEqual([
      { id: "imsa", name: "IMSA" },
    ]);
    expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(moved);
  });

  it("reads a season in a fixed number of queries, however many rows it has", async () => {
    let queries = 0;
    const { store } = await setup({ log: () => queries++ });
    const counted = async (id: string) => {
      queries = 0;
      await store.getSeason(id);
      return queries;
    };
    await store.putSeason(contractSeason("valid-minimal"));
    await store.putSeason(contractSeason("alms-2003"));
    const small = await counted("mini-2024");
    expect(await counted("alms-2003")).toBe(small);
    // The season with its series, one query per table of its rows, its listed version, "begin"
    // and "commit".
    expect(small).toBe(1 + 12 + 1 + 2);
  });

  it("sends values as bind parameters, never inside the SQL text", async () => {
    const texts: string[] = [];
    const { store } = await setup({ log: (e) => texts.push(e.query.sql) });
    const minimal = contractSeason("valid-minimal");
    const name = "Robert'); DROP TABLE seasons; --";
    await store.putSeason({ ...minimal, season: { ...minimal.season, name } });
    expect((await store.getSeason("mini-2024"))?.season.name).toBe(name);
    expect(await store.deleteSeason("mini-2024")).toBe(true);
    const leaks = texts.filter((t) => /DROP TABLE|mini-2024|Alpha Racing|'completed'/.test(t));
    expect(leaks).toEqual([]);
  });

  it("cuts bulk inserts to the database's parameter limit", async () => {
    const dialect = await target.database();
    const base = dialect();
    const store = await SqlStore.open({
      ...base,
      capabilities: { ...base.capabilities, maxParameters: 50 },
    });
    open.push(store);
    const alms = contractSeason("alms-2003");
    await store.putSeason(alms);
    expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
  });

  it("reads one whole version while another store writes", async () => {
    const { dialect, store: writer } = await setup();
    const reader = await SqlStore.open(dialect());
    open.push(reader);
    const alms = contractSeason("alms-2003");
    const { season: smaller } = withoutOneResult(alms.season);
    await writer.putSeason(alms);
    const versions = [alms.season, smaller];
    const writes = (async () => {
      for (let i = 1; i <= 8; i++)
        await writer.putSeason({ ...alms, season: versions[i % 2] as Season });
    })();
    for (let i = 0; i < 8; i++) {
      const got = await reader.getSeason("alms-2003");
      expect(versions.some((v) => isDeepStrictEqual(got?.season, v))).toBe(true);
    }
    await writes;
    expect((await reader.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
  });

  it("writes only what changed: a race's new classification touches that race's rows", async () => {
    const queries: { sql: string; parameters: readonly unknown[] }[] = [];
    const { store, raw } = await setup({ log: (e) => queries.push(e.query) });
    const alms = contractSeason("alms-2003");
    const raceId = (alms.season.results[0] as ResultRow).raceId;
    const without: Season = {
      ...alms.season,
      results: alms.season.results.filter((r) => r.raceId !== raceId),
    };
    await store.putSeason({ ...alms, season: without });
    const parts = async () =>
      Number(
        (await raw.selectFrom("season_parts").select(raw.fn.countAll().as("n")).executeTakeFirst())
          ?.n,
      );
    const partsBefore = await parts();
    queries.length = 0;
    await store.putSeason(alms);
    const written = new Set(
      queries
        .map((q) => q.sql)
        .filter((q) => /^\s*(insert|update|delete)\b/i.test(q))
        .map((q) => /^\s*(?:insert into|update|delete from)\s+"?(\w+)"?/i.exec(q)?.[1]),
    );
    // races: each race's place in the list of results (this one came back in its place).
    expect([...written].sort()).toEqual([
      "races",
      "result_drivers",
      "results",
      "season_changes",
      "season_parts",
      "season_versions",
      "seasons",
      "series",
    ]);
    // Only this race's rows went in.
    const raceIds = new Set(alms.season.results.map((r) => r.raceId));
    const insertedRaces = new Set(
      queries
        .filter((q) => /^\s*insert into\s+"?results"?\s/i.test(q.sql))
        .flatMap((q) => q.parameters.filter((p) => typeof p === "string" && raceIds.has(p))),
    );
    expect([...insertedRaces]).toEqual([raceId]);
    // The history gained the race's part (and the races table's), not a copy of the season.
    expect(await parts()).toBe(partsBefore + 2);
    expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
    expect(await rowCounts(raw, "alms-2003")).toEqual(expectedCounts(alms));
    const [now, then] = await store.listChanges("alms-2003");
    expect((await store.getSeasonVersion("alms-2003", then!.version))?.season).toStrictEqual(
      without,
    );
    expect((await store.getSeasonVersion("alms-2003", now!.version))?.season).toStrictEqual(
      alms.season,
    );
  });

  it("keeps every version exact through edits of any part, a renumbered round included", async () => {
    const { store, raw } = await setup();
    const alms = contractSeason("alms-2003");
    const s0 = alms.season;
    const [firstTeam, secondTeam] = s0.teams;
    const entry = s0.entries[3]!;
    const otherClass = s0.classes.find((k) => k.id !== entry.classId)!;
    const raceId = (s0.results[5] as ResultRow).raceId;
    const edits: ((s: Season) => Season)[] = [
      // A line-up out of the middle: later line-ups move up a place.
      (s) => ({ ...s, lineups: [...s.lineups.slice(0, 2), ...s.lineups.slice(3)] }),
      // An entry changes class and team; a team is renamed and gains an alias.
      (s) => ({
        ...s,
        entries: s.entries.map((e) =>
          e.id === entry.id ? { ...e, classId: otherClass.id, teamId: secondTeam!.id } : e,
        ),
        teams: s.teams.map((t) =>
          t.id === firstTeam!.id
            ? { ...t, name: `${t.name} (renamed)`, aliases: [...t.aliases, "X"] }
            : t,
        ),
      }),
      // A race's classification taken away, then a decision.
      (s) => ({ ...s, results: s.results.filter((r) => r.raceId !== raceId) }),
      (s) => {
        const loose = s.decisions.find((d) => !s.decisions.some((o) => o.overturns === d.id));
        return { ...s, decisions: s.decisions.filter((d) => d !== loose) };
      },
      // Rounds renumbered (numbers are keys other rows refer to): the whole season rewritten.
      (s) => ({
        ...s,
        rounds: s.rounds.map((r) => ({
          ...r,
          number: r.number === null ? null : r.number + 100,
          races: r.races.map((race) => ({ ...race, roundNumber: race.roundNumber + 100 })),
        })),
        entries: s.entries.map((e) => ({ ...e, rounds: e.rounds?.map((n) => n + 100) ?? null })),
        lineups: s.lineups.map((l) => ({
          ...l,
          rounds: l.rounds?.map((n) => n + 100) ?? null,
          notStarted: l.notStarted.map((n) => n + 100),
        })),
        decisions: s.decisions.map((d) => ({
          ...d,
          target: {
            ...d.target,
            roundNumber: d.target.roundNumber === null ? null : d.target.roundNumber + 100,
          },
          uptoRound: d.uptoRound === null ? null : d.uptoRound + 100,
        })),
      }),
      // And back to where it started, results of the race included.
      () => s0,
    ];
    const put: Season[] = [s0];
    await store.putSeason(alms);
    for (const edit of edits) {
      const next = edit(put[put.length - 1]!);
      put.push(next);
      await store.putSeason({ ...alms, season: next });
      expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(next);
      expect(await rowCounts(raw, "alms-2003")).toEqual(expectedCounts({ ...alms, season: next }));
    }
    const versions = (await store.listChanges("alms-2003")).reverse();
    expect(versions).toHaveLength(put.length);
    for (const [i, change] of versions.entries())
      expect((await store.getSeasonVersion("alms-2003", change.version))?.season).toStrictEqual(
        put[i],
      );
  });

  it("reads and rewrites a season stored before migration 006 (whole snapshots, season-wide ordinals)", async () => {
    const dialect = await target.database();
    const raw = new Kysely<StoreDatabase>({ dialect: dialect().kysely });
    open.push(raw);
    // The schema as it was: every migration before 006.
    const names = Object.keys(MIGRATIONS);
    const before = names[names.indexOf("006-season-parts") - 1]!;
    const migrator = new Migrator({
      db: raw as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => MIGRATIONS },
    });
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    // The rows as the store wrote them then: results ordered season-wide, no results_ordinal.
    const alms = contractSeason("alms-2003");
    const rows = seasonToRows(alms, 1);
    await raw.insertInto("series").values(rows.series).execute();
    await raw.insertInto("seasons").values(rows.season).execute();
    await raw
      .insertInto("season_versions")
      .values({ season_id: "alms-2003", version: 1 })
      .execute();
    for (const table of SEASON_ROW_TABLES) {
      const list = (rows[table] as unknown as Record<string, unknown>[]).map((row, i) => {
        const { results_ordinal: _dropped, ...old } = row;
        return table === "results" ? { ...old, ordinal: i } : old;
      });
      for (let i = 0; i < list.length; i += 50)
        await raw
          .insertInto(table)
          .values(list.slice(i, i + 50) as never)
          .execute();
    }
    await raw
      .insertInto("season_changes")
      .values({
        season_id: "alms-2003",
        version: 1,
        at: "2026-01-01T00:00:00.000Z",
        actor: "paddock",
        action: "put",
        reason: "",
        summary: "old",
        snapshot: encodeSnapshot(alms),
      })
      .execute();

    const store = await SqlStore.open(dialect());
    open.push(store);
    expect(store.migrations.steps.map((m) => m.migration)).toContain("006-season-parts");
    expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
    expect((await store.getSeasonVersion("alms-2003", "1"))?.season).toStrictEqual(alms.season);
    const { season: smaller } = withoutOneResult(alms.season);
    await store.putSeason({ ...alms, season: smaller });
    await store.putSeason(alms);
    expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
    expect((await store.getSeasonVersion("alms-2003", "2"))?.season).toStrictEqual(smaller);
  });

  it("reports a damaged row as an error, not as a season", async () => {
    const { store, raw } = await setup();
    await store.putSeason(contractSeason("valid-minimal"));
    await raw.updateTable("results").set({ status: "crashed" }).execute();
    await expect(store.getSeason("mini-2024")).rejects.toThrow(CorruptSeasonError);
  });

  it.each(["1'47.123", "1:47.1", "fast", "0:00.000"])(
    "reports a best lap no put could have written (%s) as an error",
    async (bestLap) => {
      const { store, raw } = await setup();
      await store.putSeason(contractSeason("valid-minimal"));
      await raw.updateTable("results").set({ best_lap: bestLap }).execute();
      await expect(store.getSeason("mini-2024")).rejects.toThrow(CorruptSeasonError);
    },
  );
});

describe("season rows", () => {
  it.each(["alms-2003", "sprint-cup-2024", "valid-minimal"] as const)(
    "%s: seasonFromRows(seasonToRows(x)) equals x",
    (name) => {
      const stored = contractSeason(name);
      expect(seasonFromRows(seasonToRows(stored, 7))).toStrictEqual(stored);
    },
  );

  it("reads result rows without the best-lap columns (season parts written before 005)", () => {
    const stored = contractSeason("alms-2003");
    const rows = seasonToRows(stored, 7);
    const old = {
      ...rows,
      results: rows.results.map(({ best_lap: _lap, best_lap_number: _number, ...r }) => r),
    } as unknown as typeof rows;
    expect(seasonFromRows(old)).toStrictEqual(stored);
  });

  it("writes a best lap and its lap number to their columns, NULL where there is none", () => {
    const rows = seasonToRows(contractSeason("sprint-cup-2024"), 1);
    const r1 = rows.results.filter((r) => r.race_id === "r1");
    expect(r1.map((r) => [r.number, r.best_lap, r.best_lap_number])).toEqual(
      contractSeason("sprint-cup-2024")
        .season.results.filter((r) => r.raceId === "r1")
        .map((r) => [r.number, r.bestLap ?? null, r.bestLapNumber ?? null]),
    );
    expect(r1.some((r) => r.best_lap === null && r.best_lap_number === null)).toBe(true);
  });
});
