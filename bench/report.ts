// The benchmark's printed table and its JSON record.
import type { Timing } from "./timing.js";
import { renderTable } from "./render-table.js";

export interface SizeResult {
  readonly rows: number;
  readonly races: number;
  readonly rounds: number;
  readonly teams: number;
  readonly entries: number;
  readonly dsqRows: number;
  readonly dnfRows: number;
  readonly generateMs: number;
  readonly sqlLoadMs: number;
  readonly duckdbLoadMs: number;
  /** The engine's own load: the season laid out in typed columns (seasonIndex), once per season. */
  readonly engineIndexMs: number;
  readonly engine: Timing;
  /** Share of the engine's timed runs (trail off) spent in garbage collection pauses, 0 to 1. */
  readonly engineGcShare: number;
  readonly engineTrail: Timing;
  readonly sql: Timing;
  readonly duckdb: Timing;
  readonly duckdbThreads: number;
  readonly trailEntries: number;
  readonly trailRules: Record<string, number>;
  readonly competitors: number;
  readonly verified: boolean;
  readonly rssMiB: number;
}

export function engineRowsPerSecond(r: SizeResult): number {
  return r.rows / (r.engine.medianMs / 1000);
}

export function engineNsPerRow(r: SizeResult): number {
  return (r.engine.medianMs * 1e6) / r.rows;
}

export function sqlOverEngine(r: SizeResult): number {
  return r.sql.medianMs / r.engine.medianMs;
}

export function duckdbOverEngine(r: SizeResult): number {
  return r.duckdb.medianMs / r.engine.medianMs;
}

/** What issue 10 asks of the engine: 5x DuckDB's speed, and a cost per row that stays flat. */
export const ENGINE_AIMS = { overDuckDb: 5, perRowGrowth: 1.2 } as const;

export interface EngineAims {
  readonly overDuckDb: { rows: number; ratio: number; aim: number; met: boolean } | null;
  readonly perRowGrowth: { ratio: number; aim: number; met: boolean } | null;
}

/** The aims, judged on the largest size run (DuckDB) and on the smallest and largest (growth). */
export function aimsMet(results: readonly SizeResult[]): EngineAims {
  const last = results[results.length - 1];
  const growth = perRowGrowth(results);
  return {
    overDuckDb: last
      ? {
          rows: last.rows,
          ratio: duckdbOverEngine(last),
          aim: ENGINE_AIMS.overDuckDb,
          met: duckdbOverEngine(last) >= ENGINE_AIMS.overDuckDb,
        }
      : null,
    perRowGrowth: growth
      ? {
          ratio: growth.ratio,
          aim: ENGINE_AIMS.perRowGrowth,
          met: growth.ratio <= ENGINE_AIMS.perRowGrowth,
        }
      : null,
  };
}

/** Per-row cost of the largest size over that of the smallest: 1.0 is perfectly linear growth. */
export function perRowGrowth(
  results: readonly SizeResult[],
): { from: number; to: number; ratio: number } | null {
  const first = results[0];
  const last = results[results.length - 1];
  if (!first || !last || first === last) return null;
  return { from: first.rows, to: last.rows, ratio: engineNsPerRow(last) / engineNsPerRow(first) };
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function perSecond(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`;
}

export function sizeLabel(rows: number): string {
  const exp = Math.log10(rows);
  return Number.isInteger(exp) ? `10^${exp}` : String(rows);
}

/** Which rules the data exercised, from the points trail of the largest size. */
function exercised(results: readonly SizeResult[]): string[] {
  const last = results[results.length - 1];
  if (!last) return [];
  const counts = Object.entries(last.trailRules)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${rule} ${n}`)
    .join(", ");
  return [`Trail entries by rule at ${sizeLabel(last.rows)} rows: ${counts}`];
}

export function formatReport(results: readonly SizeResult[]): string {
  const main = renderTable(
    [
      "rows",
      "races",
      "engine ms",
      "engine+trail ms",
      "SQLite ms",
      "DuckDB ms",
      "SQLite/engine",
      "DuckDB/engine",
      "engine ns/row",
      "engine GC",
    ],
    results.map((r) => [
      sizeLabel(r.rows),
      String(r.races),
      ms(r.engine.medianMs),
      ms(r.engineTrail.medianMs),
      ms(r.sql.medianMs),
      ms(r.duckdb.medianMs),
      `${sqlOverEngine(r).toFixed(2)}x`,
      `${duckdbOverEngine(r).toFixed(2)}x`,
      engineNsPerRow(r).toFixed(0),
      `${(r.engineGcShare * 100).toFixed(0)}%`,
    ]),
  );
  const details = renderTable(
    [
      "rows",
      "runs (engine/trail/SQLite/DuckDB)",
      "engine rows/s",
      "generate ms",
      "engine index ms",
      "SQLite load ms",
      "DuckDB load ms",
      "trail entries",
      "teams ranked",
      "dsq",
      "dnf",
      "RSS MiB",
    ],
    results.map((r) => [
      sizeLabel(r.rows),
      `${r.engine.samplesMs.length}/${r.engineTrail.samplesMs.length}/${r.sql.samplesMs.length}/${r.duckdb.samplesMs.length}`,
      perSecond(engineRowsPerSecond(r)),
      ms(r.generateMs),
      ms(r.engineIndexMs),
      ms(r.sqlLoadMs),
      ms(r.duckdbLoadMs),
      String(r.trailEntries),
      String(r.competitors),
      String(r.dsqRows),
      String(r.dnfRows),
      r.rssMiB.toFixed(0),
    ]),
  );
  const growth = perRowGrowth(results);
  const aims = aimsMet(results);
  const metOrNot = (met: boolean) => (met ? "met" : "NOT met");
  const threads = results[0]?.duckdbThreads;
  const lines = [
    "Medians of the timed runs. SQLite/engine, DuckDB/engine > 1: the engine is that many times faster than the same SQL query",
    `in that database (DuckDB on ${threads ?? "?"} threads). Engine GC: share of the engine's timed runs spent in GC pauses.`,
    "",
    main,
    "",
    growth
      ? `Engine cost per row at ${sizeLabel(growth.to)} rows vs ${sizeLabel(growth.from)} rows: ${growth.ratio.toFixed(2)}x (1.00 = linear growth)`
      : "Engine cost per row: only one size was run.",
    ...(aims.overDuckDb
      ? [
          `Aim: DuckDB/engine >= ${aims.overDuckDb.aim}x at ${sizeLabel(aims.overDuckDb.rows)} rows: ${aims.overDuckDb.ratio.toFixed(2)}x, ${metOrNot(aims.overDuckDb.met)}`,
        ]
      : []),
    ...(aims.perRowGrowth
      ? [
          `Aim: cost per row growing <= ${aims.perRowGrowth.aim}x from the smallest to the largest size: ${aims.perRowGrowth.ratio.toFixed(2)}x, ${metOrNot(aims.perRowGrowth.met)}`,
        ]
      : []),
    "Totals verified: the engine, the SQLite query and the DuckDB query give every team the same total in every class, at every size.",
    ...exercised(results),
    "",
    main === "" ? "" : details,
  ];
  return lines.join("\n");
}
