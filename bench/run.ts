// npm run bench: the standings engine against the same standings in SQL (SQLite and DuckDB), on
// synthetic seasons of 10^3 to 10^6 result rows, a 100,000-row classification import against the sqlite3
// shell (bench/import-bench.ts), then the HTTP server under load (bench/http-bench.ts), then the
// command line's start-up beside node -e 0 (bench/cli-startup-bench.ts). See --help.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkSeasonAgainstRules } from "../src/core/check-season-rules.js";
import type { PointsRules } from "../src/core/points-rules.js";
import type { Season } from "../src/core/season.js";
import { seasonIndex } from "../src/core/season-index.js";
import {
  CLI_AIMS,
  DEFAULT_CLI_SETTINGS,
  formatCliReport,
  runCliStartupBench,
} from "./cli-startup-bench.js";
import { compareTotals, engineTotals, runEngine, trailRuleCounts } from "./engine-bench.js";
import { AIMS, DEFAULT_HTTP_SETTINGS, formatHttpReport, runHttpBench } from "./http-bench.js";
import {
  DEFAULT_IMPORT_SETTINGS,
  formatImportReport,
  formatPreviewReport,
  runImportBench,
  runPreviewBench,
} from "./import-bench.js";
import { DuckDbBaseline } from "./duckdb-baseline.js";
import { aimsMet, ENGINE_AIMS, formatReport, perRowGrowth, sizeLabel } from "./report.js";
import type { SizeResult } from "./report.js";
import { benchRules } from "./rules.js";
import { SqlBaseline } from "./sql-baseline.js";
import { syntheticSeason } from "./synthetic-season.js";
import { canForceGc, collectGarbage, GcWatch, measure, measureAsync } from "./timing.js";
import type { TimedSpan } from "./timing.js";
import { performance } from "node:perf_hooks";

const SIZES = [1_000, 10_000, 100_000, 1_000_000] as const;
const SEED = 2003;

/** Warm-up and timed runs per size: many for small sizes, at least 3 for 10^6. */
function runsFor(rows: number): { warmup: number; reps: number } {
  if (rows <= 1_000) return { warmup: 200, reps: 201 };
  if (rows <= 10_000) return { warmup: 30, reps: 51 };
  if (rows <= 100_000) return { warmup: 3, reps: 11 };
  return { warmup: 1, reps: 5 };
}

const H = DEFAULT_HTTP_SETTINGS;
const I = DEFAULT_IMPORT_SETTINGS;
const C = DEFAULT_CLI_SETTINGS;
const HELP = `Usage: node dist/bench/run.js [--max-rows N] [--no-http | --http-only] [--no-import | --import-only]
       [--no-cli | --cli-only] [--help]

Engine part: times the Paddock standings engine (computeStandings, with and without the points
trail) against the same teams' standings computed by one SQL query in an in-memory SQLite
database (better-sqlite3) and by the same query in an in-memory DuckDB database
(@duckdb/node-api, its default thread count), on synthetic seasons of ${SIZES.map((s) => sizeLabel(s)).join(", ")}
result rows; loading the rows into each database, and the engine's own load (the season laid
out in typed columns with each race's summary, built once per season), are timed apart. The totals of all three are
compared for every team at every size; any difference fails the run (exit code 1). Prints, per
size, the medians, SQLite/engine and DuckDB/engine (how many times faster the engine is), the
engine's cost per row (ns/row) and its share of time in garbage collection (perf_hooks "gc"
entries during the timed runs), and the growth of the cost per row from the smallest size to the
largest. Aims, reported as met or not met: DuckDB/engine >= ${ENGINE_AIMS.overDuckDb} at the largest size run, and
cost per row growing at most ${ENGINE_AIMS.perRowGrowth}x (1.00 = linear). 1 to 3 minutes.

Import part (2 to 3 minutes; the CLI run needs the build): a synthetic season of ${I.rows} cars and
an Al Kamel CSV of ${I.rows} rows for its round 1 (seed ${I.seed}, in a temporary folder). Paddock's import
path in this process (read, parse, validate the season, write it through the SQLite store:
commitImport) against the sqlite3 shell's .import of the same CSV into one table, each run on a
fresh database file; medians of ${I.minRuns} to ${I.runs} runs (more only within ${I.budgetMs / 1000} s), the ratio, rows/s,
peak RSS, and the CLI (paddock import --progress) once end to end. The stored row counts must
be ${I.rows} everywhere, and an import still going after ${I.runTimeoutMs / 1000} s is stopped (exit code 1 either
way). Without the sqlite3 shell (apt-get install sqlite3) the baseline is skipped. Then the
preview of a 25,000-row file for a season of as many cars, the way the server makes it (on an
import worker, answered as JSON), in seconds: the first (worker started, season sent) and the
median of 3 more.

HTTP part (about 2 minutes; runs the built server, so build first): starts node
dist/src/server.js as a child process on 127.0.0.1 (LOG_LEVEL=warn, an empty temporary
PADDOCK_DATA_DIR).
  Cold start: spawn to the first 200 from GET /healthz, median of ${H.coldStarts} spawns; each is stopped
    with SIGTERM and must exit with code 0 within ${H.stopTimeoutMs / 1000} s (shutdown time reported).
  Load: autocannon, ${H.connections} connections, pipelining ${H.pipelining}, on one server: /healthz (bare),
    /api/seasons/alms-2003/standings?class=GT (json) and /seasons/alms-2003/standings?class=GT
    (html); ${H.warmupSeconds} s warm-up each (not recorded), then ${H.rounds} rounds of ${H.measureSeconds} s each, interleaved;
    then the json with the If-None-Match of a first GET (the 304 path).
  Any non-2xx answer (other than 304 on the 304 path), connection error or timeout fails the
  run (exit code 1). Aims, reported as met or not met: json >= ${AIMS.jsonOverBare * 100}% and html >= ${AIMS.htmlOverBare * 100}% of
  the bare route's requests/s; p99 latency < ${AIMS.p99Ms} ms.

CLI part (about 30 s; runs the built CLI): wall time from spawn to exit of node -e 0 (Node's own
start-up), paddock --version, paddock --help and paddock standings alms-2003 (read from data/,
no store), ${C.warmup} warm-up and ${C.runs} timed runs each, timed by hyperfine when it is installed (apt-get
install hyperfine), else by spawnSync in this process. Prints each median and its ratio to
node -e 0. Aims, reported as met or not met: --version < ${CLI_AIMS.version} ms, standings < ${CLI_AIMS.standings} ms. A
command that fails or prints the wrong thing fails the run (exit code 1).

Options:
  --max-rows N  only run the engine sizes of at most N rows (e.g. --max-rows 100000)
  --no-http     skip the HTTP part
  --http-only   only run the HTTP part
  --no-import   skip the import part
  --import-only only run the import part
  --no-cli      skip the CLI part
  --cli-only    only run the CLI part
  --live-compute-only  only the live feed's compute per update (bench/live-compute-bench.ts;
                results not written)
  --live-only [--clients N] [--duration S] …  only the live part: SSE viewers on several nodes
                (bench/live-bench.ts; --live-only --help lists its options; results not written)
  --help        show this help

Results: tables on standard output, and bench/results/latest.json. Each part replaces its own
figures there and keeps the others': the engine's at the top level, the HTTP part's under "http",
the import part's under "import", the CLI part's under "cliStartup".`;

interface Args {
  readonly maxRows: number;
  readonly engine: boolean;
  readonly http: boolean;
  readonly import: boolean;
  readonly cli: boolean;
}

function parseArgs(argv: readonly string[]): Args | "help" {
  let maxRows = Infinity;
  let maxRowsGiven = false;
  let noHttp = false;
  let httpOnly = false;
  let noImport = false;
  let importOnly = false;
  let noCli = false;
  let cliOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--no-http") {
      noHttp = true;
      continue;
    }
    if (arg === "--http-only") {
      httpOnly = true;
      continue;
    }
    if (arg === "--no-import") {
      noImport = true;
      continue;
    }
    if (arg === "--import-only") {
      importOnly = true;
      continue;
    }
    if (arg === "--no-cli") {
      noCli = true;
      continue;
    }
    if (arg === "--cli-only") {
      cliOnly = true;
      continue;
    }
    const inline = /^--max-rows=(.*)$/.exec(arg);
    if (arg === "--max-rows" || inline) {
      const text = inline ? inline[1] : argv[++i];
      const n = Number(text);
      if (text === undefined || text.trim() === "" || !Number.isFinite(n) || n < 1)
        throw new UsageError(
          `--max-rows needs a positive number of rows, not ${text === undefined ? "nothing" : `"${text}"`}`,
        );
      maxRows = n;
      maxRowsGiven = true;
      continue;
    }
    throw new UsageError(`unknown argument "${arg}"`);
  }
  if (noHttp && httpOnly) throw new UsageError("--no-http and --http-only leave nothing to run");
  if (httpOnly && maxRowsGiven)
    throw new UsageError("--max-rows is about the engine part, which --http-only skips");
  if (importOnly && (httpOnly || noImport || maxRowsGiven))
    throw new UsageError("--import-only runs the import part alone: no other part's option");
  if (cliOnly && (httpOnly || importOnly || noCli || maxRowsGiven))
    throw new UsageError("--cli-only runs the CLI part alone: no other part's option");
  return {
    maxRows,
    engine: !httpOnly && !importOnly && !cliOnly,
    http: !noHttp && !importOnly && !cliOnly,
    import: !noImport && !httpOnly && !cliOnly,
    cli: !noCli && !httpOnly && !importOnly,
  };
}

class UsageError extends Error {}

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * The engine (with and without the trail), the SQLite query and the DuckDB query must give every
 * team the same total in every class; exits with code 1 when they do not. Returns what the report
 * shows about the data.
 */
async function verifyAgainstSql(
  season: Season,
  rules: PointsRules,
  sql: SqlBaseline,
  duck: DuckDbBaseline,
  rows: number,
): Promise<{ trailEntries: number; trailRules: Record<string, number>; competitors: number }> {
  const sqlTotals = sql.totals();
  const duckTotals = await duck.totals();
  const plain = runEngine(season, rules, false);
  const traced = runEngine(season, rules, true);
  const mismatches = [
    ...compareTotals(engineTotals(plain, "teams"), sqlTotals).map((m) => `trail off: ${m}`),
    ...compareTotals(engineTotals(traced, "teams"), sqlTotals).map((m) => `trail on: ${m}`),
    ...compareTotals(engineTotals(plain, "teams"), duckTotals).map((m) => `DuckDB: ${m}`),
  ];
  if (sqlTotals.length === 0) mismatches.push("the SQL query returned no teams");
  if (mismatches.length > 0) {
    log(`\nFAILED at ${rows} rows: the engine and the SQL query disagree (${mismatches.length}):`);
    for (const m of mismatches.slice(0, 20)) log(`  ${m}`);
    if (mismatches.length > 20) log(`  ... and ${mismatches.length - 20} more`);
    process.exit(1);
  }
  return {
    trailEntries: traced.trail.length,
    trailRules: trailRuleCounts(traced),
    competitors: sqlTotals.length,
  };
}

async function benchSize(targetRows: number, gcWatch: GcWatch): Promise<SizeResult> {
  const rules = benchRules();
  const t0 = performance.now();
  const synthetic = syntheticSeason(targetRows, SEED);
  const generateMs = performance.now() - t0;
  const { season } = synthetic;
  if (synthetic.rows !== targetRows)
    throw new Error(`generated ${synthetic.rows} rows, not ${targetRows}`);
  const misfits = checkSeasonAgainstRules(season, rules);
  if (misfits.length > 0)
    throw new Error(`the synthetic season does not fit the rules: ${JSON.stringify(misfits)}`);

  // The engine's load, like the databases' below: the season laid out in typed columns, with
  // each race's summary; built once per season and then reused, so not in the timed runs.
  const t0i = performance.now();
  seasonIndex(season);
  const engineIndexMs = performance.now() - t0i;
  const t1 = performance.now();
  const sql = new SqlBaseline(season, rules, { index: true });
  const sqlLoadMs = performance.now() - t1;
  const t2 = performance.now();
  const duck = await DuckDbBaseline.create(season, rules);
  const duckdbLoadMs = performance.now() - t2;
  try {
    const verified = await verifyAgainstSql(season, rules, sql, duck, targetRows);
    const { warmup, reps } = runsFor(targetRows);
    // The two sides of the aim's ratio (engine, DuckDB) are quick: more runs steady their medians.
    const ratioReps = Math.max(reps, 11);
    let sink = 0;
    let engineSpan: TimedSpan = { fromMs: 0, toMs: 0 };
    gcWatch.clear();
    const engine = measure(
      () => runEngine(season, rules, false),
      warmup,
      ratioReps,
      (s) => (sink += s.tables.length),
      (span) => (engineSpan = span),
    );
    const engineGcShare = await gcWatch.gcShare(engineSpan);
    const engineTrail = measure(
      () => runEngine(season, rules, true),
      warmup,
      reps,
      (s) => (sink += s.trail.length),
    );
    const sqlTiming = measure(
      () => sql.totals(),
      warmup,
      reps,
      (t) => (sink += t.length),
    );
    const duckdb = await measureAsync(
      () => duck.totals(),
      warmup,
      ratioReps,
      (t) => (sink += t.length),
    );
    if (sink === 0) throw new Error("nothing was computed");
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    return {
      rows: synthetic.rows,
      races: synthetic.races,
      rounds: synthetic.rounds,
      teams: synthetic.teams,
      entries: synthetic.entries,
      dsqRows: synthetic.dsqRows,
      dnfRows: synthetic.dnfRows,
      generateMs,
      sqlLoadMs,
      duckdbLoadMs,
      engineIndexMs,
      engine,
      engineGcShare,
      engineTrail,
      sql: sqlTiming,
      duckdb,
      duckdbThreads: duck.threads,
      ...verified,
      verified: true,
      rssMiB,
    };
  } finally {
    sql.close();
    duck.close();
  }
}

/** Runs the engine part, prints its report and returns its record for latest.json. */
async function engineSection(maxRows: number): Promise<Record<string, unknown>> {
  const sizes = SIZES.filter((s) => s <= maxRows);
  if (sizes.length === 0) {
    log(`bench: --max-rows ${maxRows} leaves no size to run (the smallest is ${SIZES[0]})`);
    process.exit(2);
  }
  if (!canForceGc) log("bench: cannot force a GC between runs; timings may be noisier");

  const results: SizeResult[] = [];
  const gcWatch = new GcWatch();
  const started = performance.now();
  for (const rows of sizes) {
    log(`bench: ${sizeLabel(rows)} rows ...`);
    const r = await benchSize(rows, gcWatch);
    results.push(r);
    log(
      `bench: ${sizeLabel(rows)} rows: engine ${r.engine.medianMs.toFixed(2)} ms, with trail ${r.engineTrail.medianMs.toFixed(2)} ms, SQLite ${r.sql.medianMs.toFixed(2)} ms, DuckDB ${r.duckdb.medianMs.toFixed(2)} ms (totals verified)`,
    );
    collectGarbage();
  }
  gcWatch.stop();
  const totalSeconds = (performance.now() - started) / 1000;

  process.stdout.write(
    `\n${formatReport(results)}\n\nWhole benchmark: ${totalSeconds.toFixed(1)} s\n`,
  );

  const growth = perRowGrowth(results);
  return {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cpus: os.cpus().length,
    sqlite: SqlBaseline.sqliteVersion(),
    duckdb: DuckDbBaseline.version(),
    seed: SEED,
    forcedGcBeforeEachTimedBlock: canForceGc,
    totalSeconds,
    perRowCostGrowth: growth,
    aims: aimsMet(results),
    sizes: results.map((r) => ({
      ...r,
      engineRowsPerSecond: r.rows / (r.engine.medianMs / 1000),
      engineNsPerRow: (r.engine.medianMs * 1e6) / r.rows,
      engineTrailNsPerRow: (r.engineTrail.medianMs * 1e6) / r.rows,
      sqlOverEngine: r.sql.medianMs / r.engine.medianMs,
      duckdbOverEngine: r.duckdb.medianMs / r.engine.medianMs,
    })),
  };
}

/** The previous latest.json, or {} when there is none (or it is not a JSON object). */
function previousResults(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--live-only") {
    const live = await import("./live-bench.js");
    if (process.argv.includes("--help")) process.stdout.write(`${live.LIVE_HELP}\n`);
    else await live.liveBenchMain(process.argv.slice(3));
    return;
  }
  if (process.argv.slice(2).join(" ") === "--live-compute-only") {
    const live = await import("./live-compute-bench.js");
    process.stdout.write(`${live.formatLiveComputeReport(await live.runLiveComputeBench())}\n`);
    return;
  }
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    log(`bench: ${e.message}\n\n${HELP}`);
    process.exit(2);
  }
  if (args === "help") {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const root = packageRoot();
  const out = path.join(root, "bench", "results");
  const file = path.join(out, "latest.json");

  const engine = args.engine ? await engineSection(args.maxRows) : null;
  let imported: Awaited<ReturnType<typeof runImportBench>> | null = null;
  let preview: Awaited<ReturnType<typeof runPreviewBench>> | null = null;
  if (args.import) {
    if (engine) process.stdout.write("\n");
    log("bench: import: a 100,000-row classification file ...");
    imported = await runImportBench(root, log);
    process.stdout.write(`\n${formatImportReport(imported)}\n`);
    if (imported.failures.length > 0) {
      log(`\nFAILED: import benchmark (${imported.failures.length}):`);
      for (const f of imported.failures) log(`  ${f}`);
      log("bench: results not written");
      process.exit(1);
    }
    log("bench: preview: a 25,000-row classification file, as the server previews it ...");
    preview = await runPreviewBench(log);
    process.stdout.write(`\n${formatPreviewReport(preview)}\n`);
    if (preview.failures.length > 0) {
      log(`\nFAILED: preview benchmark: ${preview.failures.join("; ")}`);
      log("bench: results not written");
      process.exit(1);
    }
  }
  let http: Awaited<ReturnType<typeof runHttpBench>> | null = null;
  if (args.http) {
    if (engine ?? imported) process.stdout.write("\n");
    log("bench: http: the server under load ...");
    try {
      http = await runHttpBench(root, log);
    } catch (e) {
      log(`\nFAILED: HTTP benchmark: ${e instanceof Error ? e.message : String(e)}`);
      log("bench: results not written");
      process.exit(1);
    }
    process.stdout.write(`\n${formatHttpReport(http)}\n`);
    if (http.failures.length > 0) {
      log(`\nFAILED: HTTP benchmark (${http.failures.length}):`);
      for (const f of http.failures) log(`  ${f}`);
      log("bench: results not written");
      process.exit(1);
    }
  }
  let cli: ReturnType<typeof runCliStartupBench> | null = null;
  if (args.cli) {
    if (engine ?? imported ?? http) process.stdout.write("\n");
    log("bench: cli: start-up of the command line ...");
    cli = runCliStartupBench(root, log);
    if (cli.failures.length > 0) {
      log(`\nFAILED: CLI benchmark (${cli.failures.length}):`);
      for (const f of cli.failures) log(`  ${f}`);
      log("bench: results not written");
      process.exit(1);
    }
    process.stdout.write(`\n${formatCliReport(cli)}\n`);
  }

  // Each part replaces its own figures and keeps the others': the engine's at the top level (the
  // file's original shape), the HTTP part's under "http", the import part's under "import" (the
  // preview's under "importPreview", the CLI's under "cliStartup").
  const previous = previousResults(file);
  const {
    http: previousHttp,
    import: previousImport,
    importPreview: previousPreview,
    cliStartup: previousCli,
    ...previousEngine
  } = previous;
  const merged: Record<string, unknown> = { ...(engine ?? previousEngine) };
  if (http ?? previousHttp) merged.http = http ?? previousHttp;
  if (imported ?? previousImport) merged.import = imported ?? previousImport;
  if (preview ?? previousPreview) merged.importPreview = preview ?? previousPreview;
  if (cli ?? previousCli) merged.cliStartup = cli ?? previousCli;
  mkdirSync(out, { recursive: true });
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  log(`bench: results written to ${path.relative(process.cwd(), file) || file}`);
}

main().catch((e: unknown) => {
  log(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
