// The read commands (standings, results, explain, scenarios, export, calendar, entries) on seasons
// of the configured store, as an organiser checks an import: `paddock import` writes a results
// file into the store of a temporary PADDOCK_DATA_DIR (or a throwaway PostgreSQL database), and
// `paddock results` and `paddock standings` then show it. Also: the lookup order (bundle folder,
// store, data/), --store and --bundle, the message for an unknown season, that a read never
// creates a database, and that the store is closed when the command ends. Runs the built CLI
// (npm run build).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { findSeason } from "../src/cli/load-season.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { openStore } from "../src/store/open-store.js";
import type { StoreConfig } from "../src/store/open-store.js";
import {
  POSTGRES_REQUIRED,
  PostgresTestDatabase,
  postgresAbsentMessage,
  postgresUnreachable,
} from "../src/store/sql/testing/postgres-test-database.js";

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist/src/cli/main.js");
const SEASON = "endurance-cup-2025";
const ROUND_1 = join(root, "fixtures", "imports", "round-1-alkamel.csv");

type Env = { PADDOCK_DATA_DIR: string; DATABASE_URL: string };

const runWith = (env: Env, ...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    cwd: root,
    env: { ...process.env, ...env },
    // A store left open (a PostgreSQL pool) would keep the process alive past this.
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** Puts the Endurance Cup fixture (its calendar, entries, no results yet) into a store. */
async function putFixture(config: StoreConfig): Promise<void> {
  const bundle = readSeasonBundle(join(root, "fixtures", "seasons", SEASON));
  if (!bundle.ok) throw new Error(JSON.stringify(bundle.error));
  const store = await openStore(config);
  try {
    await store.putSeason(
      { season: bundle.value.season, rulesDocument: bundle.value.rulesDocument },
      { actor: "test", action: "load-bundle", reason: "", summary: "fixture" },
    );
  } finally {
    await store.close();
  }
}

/** What every store must show: the import read back by results and standings. */
function importThenRead(env: () => Env) {
  it("results of a round without results say so", () => {
    const r = runWith(env(), "results", SEASON, "--round", "1");
    expect(r.code).toBe(1);
    expect(r.err).toContain("round 1 (6 Hours of Imola) is scheduled: it has no results");
  });

  it("paddock import, then results and standings read the imported rows from the store", () => {
    const imported = runWith(env(), "import", SEASON, ROUND_1, "--round", "1");
    expect(imported.err).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.out).toContain("12 rows imported");

    const results = runWith(env(), "results", SEASON, "--round", "1", "--format", "csv");
    expect(results.err).toBe("");
    expect(results.code).toBe(0);
    const rows = parse(results.out, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({
      pos: "1",
      class: "HYPERCAR",
      number: "8",
      team: "Toyota Gazoo Racing",
      laps: "201",
    });

    const standings = runWith(
      env(),
      "standings",
      SEASON,
      "--class",
      "HYPERCAR",
      "--championship",
      "teams",
      "--format",
      "csv",
    );
    expect(standings.code).toBe(0);
    const table = parse(standings.out, { columns: true }) as Record<string, string>[];
    expect(table[0]).toMatchObject({
      team: "Toyota Gazoo Racing",
      r1: "40",
      total: "40",
    });

    // --store reads the same; explain and export too.
    const forced = runWith(
      env(),
      "standings",
      SEASON,
      "--class",
      "HYPERCAR",
      "--championship",
      "teams",
      "--format",
      "csv",
      "--store",
    );
    expect(forced.out).toBe(standings.out);
    const explain = runWith(env(), "explain", SEASON, "--round", "1", "--team", "Ferrari AF Corse");
    expect(explain.code).toBe(0);
    expect(explain.out).toContain("18");
    const exported = runWith(env(), "export", SEASON, "results", "--round", "1", "--format", "csv");
    expect(exported.code).toBe(0);
    expect(exported.out).toContain("Toyota Gazoo Racing");
  });

  it("--bundle does not read the store; an unknown season lists what exists where", () => {
    const bundle = runWith(env(), "standings", SEASON, "--bundle");
    expect(bundle.code).toBe(1);
    expect(bundle.err).toContain(`no season "${SEASON}": the store was not searched (--bundle)`);

    const unknown = runWith(env(), "standings", "wec-1999");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no season "wec-1999": the store \(.+\) has endurance-cup-2025/);
    expect(unknown.err).toContain("data/ has alms-2003");

    const storeOnly = runWith(env(), "standings", "alms-2003", "--store");
    expect(storeOnly.code).toBe(1);
    expect(storeOnly.err).toContain("data/ was not searched (--store)");
  });

  it("a season the store does not hold comes from data/, a folder from the folder", () => {
    const shipped = runWith(env(), "standings", "alms-2003", "--class", "GT", "--format", "csv");
    expect(shipped.code).toBe(0);
    expect(shipped.out).toContain("Alex Job Racing");
    // The fixture's own folder: the bundle as written, without the store's import.
    const folder = runWith(env(), "results", join("fixtures", "seasons", SEASON), "--round", "1");
    expect(folder.code).toBe(1);
    expect(folder.err).toContain("is scheduled: it has no results");
  });
}

describe("the read commands on the embedded SQLite store", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "paddock-store-cli-"));
  const env = { PADDOCK_DATA_DIR: dataDir, DATABASE_URL: "" };
  beforeAll(() => putFixture({ kind: "sqlite", path: join(dataDir, "paddock.sqlite") }));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  importThenRead(() => env);

  it("closes the database when the read is done", async () => {
    const config = readConfig(env, root);
    const found = await findSeason(SEASON, "auto", config);
    expect(found.from).toMatchObject({ kind: "store" });
    // SQLite removes the WAL file when the last connection to the database closes.
    expect(existsSync(join(dataDir, "paddock.sqlite-wal"))).toBe(false);
  });
});

describe("without a store", () => {
  const parent = mkdtempSync(join(tmpdir(), "paddock-no-store-"));
  const env = { PADDOCK_DATA_DIR: join(parent, "data"), DATABASE_URL: "" };
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("reads data/, and a read creates no database", () => {
    const r = runWith(env, "standings", "alms-2003", "--class", "GTS", "--format", "csv");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Corvette Racing");
    const unknown = runWith(env, "results", SEASON, "--round", "1");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      `there is no store yet (${join(parent, "data", "paddock.sqlite")})`,
    );
    expect(readdirSync(parent)).toEqual([]);
  });
});

const unreachable = await postgresUnreachable();
if (unreachable !== undefined && !POSTGRES_REQUIRED)
  console.warn(postgresAbsentMessage(unreachable));

describe.skipIf(unreachable !== undefined && !POSTGRES_REQUIRED)(
  "the read commands on PostgreSQL (DATABASE_URL)",
  () => {
    const pg = new PostgresTestDatabase();
    const parent = mkdtempSync(join(tmpdir(), "paddock-store-cli-pg-"));
    let url = "";
    beforeAll(async () => {
      url = await pg.empty();
      await putFixture({ kind: "postgres", url });
    });
    afterAll(async () => {
      await pg.drop();
      rmSync(parent, { recursive: true, force: true });
    });

    importThenRead(() => ({ PADDOCK_DATA_DIR: join(parent, "unused"), DATABASE_URL: url }));

    it("an unreachable database is an error that says so, with the way around it", () => {
      const bad = new URL(url);
      bad.port = "1";
      const r = runWith(
        { PADDOCK_DATA_DIR: join(parent, "unused"), DATABASE_URL: bad.toString() },
        "standings",
        "alms-2003",
      );
      expect(r.code).toBe(1);
      expect(r.err).toContain("cannot read the store");
      expect(r.err).toContain("--bundle");
      expect(existsSync(join(parent, "unused"))).toBe(false);
    });
  },
);
