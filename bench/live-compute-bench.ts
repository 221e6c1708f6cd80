// The live feed's compute per update: a 60-car race in a 10-round season (the synthetic season of
// synthetic-season.ts cut to 60 cars and 10 rounds, scored with the fixture WEC 2025 rules: teams
// and drivers per class, pole bonus), the last round's first race fed lap by lap. Each update is
// one car crossing the line: apply the lap, place every car, score the provisional race, rank
// every table before and after, title statuses; what the service does per post, minus the I/O.
//   npx tsc -p tsconfig.build.json && node dist/bench/live-compute-bench.js [--updates N]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LiveRace, liveCars } from "../src/core/live/live-race.js";
import type { LiveLap } from "../src/core/live/live-types.js";
import { provisionalBase, provisionalPicture } from "../src/core/live/provisional-standings.js";
import { rulesFromInput } from "../src/core/points-rules.js";
import type { ResultRow, Season } from "../src/core/season.js";
import { syntheticSeason } from "./synthetic-season.js";
import { seededRng } from "./prng.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CARS = 60;
const ROUNDS = 10;

export interface LiveComputeReport {
  readonly cars: number;
  readonly rounds: number;
  readonly races: number;
  readonly seasonRows: number;
  readonly updates: number;
  readonly baseMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The same updates in CPU time of this process (user + system): what a busy machine's other
   * processes do not inflate. */
  readonly cpuMedianMs: number;
  readonly cpuP99Ms: number;
  /** Updates whose picture was computed afresh (an order not scored before), and their times. */
  readonly recomputed: number;
  readonly recomputedMedianMs: number;
  readonly recomputedP99Ms: number;
  readonly recomputedCpuMedianMs: number;
  /** Garbage collection inside the timed updates: in all, how many it hit, and the fresh
   * pictures' p99 with the collector's pauses taken out. */
  readonly gcMs: number;
  readonly updatesWithGc: number;
  readonly recomputedP99WithoutGcMs: number;
}

/**
 * The synthetic season cut to its first 60 entries (their teams and drivers) and first 10 rounds,
 * positions closed up.
 */
function season60(): Season {
  const s = syntheticSeason(20_000).season;
  const entries = s.entries.slice(0, CARS);
  const kept = new Set(entries.map((e) => e.id));
  const rounds = s.rounds.filter((r) => (r.number ?? 0) <= ROUNDS);
  const races = new Set(rounds.flatMap((r) => r.races.map((x) => x.id)));
  const byRace = new Map<string, ResultRow[]>();
  for (const r of s.results)
    if (races.has(r.raceId) && r.entryId !== null && kept.has(r.entryId))
      byRace.set(r.raceId, [...(byRace.get(r.raceId) ?? []), r]);
  const results = [...byRace.values()].flatMap((rows) =>
    rows.map((r, i) => ({ ...r, position: i + 1, index: i })),
  );
  const classes = new Set(entries.map((e) => e.classId));
  const teams = new Set(entries.map((e) => e.teamId));
  const drivers = new Set(results.flatMap((r) => r.driverIds));
  return {
    ...s,
    classes: s.classes.filter((k) => classes.has(k.id)),
    teams: s.teams.filter((t) => teams.has(t.id)),
    drivers: s.drivers.filter((d) => drivers.has(d.id)),
    rounds,
    entries,
    results,
  };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export async function runLiveComputeBench(updates = 600): Promise<LiveComputeReport> {
  const season = season60();
  const rules = rulesFromInput(
    JSON.parse(readFileSync(join(ROOT, "fixtures", "live", "wec-2025-cota", "rules.json"), "utf8")),
  );
  if (!rules.ok) throw new Error(JSON.stringify(rules.error));
  const t0 = performance.now();
  const base = provisionalBase(season, rules.value, ROUNDS);
  const baseMs = performance.now() - t0;
  if (!base.ok) throw new Error(JSON.stringify(base.error));
  const race = new LiveRace(base.value.entries);
  const cars = season.entries.map((e) => ({
    number: e.number ?? "",
    classId: e.classId,
    drivers: season.lineups
      .filter((l) => l.entryId === e.id)
      .map((l) => season.drivers.find((d) => d.id === l.driverId)?.name ?? ""),
    pace: 100_000 + (Number(e.number) % 17) * 700,
  }));
  // Every car's laps (its own pace, 2% noise), crossing the line in race-time order as timing
  // sends them: enough laps for the warm-up and the timed updates.
  const rng = seededRng(12);
  const lines: LiveLap[] = [];
  const lapsEach = Math.ceil((updates + 50) / cars.length) + 1;
  for (const car of cars) {
    let at = 0;
    for (let lap = 1; lap <= lapsEach; lap++) {
      const lapTime = Math.round(car.pace * (1 + rng.next() * 0.02));
      at += lapTime;
      lines.push({
        number: car.number,
        lap,
        lapTimeMs: lapTime,
        elapsedMs: at,
        driver: car.drivers[0] ?? `Driver ${car.number}a`,
        classId: car.classId,
        team: null,
        pitMs: null,
      });
    }
  }
  lines.sort((x, y) => x.elapsedMs - y.elapsedMs);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const freshSamples: number[] = [];
  const freshCpu: number[] = [];
  // Garbage collections, to tell the engine's work from the collector's pauses in the tail.
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  const spans: { start: number; end: number; fresh: boolean }[] = [];
  /** Pictures seen: one seen before came from the cache (the same order again). */
  const seen = new WeakSet<object>();
  // Warm-up updates (not recorded), then the timed ones: one car crossing the line each.
  for (let u = 0; u < updates + 50; u++) {
    const line = lines[u];
    if (!line) break;
    const start = performance.now();
    const cpu = process.cpuUsage();
    race.apply([line]);
    const order = race.summaries();
    liveCars(order);
    const picture = provisionalPicture(base.value, order);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (!picture.ok) throw new Error(JSON.stringify(picture.error.slice(0, 3)));
    const fresh = !seen.has(picture.value);
    seen.add(picture.value);
    if (u >= 50) {
      spans.push({ start, end: start + ms, fresh });
      samples.push(ms);
      cpuSamples.push((used.user + used.system) / 1000);
      if (fresh) {
        freshSamples.push(ms);
        freshCpu.push((used.user + used.system) / 1000);
      }
    }
  }
  // Entries are delivered after the work: wait for them, then put each pause in its update.
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  const gcIn = spans.map((sp) =>
    gcs.reduce(
      (ms, g) => ms + Math.max(0, Math.min(g.end, sp.end) - Math.max(g.start, sp.start)),
      0,
    ),
  );
  const withoutGc = spans
    .flatMap((sp, i) => (sp.fresh ? [sp.end - sp.start - (gcIn[i] ?? 0)] : []))
    .sort((a, b) => a - b);
  const sorted = [...samples].sort((a, b) => a - b);
  const cpuSorted = [...cpuSamples].sort((a, b) => a - b);
  const freshSorted = [...freshSamples].sort((a, b) => a - b);
  return {
    cars: base.value.entries.size,
    rounds: ROUNDS,
    races: season.rounds.reduce((n, r) => n + r.races.length, 0),
    seasonRows: season.results.length,
    updates: samples.length,
    baseMs,
    medianMs: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    cpuMedianMs: percentile(cpuSorted, 50),
    cpuP99Ms: percentile(cpuSorted, 99),
    recomputed: freshSorted.length,
    recomputedMedianMs: percentile(freshSorted, 50),
    recomputedP99Ms: percentile(freshSorted, 99),
    gcMs: gcIn.reduce((a, b) => a + b, 0),
    updatesWithGc: gcIn.filter((g) => g > 0).length,
    recomputedP99WithoutGcMs: percentile(withoutGc, 99),
    recomputedCpuMedianMs: percentile(
      [...freshCpu].sort((a, b) => a - b),
      50,
    ),
  };
}

export function formatLiveComputeReport(r: LiveComputeReport): string {
  const f = (ms: number) => ms.toFixed(2);
  return [
    `Live compute: ${r.cars}-car race in a ${r.rounds}-round season (${r.races} races, ${r.seasonRows} result rows before it), ${r.updates} updates of one lap each`,
    `  per update (apply, order, provisional standings, title status): median ${f(r.medianMs)} ms, p99 ${f(r.p99Ms)} ms, max ${f(r.maxMs)} ms (aim: < 5 ms)`,
    `  the same in CPU time of this process: median ${f(r.cpuMedianMs)} ms, p99 ${f(r.cpuP99Ms)} ms`,
    `  the ${r.recomputed} updates where the picture was computed afresh (an order of cars not scored before in the race): median ${f(r.recomputedMedianMs)} ms, p99 ${f(r.recomputedP99Ms)} ms (CPU median ${f(r.recomputedCpuMedianMs)} ms)`,
    `  garbage collection inside the updates: ${f(r.gcMs)} ms in ${r.updatesWithGc} of them; the fresh pictures' p99 without it: ${f(r.recomputedP99WithoutGcMs)} ms`,
    `  once per race (standings before it): ${f(r.baseMs)} ms`,
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--updates");
  const n = at > 0 ? Number(process.argv[at + 1]) : 600;
  console.log(
    formatLiveComputeReport(await runLiveComputeBench(Number.isInteger(n) && n > 0 ? n : 600)),
  );
}
