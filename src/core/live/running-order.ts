// The running order timing gives before any official classification: most laps first, then least
// elapsed time at the line. One place for the rule, used by the lap-analysis import (a whole Al
// Kamel file) and by the live race (lap by lap), and one writer of the classification rows it gives.
import { formatRaceTime } from "../race-time.js";
import type { RowInput } from "../season-input.js";

/** What the running order and a classification row need to know of a car. */
export interface RunningCar {
  readonly number: string;
  readonly laps: number;
  readonly elapsedMs: number;
  /** The car's own best lap in ms (null: none timed) and the lap it came on. */
  readonly bestLapMs: number | null;
  readonly bestLapNumber: number | null;
}

/** Most laps first, then least elapsed time; equal cars keep their order (a stable sort). */
export function compareRunning(a: RunningCar, b: RunningCar): number {
  return b.laps - a.laps || a.elapsedMs - b.elapsedMs;
}

/** A row's extra facts: where it comes from, and the cells a caller adds (class, team, drivers). */
export interface ClassificationRowSource {
  readonly file: string;
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/**
 * Results rows (the results-file columns) for cars already in running order: position, laps,
 * time, gap to the leader, best lap, and the fastest lap credited to the quickest car. Timing has
 * no statuses, so every car is written classified.
 */
export function classificationRows<C extends RunningCar>(
  order: readonly C[],
  sourceOf: (car: C, index: number) => ClassificationRowSource,
): RowInput[] {
  const leader = order[0];
  let fastest: C | undefined;
  for (const c of order)
    if (c.bestLapMs !== null && (fastest?.bestLapMs == null || c.bestLapMs < fastest.bestLapMs))
      fastest = c;
  return order.map((c, i) => {
    const source = sourceOf(c, i);
    const down = (leader?.laps ?? 0) - c.laps;
    return {
      file: source.file,
      line: source.line,
      cells: {
        pos: String(i + 1),
        number: c.number,
        ...source.cells,
        laps: String(c.laps),
        time: formatRaceTime(c.elapsedMs),
        gap:
          i === 0 || !leader
            ? ""
            : down === 0
              ? `+${formatRaceTime(c.elapsedMs - leader.elapsedMs)}`
              : `+${down} Lap${down === 1 ? "" : "s"}`,
        status: "classified",
        fastest_lap: c === fastest ? "1" : "",
        best_lap: c.bestLapMs !== null ? formatRaceTime(c.bestLapMs) : "",
        best_lap_number:
          c.bestLapMs !== null && c.bestLapNumber !== null ? String(c.bestLapNumber) : "",
      },
    };
  });
}
