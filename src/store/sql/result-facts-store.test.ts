// Per-result facts (issue 10, points 1 and 4) kept by the SQL store, on SQLite and (when it can
// be reached) PostgreSQL: who set a shared car's fastest lap, a stated split of its points, a
// result declared ineligible and the entry of a car swap come back exactly, through the rows,
// a replaced race (written as a changed part) and the history. A season without these facts
// gives rows without their columns, so its stored parts (and their hashes) stay as they were.
// So does a race's scheduled laps (migration 010), which rules on races cut short read.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Season } from "../../core/season.js";
import { readSeasonBundle } from "../../formats/season-bundle/read-season-bundle.js";
import type { StoredSeason } from "../season-store.js";
import { MIGRATIONS } from "./migrate.js";
import { postgresDialect } from "./postgres-dialect.js";
import { seasonFromRows, seasonToRows } from "./season-rows.js";
import type { SqlDialect } from "./sql-dialect.js";
import { SqlStore } from "./sql-store.js";
import { sqliteDialect } from "./sqlite-dialect.js";
import { PostgresTestDatabase, postgresUnreachable } from "./testing/postgres-test-database.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

function bundle(path: string): StoredSeason {
  const read = readSeasonBundle(join(ROOT, path));
  if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 3)));
  return { season: read.value.season, rulesDocument: read.value.rulesDocument };
}
const FACT_COLUMNS = ["fastest_lap_driver_id", "driver_shares", "ineligible"];

/** 1958 German GP with a second Vanwall #8 (a car swap, told apart by entry id). */
function withSwap(stored: StoredSeason): StoredSeason {
  const s = stored.season;
  const spare = { ...s.entries.find((e) => e.id === "vanwall-8")!, id: "vanwall-8-spare" };
  const first = s.results[0]!;
  const season: Season = {
    ...s,
    entries: [...s.entries, spare],
    results: [
      first,
      { ...first, position: null, status: "dnf" as const, entryId: spare.id },
      ...s.results.slice(1),
    ].map((r, index) => ({ ...r, index })),
  };
  return { ...stored, season };
}

/** ALMS 2003 with the laps its first two races were scheduled for. */
function withScheduledLaps(stored: StoredSeason): StoredSeason {
  const season: Season = {
    ...stored.season,
    rounds: stored.season.rounds.map((r) => ({
      ...r,
      races: r.races.map((race) =>
        r.number !== null && r.number <= 2 ? { ...race, scheduledLaps: 300 + r.number } : race,
      ),
    })),
  };
  return { ...stored, season };
}

const seasons = {
  "ALMS 2003, with scheduled laps": () => withScheduledLaps(bundle("data/alms-2003")),
  "1957 British GP": () => bundle("fixtures/rules-history/f1-1957-british-gp/bundle"),
  "1958 German GP, with a car swap": () =>
    withSwap(bundle("fixtures/rules-history/f1-1958-german-gp/bundle")),
};

describe("season rows", () => {
  it.each(Object.entries(seasons))("%s: seasonFromRows(seasonToRows(x)) is x", (_name, make) => {
    const stored = make();
    expect(seasonFromRows(seasonToRows(stored, 1))).toStrictEqual(stored);
  });

  it("gives a season without per-result facts no columns for them", () => {
    const rows = seasonToRows(bundle("data/alms-2003"), 1);
    for (const c of FACT_COLUMNS) expect(Object.keys(rows.results[0]!)).not.toContain(c);
    const facts = seasonToRows(seasons["1957 British GP"](), 1);
    for (const row of facts.results)
      expect(Object.keys(row)).toEqual(expect.arrayContaining(FACT_COLUMNS));
  });

  it("adds the columns in migration 007", () => {
    expect(Object.keys(MIGRATIONS)).toContain("007-result-facts");
  });

  it("gives races the scheduled_laps column only in a season that gives some (migration 010)", () => {
    expect(Object.keys(MIGRATIONS)).toContain("010-race-scheduled-laps");
    const plain = seasonToRows(bundle("data/alms-2003"), 1);
    expect(Object.keys(plain.races[0]!)).not.toContain("scheduled_laps");
    const laps = seasonToRows(seasons["ALMS 2003, with scheduled laps"](), 1);
    expect(laps.races.map((r) => r.scheduled_laps)).toEqual(
      laps.races.map((r) => (r.round_number <= 2 ? 300 + r.round_number : null)),
    );
  });
});

const dir = mkdtempSync(join(tmpdir(), "paddock-result-facts-"));
let files = 0;
const targets: {
  name: string;
  dialect: () => Promise<() => SqlDialect>;
  cleanup: () => Promise<void>;
}[] = [
  {
    name: "SQLite",
    dialect: async () => {
      const path = join(dir, `db-${++files}.sqlite`);
      return () => sqliteDialect(path);
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  },
];
if ((await postgresUnreachable()) === undefined) {
  const pg = new PostgresTestDatabase();
  targets.push({
    name: "PostgreSQL",
    dialect: async () => {
      const url = await pg.empty();
      return () => postgresDialect(url, { poolSize: 2 });
    },
    cleanup: () => pg.drop(),
  });
}

describe.each(targets)("SqlStore on $name keeps per-result facts", (target) => {
  const open: SqlStore[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  afterAll(() => target.cleanup());

  it.each(Object.entries(seasons))(
    "%s: put, get, replace a race, read the history",
    async (_name, make) => {
      const stored = make();
      const dialect = await target.dialect();
      const store = await SqlStore.open(dialect());
      open.push(store);
      const first = await store.putSeason(stored);
      expect((await store.getSeason(stored.season.id))?.season).toStrictEqual(stored.season);
      // One result's facts change: the race is written again as a changed part.
      const changed: Season = {
        ...stored.season,
        results: stored.season.results.map((r, i) =>
          i === 1
            ? {
                ...r,
                ineligible: "moveUp" as const,
                driverShares: r.driverIds.map(() => ({ n: 1, d: 2 })),
              }
            : r,
        ),
      };
      await store.putSeason({ ...stored, season: changed });
      expect((await store.getSeason(stored.season.id))?.season).toStrictEqual(changed);
      expect((await store.getSeasonVersion(stored.season.id, first.version))?.season).toStrictEqual(
        stored.season,
      );
    },
  );
});
