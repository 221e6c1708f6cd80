// Al Kamel's lap-by-lap analysis export (WEC, ELMS: `;`-separated, one row per car per lap:
// NUMBER, DRIVER_NUMBER, LAP_NUMBER, LAP_TIME, ELAPSED, DRIVER_NAME, CLASS, TEAM, …) turned into
// a classification: each car's laps, total time, best lap and drivers, in running order (most
// laps, then least elapsed time). The file has no statuses, so every car is written classified
// and the notes say so; the stewards' official classification, when published, replaces it.
import { problem } from "../core/problems.js";
import {
  isLapAnalysisHeader,
  lapColumns,
  lapFromFields,
} from "../formats/live-feed/al-kamel-laps.js";
import type { Problem } from "../core/problems.js";
import { classificationRows, compareRunning } from "../core/live/running-order.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import type { RowInput } from "../core/season-input.js";
import type { DelimitedRecord } from "./read-delimited.js";

export function isLapAnalysis(header: readonly string[]): boolean {
  return isLapAnalysisHeader(header);
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
  const cols = lapColumns(header);
  const problems: Problem[] = [];
  const cars = new Map<string, Car>();
  let laps = 0;
  for (const r of records) {
    const read = lapFromFields(cols, r.fields, file, r.line);
    if (!read.lap && read.problems.length === 0) continue; // a blank row
    laps++;
    problems.push(...read.problems);
    if (problems.length > 50) break;
    if (!read.lap) continue;
    const { number, lap, elapsedMs: elapsed, lapTimeMs: lapTime } = read.lap;
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
    if (lapTime !== null && lapTime < car.best) {
      car.best = lapTime;
      car.bestLap = lap;
    }
    if (read.lap.classId) car.klass = read.lap.classId;
    if (read.lap.team) car.team = read.lap.team;
    const driver = read.lap.driver;
    if (driver && !car.drivers.includes(driver)) car.drivers.push(driver);
  }
  if (problems.length > 0) return err(problems);
  if (cars.size === 0)
    return err([problem("EMPTY_FILE", `${file} has a header but no laps`, { file, line: 2 })]);
  const order = [...cars.values()]
    .map((c) => ({
      ...c,
      elapsedMs: c.elapsed,
      bestLapMs: Number.isFinite(c.best) ? c.best : null,
      bestLapNumber: Number.isFinite(c.best) ? c.bestLap : null,
    }))
    .sort(compareRunning);
  const rows = classificationRows(order, (c) => ({
    file,
    line: c.lastLine,
    cells: { class: c.klass, team: c.team, drivers: c.drivers.join(";") },
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
