// Al Kamel's lap-by-lap analysis rows (WEC, ELMS: `;`-separated, one row per car per lap) read
// into LiveLap lines. Used whole by the lap-analysis import and in pieces by the live feed: a
// chunk of lines that starts with the header, or lines after a header sent earlier.
//
// Columns read: NUMBER, LAP_NUMBER, LAP_TIME (empty or 0:00.000: a lap not timed), ELAPSED (race time at
// the line), DRIVER_NAME, CLASS, TEAM, PIT_TIME (time in the pit lane, on the lap out of the pits)
// and CROSSING_FINISH_LINE_IN_PIT (non-empty, "B": the lap ended in the pit lane, the in-lap).
import type { LiveLap } from "../../core/live/live-types.js";
import { problem } from "../../core/problems.js";
import type { Problem } from "../../core/problems.js";
import { LAP_TIME_EXAMPLES, parseRaceTime } from "../../core/race-time.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";

/** The columns that make a header a lap analysis: one row per lap, not per car. */
export const LAP_ANALYSIS_REQUIRED = ["NUMBER", "LAP_NUMBER", "LAP_TIME", "ELAPSED"] as const;

export function isLapAnalysisHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((h) => h.trim().toUpperCase()));
  return LAP_ANALYSIS_REQUIRED.every((c) => names.has(c)) && names.has("DRIVER_NUMBER");
}

/** Where each column read is in a header (-1: absent), and the header's own spelling. */
export interface LapColumns {
  readonly header: readonly string[];
  readonly number: number;
  readonly lap: number;
  readonly lapTime: number;
  readonly elapsed: number;
  readonly driver: number;
  readonly klass: number;
  readonly team: number;
  readonly pitTime: number;
  readonly inPit: number;
}

export function lapColumns(header: readonly string[]): LapColumns {
  const names = header.map((h) =>
    h
      .trim()
      .replace(/^\uFEFF/, "")
      .toUpperCase(),
  );
  const col = (name: string) => names.indexOf(name);
  return {
    header,
    number: col("NUMBER"),
    lap: col("LAP_NUMBER"),
    lapTime: col("LAP_TIME"),
    elapsed: col("ELAPSED"),
    driver: col("DRIVER_NAME"),
    klass: col("CLASS"),
    team: col("TEAM"),
    pitTime: col("PIT_TIME"),
    inPit: col("CROSSING_FINISH_LINE_IN_PIT"),
  };
}

/**
 * One row as a lap, or the problems of its cells (INVALID_FIELD naming the file, line and
 * column). A blank row is neither (undefined, no problems).
 */
export function lapFromFields(
  cols: LapColumns,
  fields: readonly string[],
  file: string,
  line: number,
): { lap?: LiveLap; problems: Problem[] } {
  const cell = (i: number) => (i < 0 ? "" : (fields[i] ?? "").trim());
  if (fields.every((f) => f.trim() === "")) return { problems: [] };
  const problems: Problem[] = [];
  const bad = (i: number, what: string) =>
    problems.push(
      problem("INVALID_FIELD", `${what}: "${cell(i)}"`, {
        file,
        line,
        field: cols.header[i]?.trim() ?? "",
      }),
    );
  const number = cell(cols.number);
  const lap = Number(cell(cols.lap));
  const elapsed = parseRaceTime(cell(cols.elapsed));
  const lapTimeText = cell(cols.lapTime);
  const lapTime = lapTimeText === "" ? undefined : parseRaceTime(lapTimeText);
  const pitText = cell(cols.pitTime);
  const pit = pitText === "" ? undefined : parseRaceTime(pitText);
  if (number === "") bad(cols.number, "no car number");
  if (!Number.isInteger(lap) || lap < 1) bad(cols.lap, "a lap number is a whole number from 1");
  if (elapsed === undefined) bad(cols.elapsed, "not a race time");
  if (lapTimeText !== "" && lapTime === undefined)
    bad(cols.lapTime, `not a lap time (${LAP_TIME_EXAMPLES})`);
  if (pitText !== "" && pit === undefined) bad(cols.pitTime, "not a pit-lane time");
  if (problems.length > 0 || elapsed === undefined) return { problems };
  const text = (i: number) => cell(i) || null;
  return {
    problems,
    lap: {
      number,
      lap,
      lapTimeMs: lapTime !== undefined && lapTime > 0 ? lapTime : null,
      elapsedMs: elapsed,
      driver: text(cols.driver),
      classId: text(cols.klass),
      team: text(cols.team),
      pitMs: pit ?? null,
      inPit: cell(cols.inPit) !== "",
    },
  };
}

/** How many problems a chunk reports before it stops reading. */
const MAX_PROBLEMS = 50;

export interface LapChunk {
  /** The header the lines were read with: the chunk's own, or the one given. */
  readonly header: readonly string[];
  readonly laps: readonly LiveLap[];
}

/**
 * A chunk of analysis lines: its first non-blank line is taken as the header when it names the
 * lap-analysis columns, else `header` (sent with an earlier chunk) is used. Lines are counted from
 * 1 in the chunk. Any problem refuses the whole chunk (nothing half-applied).
 */
export function readLapChunk(
  text: string,
  header: readonly string[] | null,
  file = "feed",
): Result<LapChunk, Problem[]> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  let at = lines.findIndex((l) => l.trim() !== "");
  if (at < 0) return err([problem("EMPTY_FILE", "no timing lines were sent", { file, line: 1 })]);
  const first = (lines[at] as string).split(";");
  let used = header;
  if (isLapAnalysisHeader(first)) {
    used = first.map((h) => h.trim());
    at++;
  }
  if (!used)
    return err([
      problem(
        "MISSING_COLUMN",
        `line ${at + 1} is not a lap-analysis header (${LAP_ANALYSIS_REQUIRED.join(";")};DRIVER_NUMBER…) and none was sent before`,
        { file, line: at + 1 },
      ),
    ]);
  const cols = lapColumns(used);
  const missing = LAP_ANALYSIS_REQUIRED.filter((c) => cols[columnKey[c]] < 0);
  if (missing.length > 0)
    return err([
      problem("MISSING_COLUMN", `the header has no ${missing.join(", ")}`, { file, line: 1 }),
    ]);
  const laps: LiveLap[] = [];
  const problems: Problem[] = [];
  for (let i = at; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const read = lapFromFields(cols, (lines[i] as string).split(";"), file, i + 1);
    problems.push(...read.problems);
    if (read.lap) laps.push(read.lap);
  }
  if (problems.length > 0) return err(problems);
  return ok({ header: used, laps });
}

const columnKey = {
  NUMBER: "number",
  LAP_NUMBER: "lap",
  LAP_TIME: "lapTime",
  ELAPSED: "elapsed",
} as const satisfies Record<(typeof LAP_ANALYSIS_REQUIRED)[number], keyof LapColumns>;
