// Al Kamel's lap-by-lap analysis export (WEC, ELMS: `;`-separated, one row per car per lap:
// NUMBER, DRIVER_NUMBER, LAP_NUMBER, LAP_TIME, ELAPSED, DRIVER_NAME, CLASS, TEAM, …) turned into
// a classification: each car's laps, total time, best lap and drivers, in running order (most
// laps, then least elapsed time). The file has no statuses, so every car is written classified
// and the notes say so; the stewards' official classification, when published, replaces it.
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { LAP_TIME_EXAMPLES, formatRaceTime, parseRaceTime } from "../core/race-time.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import type { RowInput } from "../core/season-input.js";
import type { DelimitedRecord } from "./read-delimited.js";

/** The columns that make a header a lap analysis: one row per lap, not per car. */
const REQUIRED = ["NUMBER", "LAP_NUMBER", "LAP_TIME", "ELAPSED"] as const;

export function isLapAnalysis(header: readonly string[]): boolean {
  const names = new Set(header.map((h) => h.trim().toUpperCase()));
  return REQUIRED.every((c) => names.has(c)) && names.has("DRIVER_NUMBER");
}

interface Car {
  number: string;
  laps: number;
  elapsed: number;
  lastLine: number;
  best: number;
  bestLap: number;
  klass: string;
  team: string;
  drivers: string[];
}

export interface LapAnalysisRead {
  readonly rows: readonly RowInput[];
  readonly notes: readonly string[];
  /** Lap rows read. */
  readonly laps: number;
}

/**
 * The classification the laps give, as Paddock results rows (file and line: each car's last lap),
 * or the problems of the rows that cannot be read, each naming its line and column.
 */
export function classificationFromLaps(
  header: readonly string[],
  records: Iterable<DelimitedRecord>,
  file: string,
): Result<LapAnalysisRead, Problem[]> {
  const names = header.map((h) => h.trim().toUpperCase());
  const col = (name: string) => names.indexOf(name);
  const at = {
    number: col("NUMBER"),
    lap: col("LAP_NUMBER"),
    lapTime: col("LAP_TIME"),
    elapsed: col("ELAPSED"),
    driver: col("DRIVER_NAME"),
    klass: col("CLASS"),
    team: col("TEAM"),
  };
  const source = (i: number) => header[i]?.trim() ?? "";
  const problems: Problem[] = [];
  const cars = new Map<string, Car>();
  let laps = 0;
  for (const r of records) {
    const cell = (i: number) => (i < 0 ? "" : (r.fields[i] ?? "").trim());
    if (r.fields.every((f) => f.trim() === "")) continue;
    laps++;
    const number = cell(at.number);
    const lap = Number(cell(at.lap));
    const elapsed = parseRaceTime(cell(at.elapsed));
    // An empty LAP_TIME (a lap not completed in timing) is no lap time; anything else must be one.
    const lapTime = cell(at.lapTime) === "" ? undefined : parseRaceTime(cell(at.lapTime));
    const bad = (i: number, what: string) =>
      problems.push(
        problem("INVALID_FIELD", `${what}: "${cell(i)}"`, {
          file,
          line: r.line,
          field: source(i),
        }),
      );
    if (number === "") bad(at.number, "no car number");
    if (!Number.isInteger(lap) || lap < 1) bad(at.lap, "a lap number is a whole number from 1");
    if (elapsed === undefined) bad(at.elapsed, "not a race time");
    if (cell(at.lapTime) !== "" && lapTime === undefined)
      bad(at.lapTime, `not a lap time (${LAP_TIME_EXAMPLES})`);
    if (problems.length > 50) break;
    if (number === "" || elapsed === undefined || !Number.isInteger(lap)) continue;
    let car = cars.get(number);
    if (!car) {
      car = {
        number,
        laps: 0,
        elapsed: 0,
        lastLine: r.line,
        best: Infinity,
        bestLap: 0,
        klass: "",
        team: "",
        drivers: [],
      };
      cars.set(number, car);
    }
    if (lap > car.laps || (lap === car.laps && elapsed > car.elapsed)) {
      car.laps = lap;
      car.elapsed = elapsed;
      car.lastLine = r.line;
    }
    // A lap time of 0 or none (a lap not completed in timing) is no best lap; on a tie, the first.
    if (lapTime !== undefined && lapTime > 0 && lapTime < car.best) {
      car.best = lapTime;
      car.bestLap = lap;
    }
    if (cell(at.klass)) car.klass = cell(at.klass);
    if (cell(at.team)) car.team = cell(at.team);
    const driver = cell(at.driver);
    if (driver && !car.drivers.includes(driver)) car.drivers.push(driver);
  }
  if (problems.length > 0) return err(problems);
  if (cars.size === 0)
    return err([problem("EMPTY_FILE", `${file} has a header but no laps`, { file, line: 2 })]);
  const order = [...cars.values()].sort((a, b) => b.laps - a.laps || a.elapsed - b.elapsed);
  const leader = order[0] as Car;
  let fastest = leader;
  for (const c of order) if (c.best < fastest.best) fastest = c;
  const rows: RowInput[] = order.map((c, i) => ({
    file,
    line: c.lastLine,
    cells: {
      pos: String(i + 1),
      number: c.number,
      class: c.klass,
      team: c.team,
      drivers: c.drivers.join(";"),
      laps: String(c.laps),
      time: formatRaceTime(c.elapsed),
      gap:
        i === 0
          ? ""
          : c.laps === leader.laps
            ? `+${formatRaceTime(c.elapsed - leader.elapsed)}`
            : `+${leader.laps - c.laps} Lap${leader.laps - c.laps === 1 ? "" : "s"}`,
      status: "classified",
      fastest_lap: c === fastest && Number.isFinite(c.best) ? "1" : "",
      best_lap: Number.isFinite(c.best) ? formatRaceTime(c.best) : "",
      best_lap_number: Number.isFinite(c.best) ? String(c.bestLap) : "",
    },
  }));
  return ok({
    rows,
    laps,
    notes: [
      `lap-by-lap analysis: ${laps} laps of ${cars.size} cars turned into a classification (running order by laps completed, then elapsed time; best lap per car)`,
      "the analysis has no statuses: every car is classified until the official classification replaces it",
    ],
  });
}
