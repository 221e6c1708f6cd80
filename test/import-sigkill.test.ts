// Killing the server (SIGKILL) in the middle of an import leaves the SQLite database consistent,
// and the import either absent or complete. A synthetic season of many cars and its Al Kamel
// classification (bench/import-bench.ts's generator) are loaded into a template database; each
// run copies it, starts the built server on the copy, PUTs the file through the API with a
// token, and SIGKILLs the server after a delay chosen from a calibration run (spread over the
// parse, the write and after the answer). The database file is then opened again (SQLite
// recovers its write-ahead log) and checked: integrity, foreign keys, the race's rows all or
// none, the audit record there exactly when the rows are, the listed version the last recorded.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeImportFixture } from "../bench/import-bench.js";
import type { ImportFixture } from "../bench/import-bench.js";
import { addUser, issueApiToken } from "../src/auth/accounts.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { SqlAccountStore } from "../src/store/sql/sql-account-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";
import { sqliteDialect } from "../src/store/sql/sqlite-dialect.js";
import { requireBuild, startServer } from "./support/paddock-process.js";
import type { ServerProcess } from "./support/paddock-process.js";

/** Rows of the import (cars of the season); enough for an import of a few seconds. */
const ROWS = Number(process.env.PADDOCK_SIGKILL_ROWS ?? 20_000);
const RACE = "r1";
const DB_FILE = "paddock.sqlite";

let work = "";
let fixture: ImportFixture;
let bytes: Uint8Array;
let token = "";
let template = "";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

/** Where a kill landed, as the database and the client saw it. */
type Phase =
  | "before the write" // the rows absent, the log as it was: reading, parsing, validating
  | "during the write" // the rows absent, the log grown: the transaction under way, not committed
  | "after the commit, before the answer" // the rows all there; the client got no answer
  | "after the answer" // the rows all there; the client got 200
  | "not killed";

interface Attempt {
  /** ms after the request was sent when the server was killed (null: not killed). */
  readonly killAtMs: number | null;
  /** ms after sending when the write-ahead log first grew (the write under way), if seen. */
  readonly walGrewAtMs: number | null;
  /** ms after sending when the answer came, if it came before the kill. */
  readonly answeredAtMs: number | null;
  readonly status: number | null;
  readonly walBytesAtKill: number;
  readonly rows: number;
  readonly phase: Phase;
}

const attempts: Attempt[] = [];

/** Fresh data folder holding a copy of the template database. */
function freshDataDir(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(template, join(dir, DB_FILE));
  return dir;
}

/** When to kill the server: a delay after sending, or a delay after the WAL grew or the answer came. */
type KillAt =
  | { readonly afterSendMs: number }
  | { readonly afterWalGrewMs: number }
  | { readonly afterAnswerMs: number }
  | null;

/**
 * One import against a server on `dataDir`, SIGKILLed when `killAt` says (null: waits for the
 * answer and stops the server cleanly). Samples the size of SQLite's write-ahead log meanwhile:
 * it grows once the write transaction's rows spill out of the page cache.
 */
async function importOnce(
  dataDir: string,
  killAt: KillAt,
): Promise<Omit<Attempt, "rows" | "phase">> {
  const server: ServerProcess = await startServer(dataDir);
  const wal = join(dataDir, `${DB_FILE}-wal`);
  // The token check writes a little (the token's last use): the baseline is taken after it.
  const me = await fetch(`${server.base}/api/auth/me`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(me.status).toBe(200);
  await me.arrayBuffer();
  await sleep(50);
  const baseline = sizeOf(wal);
  let walGrewAtMs: number | null = null;
  let answeredAtMs: number | null = null;
  let status: number | null = null;
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  const query = new URLSearchParams({ file: "round-1-alkamel.csv", layout: "alkamel" });
  const url = `${server.base}/api/seasons/${fixture.seasonId}/races/${RACE}/results?${query}`;
  const request = fetch(url, {
    method: "PUT",
    body: bytes,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/csv" },
  }).then(
    async (res) => {
      await res.arrayBuffer();
      answeredAtMs = since();
      status = res.status;
    },
    () => undefined, // the connection dies with the server
  );
  // More than a few pages: the transaction's rows spilling into the log.
  const grown = () => sizeOf(wal) > baseline + 256 * 1024;
  const sampler = setInterval(() => {
    if (walGrewAtMs === null && grown()) walGrewAtMs = since();
  }, 2);
  try {
    if (killAt === null) {
      await request;
      expect(await server.stop()).toBe(0);
      return { killAtMs: null, walGrewAtMs, answeredAtMs, status, walBytesAtKill: sizeOf(wal) };
    }
    // Waits for the moment to kill; the answer (or the server's end) ends every wait.
    let finished = false;
    void Promise.race([request, server.exited]).then(() => (finished = true));
    if ("afterSendMs" in killAt) {
      while (!finished && since() < killAt.afterSendMs)
        await sleep(Math.min(5, killAt.afterSendMs - since()));
    } else if ("afterWalGrewMs" in killAt) {
      while (!finished && walGrewAtMs === null) await sleep(1);
      if (walGrewAtMs !== null)
        while (!finished && since() < walGrewAtMs + killAt.afterWalGrewMs) await sleep(1);
    } else {
      await request;
      await sleep(killAt.afterAnswerMs);
    }
    const killAtMs = since();
    await server.kill();
    const walBytesAtKill = sizeOf(wal);
    if (walGrewAtMs === null && walBytesAtKill > baseline + 256 * 1024) walGrewAtMs = killAtMs;
    await Promise.race([request, sleep(1000)]);
    return { killAtMs, walGrewAtMs, answeredAtMs, status, walBytesAtKill };
  } finally {
    clearInterval(sampler);
    await server.kill();
  }
}

/** Opens the database file after the run and checks that it is consistent; returns the race's rows. */
async function checkConsistent(dataDir: string, answered: boolean): Promise<number> {
  const path = join(dataDir, DB_FILE);
  // Opening read-write lets SQLite recover the write-ahead log the killed process left.
  const db = new Database(path);
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
  } finally {
    db.close();
  }
  const store = await SqlStore.open(sqliteDialect(path));
  try {
    const season = await store.getSeason(fixture.seasonId);
    expect(season).toBeDefined();
    const rows = season!.season.results.filter((r) => r.raceId === RACE).length;
    expect([0, ROWS]).toContain(rows);
    if (answered) expect(rows).toBe(ROWS);
    const changes = await store.listChanges(fixture.seasonId);
    const imports = changes.filter((c) => c.action === "import-results");
    expect(imports.length).toBe(rows === ROWS ? 1 : 0);
    if (rows === ROWS) {
      expect(imports[0]?.summary).toContain(`${ROWS} result rows`);
      expect(changes[0]?.action).toBe("import-results");
    }
    const listed = (await store.listSeasons()).find((s) => s.id === fixture.seasonId);
    expect(listed?.version).toBe(changes[0]?.version);
    expect(season!.version).toBe(changes[0]?.version);
    // Every row of the season carries the version its season row does (the version the rows
    // were first written as: a write of one race keeps it; docs/storage.md).
    const raw = new Database(path, { readonly: true });
    try {
      const versions = raw
        .prepare("SELECT DISTINCT version FROM results WHERE season_id = ?")
        .all(fixture.seasonId) as { version: number }[];
      const head = raw.prepare("SELECT version FROM seasons WHERE id = ?").get(fixture.seasonId) as
        { version: number } | undefined;
      if (rows > 0) expect(versions.map((v) => v.version)).toEqual([head?.version]);
    } finally {
      raw.close();
    }
    return rows;
  } finally {
    await store.close();
  }
}

describe("SIGKILL during an import (SQLite)", () => {
  beforeAll(async () => {
    requireBuild();
    work = mkdtempSync(join(tmpdir(), "paddock-sigkill-"));
    fixture = writeImportFixture(join(work, "fixture"), ROWS, 2025);
    bytes = new Uint8Array(readFileSync(fixture.csvPath));
    const bundle = readSeasonBundle(fixture.bundleDir);
    if (!bundle.ok) throw new Error(JSON.stringify(bundle.error.slice(0, 3)));
    const templateDir = join(work, "template");
    mkdirSync(templateDir);
    template = join(templateDir, DB_FILE);
    const store = await SqlStore.open(sqliteDialect(template));
    try {
      await store.putSeason(
        { season: bundle.value.season, rulesDocument: bundle.value.rulesDocument },
        {
          actor: "test",
          action: "load-bundle",
          reason: "",
          summary: "synthetic season",
          expectedVersion: null,
        },
      );
      const accounts = new SqlAccountStore(store.db);
      const user = await addUser(
        accounts,
        { username: "timing", role: "steward", password: "a long enough password" },
        "test",
      );
      if (!user.ok) throw new Error(user.error.message);
      const issued = await issueApiToken(accounts, user.value.id, "sigkill test", "test");
      if (!issued.ok) throw new Error(issued.error.message);
      token = issued.value.secret;
    } finally {
      await store.close();
    }
    // The first start loads the shipped seasons; later starts on copies then write nothing.
    const first = await startServer(templateDir);
    expect(await first.stop()).toBe(0);
    expect(sizeOf(`${template}-wal`)).toBe(0);
  }, 300_000);

  afterAll(() => {
    if (attempts.length > 0) {
      const lines = attempts.map(
        (a, i) =>
          `  run ${i}: kill at ${a.killAtMs === null ? "—" : `${Math.round(a.killAtMs)} ms`}, WAL grew at ${a.walGrewAtMs === null ? "—" : `${Math.round(a.walGrewAtMs)} ms`}, answered ${a.answeredAtMs === null ? "—" : `${Math.round(a.answeredAtMs)} ms (${a.status})`}, WAL ${Math.round(a.walBytesAtKill / 1024)} KiB → ${a.rows} rows: ${a.phase}`,
      );
      console.log(`SIGKILL during a ${ROWS}-row import:\n${lines.join("\n")}`);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  let calibration: Omit<Attempt, "rows" | "phase">;

  it(`imports ${ROWS} rows when left alone (calibration)`, async () => {
    const dir = freshDataDir("calibration");
    calibration = await importOnce(dir, null);
    expect(calibration.status).toBe(200);
    const rows = await checkConsistent(dir, true);
    expect(rows).toBe(ROWS);
    attempts.push({ ...calibration, rows, phase: "not killed" });
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);

  it("a SIGKILL at any moment leaves the import absent or complete, the database consistent", async () => {
    const answered = calibration.answeredAtMs ?? 5000;
    const writeStart = Math.min(calibration.walGrewAtMs ?? answered * 0.7, answered);
    const write = answered - writeStart;
    // While the file is read and the season checked (by the clock of the calibration run), while
    // the season is written (from the moment the log grows: a busy machine shifts the clock),
    // around the commit, and after the answer.
    const plan: KillAt[] = [
      { afterSendMs: writeStart * 0.3 },
      { afterSendMs: writeStart * 0.8 },
      { afterWalGrewMs: 0 },
      { afterWalGrewMs: write * 0.3 },
      { afterWalGrewMs: write * 0.6 },
      { afterSendMs: answered },
      { afterAnswerMs: 100 },
    ];
    for (const [i, killAt] of plan.entries()) {
      const dir = freshDataDir(`kill-${i}`);
      const run = await importOnce(dir, killAt);
      const answeredFirst = run.answeredAtMs !== null && run.status === 200;
      const rows = await checkConsistent(dir, answeredFirst);
      const phase: Phase =
        rows === ROWS
          ? answeredFirst
            ? "after the answer"
            : "after the commit, before the answer"
          : run.walGrewAtMs !== null
            ? "during the write"
            : "before the write";
      attempts.push({ ...run, rows, phase });
      rmSync(dir, { recursive: true, force: true });
    }
    const phases = new Set(attempts.slice(1).map((a) => a.phase));
    // The last kill comes after the answer; the first ones long before the write. Where the
    // others land depends on the machine's speed; each outcome is checked above whatever it is.
    expect(phases.has("after the answer")).toBe(true);
    expect(phases.has("before the write") || phases.has("during the write")).toBe(true);
  }, 900_000);
});
