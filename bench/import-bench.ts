// The import part of npm run bench: a 100,000-row Al Kamel classification imported into a
// synthetic season of 100,000 cars, through Paddock's whole import path (read, parse, validate the
// season, write it to a SQLite file), against the sqlite3 shell importing the same CSV into one
// table with no checks at all. Median of a few runs, each on a fresh database file; the CLI
// command (`paddock import`, progress bar forced on) is run once end to end to show it works.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import { ImportWorkers } from "../src/import-pool.js";
import { RaceControl } from "../src/service/race-control.js";
import { commitImport } from "../src/service/result-import.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { SqlStore } from "../src/store/sql/sql-store.js";
import { sqliteDialect } from "../src/store/sql/sqlite-dialect.js";
import { seededRng } from "./prng.js";
import { collectGarbage, median } from "./timing.js";
import { renderTable } from "./render-table.js";

export interface ImportBenchSettings {
  readonly rows: number;
  /** Timed runs of each side at most; the median is reported. */
  readonly runs: number;
  /** Paddock runs made whatever the budget (unless one is stopped). */
  readonly minRuns: number;
  /**
   * Past minRuns, no further Paddock run starts that would end after this long in all, so a slow
   * import cannot hold npm run bench for long.
   */
  readonly budgetMs: number;
  /** A Paddock run (and the CLI run) still going after this long is stopped: a failure. */
  readonly runTimeoutMs: number;
  readonly seed: number;
}

export const DEFAULT_IMPORT_SETTINGS: ImportBenchSettings = {
  rows: 100_000,
  runs: 5,
  minRuns: 3,
  budgetMs: 90_000,
  runTimeoutMs: 300_000,
  seed: 2025,
};

const CLASSES = [
  { id: "HYPERCAR", name: "Hypercar", pace: 1.0, chassis: "Hypercar prototype", tyre: "M" },
  { id: "LMP2", name: "Le Mans Prototype 2", pace: 0.93, chassis: "Oreca 07", tyre: "G" },
  { id: "LMGT3", name: "Le Mans GT3", pace: 0.88, chassis: "GT3 car", tyre: "G" },
] as const;
const CARS_PER_TEAM = 100;
const DRIVERS_PER_CAR = 2;
const RACE_LAPS = 200;
const LAP_MS = 105_000;
const HEADER =
  "POSITION;NUMBER; TEAM; DRIVER_1; DRIVER_2; DRIVER_3; DRIVER_4; VEHICLE; TYRES; CLASS; GROUP; DIVISION; STATUS; LAPS; TOTAL_TIME; GAP_FIRST; GAP_PREVIOUS; FL_LAPNUM; FL_TIME; FL_KPH; DRIVER_5;";

export interface ImportFixture {
  readonly dir: string;
  readonly bundleDir: string;
  readonly csvPath: string;
  readonly seasonId: string;
  readonly rows: number;
  readonly entries: number;
  readonly teams: number;
  readonly drivers: number;
  readonly csvBytes: number;
}

/** Al Kamel's time form: 6:00'41.101 (hours:minutes'seconds.ms), 1'32.456 under an hour. */
function alkamelTime(ms: number): string {
  const fraction = String(ms % 1000).padStart(3, "0");
  const s = Math.floor(ms / 1000);
  const seconds = String(s % 60).padStart(2, "0");
  const minutes = Math.floor(s / 60);
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}'${seconds}.${fraction}`
    : `${minutes}'${seconds}.${fraction}`;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Writes a season bundle (3 classes, a team per 100 cars, 2 drivers a car, round 1 scheduled) and
 * the Al Kamel CSV of its round 1 with one row per car: most classified, a few retired, not
 * classified or disqualified. The file names teams by their upper-case alias and drivers in
 * Al Kamel's "First LAST" spelling, as the timing system prints them. Deterministic per seed.
 */
export function writeImportFixture(dir: string, rows: number, seed: number): ImportFixture {
  const rng = seededRng(seed);
  const seasonId = `import-bench-${rows}`;
  const bundleDir = path.join(dir, seasonId);
  mkdirSync(bundleDir, { recursive: true });
  const teamCount = Math.ceil(rows / CARS_PER_TEAM);
  const teams = Array.from({ length: teamCount }, (_, t) => ({
    id: `team-${t + 1}`,
    name: `Team ${t + 1} Racing`,
    aliases: [`TEAM ${t + 1} RACING`],
  }));
  const season = {
    format: "paddock-season/1",
    id: seasonId,
    series: { id: "import-bench", name: "Import Benchmark Series" },
    year: 2025,
    name: `Import benchmark (${rows} cars)`,
    classes: CLASSES.map((k) => ({ id: k.id, name: k.name })),
    rounds: [
      { number: 1, name: "Round 1", circuit: "Circuit 1", date: "2025-04-20", status: "scheduled" },
    ],
    teams,
    rules: "rules.json",
    entries: "entries.csv",
    drivers: "drivers.csv",
    decisions: "decisions.csv",
    provenance: [`bench/import-bench.ts, seed ${seed}`],
  };
  const rules = {
    format: "paddock-rules/1",
    id: seasonId,
    name: "Import benchmark points",
    version: 1,
    scales: { wec: [25, 18, 15, 12, 10, 8, 6, 4, 2, 1] },
    defaultScale: "wec",
    eligibility: [
      { rule: "status", statuses: ["not_classified", "dnf", "dsq", "dns"], effect: "moveUp" },
    ],
    championships: [
      {
        id: "teams",
        name: "Teams",
        kind: "teams",
        perClass: true,
        counting: { cars: "all", nonCounting: "unawarded" },
        tieBreaks: ["countback"],
      },
      {
        id: "drivers",
        name: "Drivers",
        kind: "drivers",
        perClass: true,
        sharedDrives: "full",
        tieBreaks: ["countback"],
      },
    ],
  };
  writeFileSync(path.join(bundleDir, "season.json"), `${JSON.stringify(season, null, 2)}\n`);
  writeFileSync(path.join(bundleDir, "rules.json"), `${JSON.stringify(rules, null, 2)}\n`);
  writeFileSync(
    path.join(bundleDir, "decisions.csv"),
    "id,date,kind,round,race,class,number,team,driver,championship,points,reason\n",
  );

  const entries: string[] = ["id,number,class,team,chassis,engine,tyre,manufacturer"];
  const drivers: string[] = ["entry,driver,nationality,aliases"];
  interface Car {
    number: string;
    team: string;
    drivers: string[];
    klass: (typeof CLASSES)[number];
    laps: number;
    ms: number;
    status: string;
    flMs: number;
    flLap: number;
  }
  const cars: Car[] = [];
  for (let i = 0; i < rows; i++) {
    const number = String(i + 1);
    const team = teams[Math.floor(i / CARS_PER_TEAM)] ?? teams[0]!;
    // A team's cars are all in one class; teams take the classes in turn.
    const klass = CLASSES[Math.floor(i / CARS_PER_TEAM) % CLASSES.length] ?? CLASSES[0];
    const id = `car-${number}`;
    entries.push(
      [id, number, klass.id, team.name, klass.chassis, "V8", klass.tyre, `maker-${(i % 7) + 1}`]
        .map(csvCell)
        .join(","),
    );
    const names: string[] = [];
    for (let d = 0; d < DRIVERS_PER_CAR; d++) {
      const first = `Pilot${String.fromCharCode(65 + d)}`;
      const last = `Driver${number}`;
      drivers.push([id, `${first} ${last}`, "FRA", ""].join(","));
      names.push(`${first} ${last.toUpperCase()}`);
    }
    const roll = rng.next();
    const full = Math.floor(RACE_LAPS * klass.pace * (1 - 0.05 * rng.next()));
    let status = "Classified";
    let laps = full;
    if (roll < 0.01) status = "Disqualified";
    else if (roll < 0.07) {
      status = "Retired";
      laps = Math.floor(full * rng.next());
    } else if (roll < 0.09) {
      status = "Not classified";
      laps = Math.floor(full * (0.4 + 0.3 * rng.next()));
    }
    const lapMs = Math.round(LAP_MS / klass.pace);
    cars.push({
      number,
      team: team.aliases[0] ?? team.name,
      drivers: names,
      klass,
      laps,
      ms: laps * lapMs + rng.int(0, 90_000),
      status,
      flMs: lapMs - rng.int(1_000, 4_000),
      flLap: rng.int(1, Math.max(1, laps)),
    });
  }
  writeFileSync(path.join(bundleDir, "entries.csv"), `${entries.join("\n")}\n`);
  writeFileSync(path.join(bundleDir, "drivers.csv"), `${drivers.join("\n")}\n`);

  // The classification: most laps first, then the shortest time; a disqualified car keeps its line.
  cars.sort((a, b) => b.laps - a.laps || a.ms - b.ms);
  const leader = cars[0];
  const lines: string[] = [HEADER];
  cars.forEach((car, i) => {
    const previous = cars[i - 1];
    const gap = (to: Car | undefined) => {
      if (!to || to === car) return "";
      const laps = to.laps - car.laps;
      if (laps > 0) return `${laps} ${laps === 1 ? "Lap" : "Laps"}`;
      return ((car.ms - to.ms) / 1000).toFixed(3);
    };
    const kph = ((13_700 / car.flMs) * 3600).toFixed(1);
    lines.push(
      [
        String(i + 1),
        car.number,
        car.team,
        car.drivers[0] ?? "",
        car.drivers[1] ?? "",
        "",
        "",
        car.klass.chassis,
        car.klass.tyre,
        car.klass.id,
        "",
        "",
        car.status,
        String(car.laps),
        car.laps > 0 ? alkamelTime(car.ms) : "",
        gap(leader),
        gap(previous),
        car.laps > 0 ? String(car.flLap) : "",
        car.laps > 0 ? alkamelTime(car.flMs) : "",
        car.laps > 0 ? kph : "",
        "",
        "",
      ].join(";"),
    );
  });
  // Al Kamel exports carry a byte-order mark and end every line with the delimiter.
  const csvText = `\uFEFF${lines.join("\r\n")}\r\n`;
  const csvPath = path.join(dir, "round-1-alkamel.csv");
  writeFileSync(csvPath, csvText);
  return {
    dir,
    bundleDir,
    csvPath,
    seasonId,
    rows,
    entries: rows,
    teams: teamCount,
    drivers: rows * DRIVERS_PER_CAR,
    csvBytes: Buffer.byteLength(csvText),
  };
}

export interface RunTiming {
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

function timing(samples: readonly number[]): RunTiming {
  return {
    samplesMs: samples,
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

export interface ImportBenchResult {
  readonly rows: number;
  readonly entries: number;
  readonly teams: number;
  readonly drivers: number;
  readonly csvMiB: number;
  readonly runsPlanned: number;
  readonly minRuns: number;
  readonly budgetMs: number;
  readonly generateMs: number;
  /** Reading the synthetic bundle and writing it to the template database (not timed below). */
  readonly setupMs: number;
  readonly paddock: RunTiming & {
    /** Median time of each stage: read, parse, validate (season rebuilt), write (SQLite). */
    readonly stagesMs: Readonly<Record<Stage, number>>;
    readonly rowsImported: number;
    /** A run was stopped after runTimeoutMs: the figures are then a lower bound. */
    readonly timedOut: number | null;
    /** Largest RSS of the process seen during the timed runs (sampled every 25 ms). */
    readonly peakRssMiB: number;
    readonly rssBeforeMiB: number;
  };
  readonly sqlite3:
    | (RunTiming & { readonly rowsImported: number; readonly version: string })
    | { readonly skipped: string };
  readonly cli:
    | {
        readonly ms: number;
        readonly exitCode: number | null;
        readonly message: string;
        readonly progressLine: string;
        readonly rowsImported: number;
      }
    | { readonly skipped: string };
  /** The same rows inserted into Paddock's tables with nothing else (schemaFloorOnce). */
  readonly schemaFloor: RunTiming;
  /** Paddock's median over the sqlite3 shell's; null when the baseline was skipped. */
  readonly paddockOverShell: number | null;
  readonly failures: readonly string[];
}

type Stage = "read" | "parse" | "validate" | "write";

/** Rows of a race in a store's database file (the season's current version). */
function countStoredRows(dbPath: string, seasonId: string, raceId: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db
      .prepare<[string, string, string], { n: number }>(
        `SELECT count(*) AS n FROM results r JOIN seasons s ON s.id = r.season_id AND s.version = r.version
         WHERE r.season_id = ? AND r.race_id = ? AND s.id = ?`,
      )
      .get(seasonId, raceId, seasonId);
    return row?.n ?? 0;
  } finally {
    db.close();
  }
}

/** A SQLite store file holding the bundle's season, written once and copied for every run. */
async function writeTemplateStore(dbPath: string, bundle: SeasonBundle): Promise<void> {
  const store = await SqlStore.open(sqliteDialect(dbPath));
  try {
    await store.putSeason(
      { season: bundle.season, rulesDocument: bundle.rulesDocument },
      { actor: "bench", action: "load-bundle", reason: "", summary: "synthetic season" },
    );
  } finally {
    await store.close();
  }
}

interface RunOutcome {
  readonly ms: number;
  readonly stages: Record<Stage, number>;
  readonly rows: number;
}

/** One timed import: read the file, then commitImport on a fresh copy of the store file. */
async function paddockImportOnce(
  template: string,
  dbPath: string,
  fixture: ImportFixture,
): Promise<RunOutcome> {
  copyFileSync(template, dbPath);
  const store = await SqlStore.open(sqliteDialect(dbPath));
  try {
    const control = new RaceControl(store);
    collectGarbage();
    const t0 = performance.now();
    const bytes = new Uint8Array(readFileSync(fixture.csvPath));
    const t1 = performance.now();
    let parsed = t1;
    let validated = t1;
    const outcome = await commitImport(
      control,
      { username: "bench" },
      fixture.seasonId,
      { raceId: "r1", bytes, file: path.basename(fixture.csvPath), layout: "auto" },
      { reason: "import benchmark" },
      (stage) => {
        if (stage === "parsed") parsed = performance.now();
        else if (stage === "validated") validated = performance.now();
      },
    );
    const t2 = performance.now();
    return {
      ms: t2 - t0,
      stages: {
        read: t1 - t0,
        parse: parsed - t1,
        validate: validated - parsed,
        write: t2 - validated,
      },
      rows: outcome.rows,
    };
  } finally {
    await store.close();
  }
}

interface WorkerRun {
  readonly kind: "paddock-import-run";
  readonly template: string;
  readonly dbPath: string;
  readonly fixture: ImportFixture;
}

/**
 * paddockImportOnce in a worker thread of this process, so that a run can be stopped when it
 * takes too long (the import holds its thread for most of a run), and this thread, idle
 * meanwhile, samples the process's RSS every 25 ms. Undefined when the run was stopped.
 */
async function paddockImportInWorker(
  run: Omit<WorkerRun, "kind">,
  timeoutMs: number,
  rss: { peak: number },
): Promise<RunOutcome | undefined> {
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { kind: "paddock-import-run", ...run } satisfies WorkerRun,
  });
  const sample = () => {
    rss.peak = Math.max(rss.peak, process.memoryUsage.rss());
  };
  const sampler = setInterval(sample, 25);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<RunOutcome | undefined>((resolve, reject) => {
      // Settled first, so the exit that stopping the worker causes is not taken for a crash.
      timer = setTimeout(() => resolve(undefined), timeoutMs);
      worker.once("message", (m: RunOutcome) => resolve(m));
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (code !== 0) reject(new Error(`the import worker exited with code ${code}`));
      });
    });
  } finally {
    clearTimeout(timer);
    clearInterval(sampler);
    sample();
    await worker.terminate();
  }
}

// In the worker: one run, its outcome posted back.
if (!isMainThread && (workerData as Partial<WorkerRun> | null)?.kind === "paddock-import-run") {
  const run = workerData as WorkerRun;
  void paddockImportOnce(run.template, run.dbPath, run.fixture).then((outcome) =>
    parentPort?.postMessage(outcome),
  );
}

/** The sqlite3 shell's version, or null when it is not installed. */
function sqlite3Version(): string | null {
  const r = spawnSync("sqlite3", ["-version"], { encoding: "utf8" });
  return r.status === 0 ? (r.stdout.trim().split(" ")[0] ?? "") : null;
}

/** One timed run of the sqlite3 shell importing the CSV into a new table of a new file. */
function sqliteShellOnce(csvPath: string, dbPath: string): { ms: number; rows: number } {
  rmSync(dbPath, { force: true });
  const t0 = performance.now();
  const r = spawnSync(
    "sqlite3",
    [dbPath, ".mode csv", ".separator ;", `.import '${csvPath}' results`],
    { encoding: "utf8" },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.stderr.trim() !== "")
    throw new Error(`sqlite3 .import failed (exit ${r.status}): ${r.stderr.trim().slice(0, 300)}`);
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM results").get();
    return { ms, rows: row?.n ?? 0 };
  } finally {
    db.close();
  }
}

/**
 * The floor of Paddock's schema: the same number of result rows (and two drivers each) inserted
 * with better-sqlite3 into a copy of the season's store file, through one prepared statement per
 * table in one transaction, with the store's pragmas (WAL, synchronous FULL, foreign keys on):
 * no file read, no checks, no history. What writing into normalised tables with keys, foreign
 * keys and indexes costs on this machine, whatever the code around it.
 */
function schemaFloorOnce(template: string, dbPath: string, seasonId: string): number {
  copyFileSync(template, dbPath);
  const db = new Database(dbPath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    const { version } = db
      .prepare<[string], { version: number }>("SELECT version FROM seasons WHERE id = ?")
      .get(seasonId) ?? { version: 0 };
    const entries = db
      .prepare<[string, number], { id: string; number: string; class_id: string; team_id: string }>(
        "SELECT id, number, class_id, team_id FROM entries WHERE season_id = ? AND version = ? ORDER BY ordinal",
      )
      .all(seasonId, version);
    const lineups = db
      .prepare<[string, number], { entry_id: string; driver_id: string }>(
        "SELECT entry_id, driver_id FROM lineups WHERE season_id = ? AND version = ? ORDER BY ordinal",
      )
      .all(seasonId, version);
    const driversOf = new Map<string, string[]>();
    for (const l of lineups) {
      const list = driversOf.get(l.entry_id) ?? [];
      list.push(l.driver_id);
      driversOf.set(l.entry_id, list);
    }
    const result = db.prepare(
      `INSERT INTO results (season_id, version, race_id, row_index, ordinal, position, class_position, class_id, number, team_id, entry_id, chassis, engine, tyre, laps, time, gap, status, pole, fastest_lap, laps_led, note, source_file, source_line, citation, best_lap, best_lap_number)
       VALUES (?, ?, 'r1', ?, ?, ?, ?, ?, ?, ?, ?, 'Oreca 07', 'V8', 'G', 200, '6:00''41.101', '', 'classified', 0, 0, 0, '', 'round-1-alkamel.csv', ?, '', '1''42.456', 17)`,
    );
    const driver = db.prepare(
      "INSERT INTO result_drivers (season_id, version, race_id, row_index, ordinal, driver_id) VALUES (?, ?, 'r1', ?, ?, ?)",
    );
    const t0 = performance.now();
    db.transaction(() => {
      entries.forEach((e, i) => {
        result.run(
          seasonId,
          version,
          i,
          i,
          i + 1,
          i + 1,
          e.class_id,
          e.number,
          e.team_id,
          e.id,
          i + 2,
        );
        (driversOf.get(e.id) ?? []).forEach((d, j) => driver.run(seasonId, version, i, j, d));
      });
    }).immediate();
    return performance.now() - t0;
  } finally {
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
  }
}

/** The CLI end to end, once, with the progress bar forced on into a file. */
function cliOnce(
  root: string,
  template: string,
  fixture: ImportFixture,
  timeoutMs: number,
): ImportBenchResult["cli"] {
  const cli = path.join(root, "dist", "src", "cli", "main.js");
  if (!existsSync(cli)) return { skipped: `${cli} is missing: build first (npm run build)` };
  const dataDir = path.join(fixture.dir, "cli-data");
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(template, path.join(dataDir, "paddock.sqlite"));
  const errFile = path.join(fixture.dir, "cli-stderr.txt");
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      cli,
      "import",
      fixture.seasonId,
      fixture.csvPath,
      "--round",
      "1",
      "--as",
      "bench",
      "--progress",
    ],
    {
      encoding: "utf8",
      env: { ...process.env, PADDOCK_DATA_DIR: dataDir, DATABASE_URL: "" },
      maxBuffer: 64 * 2 ** 20,
      timeout: timeoutMs,
    },
  );
  const ms = performance.now() - t0;
  writeFileSync(errFile, r.stderr ?? "");
  // The bar redraws with \r or on new lines when stderr is not a terminal: keep its last state.
  const progressLine =
    (r.stderr ?? "")
      .split(/[\r\n]+/)
      .map((l) => l.trim())
      .filter((l) => l.includes("rows/s"))
      .pop() ?? "";
  return {
    ms,
    exitCode: r.status,
    message: (r.stdout ?? "").trim().split("\n").pop() ?? "",
    progressLine,
    rowsImported: countStoredRows(path.join(dataDir, "paddock.sqlite"), fixture.seasonId, "r1"),
  };
}

export async function runImportBench(
  root: string,
  log: (message: string) => void,
  settings: ImportBenchSettings = DEFAULT_IMPORT_SETTINGS,
): Promise<ImportBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paddock-import-bench-"));
  try {
    const failures: string[] = [];
    const g0 = performance.now();
    const fixture = writeImportFixture(dir, settings.rows, settings.seed);
    const generateMs = performance.now() - g0;
    log(
      `bench: import: ${fixture.rows} rows, ${fixture.entries} entries, ${fixture.teams} teams, ${(fixture.csvBytes / 2 ** 20).toFixed(1)} MiB CSV (${generateMs.toFixed(0)} ms)`,
    );

    const s0 = performance.now();
    const bundle = readSeasonBundle(fixture.bundleDir);
    if (!bundle.ok)
      throw new Error(
        `the synthetic season does not validate: ${JSON.stringify(bundle.error.slice(0, 5))}`,
      );
    const template = path.join(dir, "template.sqlite");
    await writeTemplateStore(template, bundle.value);
    const setupMs = performance.now() - s0;

    const rss = { peak: 0 };
    collectGarbage();
    const rssBefore = process.memoryUsage.rss();
    const samples: number[] = [];
    const stageSamples: Record<Stage, number[]> = { read: [], parse: [], validate: [], write: [] };
    let rowsImported = 0;
    let timedOut = false;
    for (let i = 0; i < settings.runs; i++) {
      const spent = samples.reduce((a, b) => a + b, 0);
      if (i >= settings.minRuns && spent + median(samples) > settings.budgetMs) {
        log(
          `bench: import: ${i} Paddock run(s) took ${(spent / 1000).toFixed(0)} s; no more within the ${settings.budgetMs / 1000} s budget`,
        );
        break;
      }
      const dbPath = path.join(dir, `paddock-${i}.sqlite`);
      const run = await paddockImportInWorker(
        { template, dbPath, fixture },
        settings.runTimeoutMs,
        rss,
      );
      if (!run) {
        failures.push(
          `Paddock run ${i + 1} did not complete within ${settings.runTimeoutMs / 1000} s: stopped`,
        );
        log(`bench: import: Paddock run ${i + 1} stopped after ${settings.runTimeoutMs / 1000} s`);
        samples.push(settings.runTimeoutMs);
        timedOut = true;
        break;
      }
      rowsImported = countStoredRows(dbPath, fixture.seasonId, "r1");
      const verified = run.rows === fixture.rows && rowsImported === fixture.rows;
      if (!verified)
        failures.push(
          `Paddock run ${i + 1}: ${run.rows} rows parsed, ${rowsImported} stored, not ${fixture.rows}`,
        );
      samples.push(run.ms);
      for (const s of Object.keys(stageSamples) as Stage[]) stageSamples[s].push(run.stages[s]);
      rmSync(dbPath, { force: true });
      for (const suffix of ["-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
      log(
        `bench: import: Paddock run ${i + 1}/${settings.runs}: ${run.ms.toFixed(0)} ms (${verified ? `${rowsImported} rows stored` : "WRONG ROW COUNT"})`,
      );
    }

    let sqlite3: ImportBenchResult["sqlite3"];
    const version = sqlite3Version();
    if (version === null)
      sqlite3 = {
        skipped: "the sqlite3 shell is not installed (apt-get install sqlite3); baseline skipped",
      };
    else {
      const shellSamples: number[] = [];
      let shellRows = 0;
      for (let i = 0; i < settings.runs; i++) {
        const run = sqliteShellOnce(fixture.csvPath, path.join(dir, `shell-${i}.sqlite`));
        shellRows = run.rows;
        if (run.rows !== fixture.rows)
          failures.push(`sqlite3 run ${i + 1}: ${run.rows} rows imported, not ${fixture.rows}`);
        shellSamples.push(run.ms);
        rmSync(path.join(dir, `shell-${i}.sqlite`), { force: true });
      }
      log(`bench: import: sqlite3 shell median ${median(shellSamples).toFixed(0)} ms`);
      sqlite3 = { ...timing(shellSamples), rowsImported: shellRows, version };
    }

    const floorSamples: number[] = [];
    for (let i = 0; i < settings.runs; i++)
      floorSamples.push(
        schemaFloorOnce(template, path.join(dir, `floor-${i}.sqlite`), fixture.seasonId),
      );
    log(`bench: import: schema floor median ${median(floorSamples).toFixed(0)} ms`);

    const cli: ImportBenchResult["cli"] = timedOut
      ? { skipped: "the in-process import did not complete in time" }
      : cliOnce(root, template, fixture, settings.runTimeoutMs);
    if ("exitCode" in cli) {
      if (cli.exitCode !== 0) failures.push(`paddock import exited with ${cli.exitCode}`);
      if (cli.rowsImported !== fixture.rows)
        failures.push(`paddock import stored ${cli.rowsImported} rows, not ${fixture.rows}`);
      if (cli.progressLine === "") failures.push("paddock import --progress drew no progress bar");
      log(`bench: import: CLI ${cli.ms.toFixed(0)} ms`);
    }

    const stagesMs = Object.fromEntries(
      (Object.keys(stageSamples) as Stage[]).map((s) => [s, median(stageSamples[s])]),
    ) as Record<Stage, number>;
    return {
      rows: fixture.rows,
      entries: fixture.entries,
      teams: fixture.teams,
      drivers: fixture.drivers,
      csvMiB: fixture.csvBytes / 2 ** 20,
      runsPlanned: settings.runs,
      minRuns: settings.minRuns,
      budgetMs: settings.budgetMs,
      generateMs,
      setupMs,
      paddock: {
        ...timing(samples),
        stagesMs,
        rowsImported,
        timedOut: timedOut ? settings.runTimeoutMs : null,
        peakRssMiB: rss.peak / 2 ** 20,
        rssBeforeMiB: rssBefore / 2 ** 20,
      },
      sqlite3,
      schemaFloor: timing(floorSamples),
      cli,
      paddockOverShell: "medianMs" in sqlite3 ? median(samples) / sqlite3.medianMs : null,
      failures,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function perSecond(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`;
}

export function formatImportReport(r: ImportBenchResult): string {
  const row = (name: string, t: RunTiming, rows: number) => [
    name,
    `${t.samplesMs.length}`,
    ms(t.medianMs),
    ms(t.minMs),
    ms(t.maxMs),
    perSecond(r.rows / (t.medianMs / 1000)),
    String(rows),
  ];
  const stopped = r.paddock.timedOut;
  const body = [
    stopped === null
      ? row("Paddock: read, parse, validate, write", r.paddock, r.paddock.rowsImported)
      : ["Paddock: read, parse, validate, write", "1", `> ${stopped}`, "", "", "", "stopped"],
  ];
  body.push(row("better-sqlite3 inserts into Paddock's tables only", r.schemaFloor, r.rows));
  if ("medianMs" in r.sqlite3)
    body.push(row(`sqlite3 ${r.sqlite3.version} shell .import`, r.sqlite3, r.sqlite3.rowsImported));
  const ratio = r.paddockOverShell;
  const stages = Object.entries(r.paddock.stagesMs)
    .map(([stage, t]) => `${stage} ${ms(t)}`)
    .join(", ");
  const cli = r.cli;
  const lines = [
    `Import of a ${r.rows}-row Al Kamel classification (${r.csvMiB.toFixed(1)} MiB CSV) into round 1 of a season of ${r.entries} cars, ${r.teams} teams, ${r.drivers} drivers.`,
    `Medians; every run on a fresh copy of the SQLite file holding the season (Paddock: ${r.minRuns} to ${r.runsPlanned} runs, more only within ${r.budgetMs / 1000} s).`,
    "",
    renderTable(["import", "runs", "median ms", "min ms", "max ms", "rows/s", "rows stored"], body),
    "",
    ratio === null
      ? `Paddock / sqlite3 shell: not measured: ${"skipped" in r.sqlite3 ? r.sqlite3.skipped : ""}`
      : `Paddock / sqlite3 shell ${stopped === null ? "=" : ">"} ${ratio.toFixed(1)}x${stopped === null ? "" : ` (the import was stopped after ${stopped / 1000} s without completing)`}. The shell only splits the CSV into one table of text; Paddock reads the timing layout, checks every cell, matches each row to an entry, team and drivers against the stored season (read whole: the read is in the validate stage), checks the points rules, and writes the race's rows (results and their drivers, with primary keys, indexes and foreign keys), the rows whose status moved and the race's part of the history as a new recorded version. Target: 5x (issue 9).`,
    `Paddock's tables alone: ${ms(r.schemaFloor.medianMs)} ms to insert the race's ${r.rows} result rows and ${r.rows * DRIVERS_PER_CAR} driver rows, prepared statements in one transaction, nothing else${"medianMs" in r.sqlite3 ? ` (${(r.schemaFloor.medianMs / r.sqlite3.medianMs).toFixed(1)}x the shell)` : ""}; Paddock / that floor = ${(r.paddock.medianMs / r.schemaFloor.medianMs).toFixed(1)}x.`,
    Object.values(r.paddock.stagesMs).some(Number.isNaN)
      ? "Paddock stages: no run completed."
      : `Paddock stages (median ms): ${stages}.`,
    `RSS during the Paddock runs: peak ${r.paddock.peakRssMiB.toFixed(0)} MiB (the whole process, sampled every 25 ms), ${r.paddock.rssBeforeMiB.toFixed(0)} MiB before.`,
    "exitCode" in cli
      ? `CLI end to end, once (node dist/src/cli/main.js import ... --progress, bar to a file): ${ms(cli.ms)} ms, exit ${cli.exitCode}, ${cli.rowsImported} rows stored. Last bar: ${cli.progressLine || "(none)"}`
      : `CLI end to end: skipped: ${cli.skipped}`,
    `Row counts verified: ${r.failures.length === 0 ? `${r.rows} rows stored by every run of both` : `NO (${r.failures.length} failure(s))`}.`,
  ];
  return lines.join("\n");
}

// --- The preview of an upload, as the server makes it ---

export interface PreviewBenchResult {
  readonly rows: number;
  readonly csvMiB: number;
  /** The first preview: the worker started and the season sent to it, then the preview. */
  readonly firstSeconds: number;
  /** Median of the next runs: the worker holds the season; parse, check, validate, score, JSON. */
  readonly seconds: number;
  readonly runs: number;
  readonly failures: readonly string[];
}

/**
 * The preview of a `rows`-row Al Kamel classification of a season of as many cars, through the
 * path the server takes (ImportWorkers: the season sent to an import worker, previewImport there,
 * the preview written as JSON and handed back), timed end to end from this thread. Separate from
 * the import benchmark above, which times the commit.
 */
export async function runPreviewBench(
  log: (message: string) => void,
  rows = 25_000,
  seed = 2025,
  runs = 3,
): Promise<PreviewBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paddock-preview-bench-"));
  const workers = new ImportWorkers({ size: 1 });
  try {
    const fixture = writeImportFixture(dir, rows, seed);
    const bundle = readSeasonBundle(fixture.bundleDir);
    if (!bundle.ok) throw new Error("the synthetic season does not validate");
    const store = new MemoryStore();
    await store.putSeason({
      season: bundle.value.season,
      rulesDocument: bundle.value.rulesDocument,
    });
    const current = await store.getSeason(fixture.seasonId);
    if (!current) throw new Error("the synthetic season was not stored");
    const bytes = new Uint8Array(readFileSync(fixture.csvPath));
    const failures: string[] = [];
    const samples: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const answer = await workers.previewResults(
        current,
        { raceId: "r1", bytes, file: path.basename(fixture.csvPath), layout: "auto" },
        { as: "json" },
      );
      samples.push((performance.now() - t0) / 1000);
      const preview = JSON.parse(Buffer.from(answer.body).toString("utf8")) as {
        ok: boolean;
        rows: unknown[];
      };
      if (!preview.ok || preview.rows.length !== rows)
        failures.push(
          `preview ${i + 1}: ok ${preview.ok}, ${preview.rows.length} rows, not ${rows}`,
        );
      log(`bench: preview: run ${i + 1}/${runs + 1}: ${(samples[i] ?? 0).toFixed(2)} s`);
    }
    return {
      rows,
      csvMiB: fixture.csvBytes / 2 ** 20,
      firstSeconds: samples[0] ?? Number.NaN,
      seconds: median(samples.slice(1)),
      runs,
      failures,
    };
  } finally {
    await workers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatPreviewReport(r: PreviewBenchResult): string {
  return `Preview of a ${r.rows}-row Al Kamel classification (${r.csvMiB.toFixed(1)} MiB) into a season of ${r.rows} cars, the server's path (import worker, JSON answer): ${r.seconds.toFixed(2)} s (median of ${r.runs}; the first, with the worker started and the season sent: ${r.firstSeconds.toFixed(2)} s).`;
}
