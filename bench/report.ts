// The benchmark's printed table and its JSON record.
import type { Timing } from "./timing.js";

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
  readonly engine: Timing;
  readonly engineTrail: Timing;
  readonly sql: Timing;
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

function renderTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
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
      "engine rows/s",
      "engine+trail ms",
      "SQL ms",
      "SQL/engine",
      "engine ns/row",
    ],
    results.map((r) => [
      sizeLabel(r.rows),
      String(r.races),
      ms(r.engine.medianMs),
      perSecond(engineRowsPerSecond(r)),
      ms(r.engineTrail.medianMs),
      ms(r.sql.medianMs),
      `${sqlOverEngine(r).toFixed(2)}x`,
      engineNsPerRow(r).toFixed(0),
    ]),
  );
  const details = renderTable(
    [
      "rows",
      "runs (engine/trail/SQL)",
      "generate ms",
      "SQL load ms",
      "trail entries",
      "teams ranked",
      "dsq",
      "dnf",
      "RSS MiB",
    ],
    results.map((r) => [
      sizeLabel(r.rows),
      `${r.engine.samplesMs.length}/${r.engineTrail.samplesMs.length}/${r.sql.samplesMs.length}`,
      ms(r.generateMs),
      ms(r.sqlLoadMs),
      String(r.trailEntries),
      String(r.competitors),
      String(r.dsqRows),
      String(r.dnfRows),
      r.rssMiB.toFixed(0),
    ]),
  );
  const growth = perRowGrowth(results);
  const lines = [
    "Medians of the timed runs. SQL/engine > 1: the engine is that many times faster than the SQL query.",
    "",
    main,
    "",
    growth
      ? `Engine cost per row at ${sizeLabel(growth.to)} rows vs ${sizeLabel(growth.from)} rows: ${growth.ratio.toFixed(2)}x (1.00 = linear growth)`
      : "Engine cost per row: only one size was run.",
    "Totals verified: the engine and the SQL query give every team the same total in every class, at every size.",
    ...exercised(results),
    "",
    main === "" ? "" : details,
  ];
  return lines.join("\n");
}
