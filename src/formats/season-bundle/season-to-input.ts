// A season as the raw input it would be read from: season.json's object and the CSV rows of a
// bundle, cell by cell. The bundle writer stringifies it; race control edits it (replaces a
// race's rows, adds a decision) and validates the result with seasonFromInput, so every change
// goes through the one validation a bundle gets. Rows keep their source file and line where the
// season knows them, so a problem found later still names the line the user wrote.
//
// What a bundle cannot say comes back in canonical form: round lists come back sorted, result
// rows are numbered 0, 1, … in each race, and an empty manufacturer reads as none. A value the
// reader would take differently (a driver named with ";" in a list of drivers, a result for a
// race not on the calendar, an id season.json does not accept, a best lap not in the canonical
// form 1:47.123) is returned as a problem.
import { slug } from "../../core/names.js";
import { formatPoints } from "../../core/points.js";
import { problem } from "../../core/problems.js";
import type { Problem } from "../../core/problems.js";
import { formatRaceTime, parseLapTime } from "../../core/race-time.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { SEASON_FORMAT, seasonFileSchema } from "../../core/season-input.js";
import { CSV_COLUMNS } from "../../core/season-input.js";
import type {
  CsvKind,
  RaceResultsInput,
  RowInput,
  SeasonFileInput,
  SeasonInput,
} from "../../core/season-input.js";
import type { Driver, Entry, ResultRow, Round, Season, SourceRef } from "../../core/season.js";
import { UNKNOWN } from "../../core/season-from-input.js";
import { SEASON_FILE, issueField } from "./read-season-bundle.js";

export { SEASON_FILE };
export const RULES_FILE = "rules.json";
export const ENTRIES_FILE = "entries.csv";
export const DRIVERS_FILE = "drivers.csv";
export const DECISIONS_FILE = "decisions.csv";
export const resultsFile = (raceId: string) => `results/${raceId}.csv`;

/** The columns a CSV of the given kind may hold, as a type: a writer cannot invent one. */
export type Column<K extends CsvKind> =
  (typeof CSV_COLUMNS)[K]["required"][number] | (typeof CSV_COLUMNS)[K]["optional"][number];
export type CsvRow<K extends CsvKind> = Partial<Record<Column<K>, string>>;

/** Every column a CSV of the kind may hold, as the reader lists them: required first. */
export const columnsOf = <K extends CsvKind>(kind: K): readonly Column<K>[] =>
  [...CSV_COLUMNS[kind].required, ...CSV_COLUMNS[kind].optional] as Column<K>[];
export const ENTRY_COLUMNS = columnsOf("entries");
export const DRIVER_COLUMNS = columnsOf("drivers");
export const RESULT_COLUMNS = columnsOf("results");
export const DECISION_COLUMNS = columnsOf("decisions");

/** "1-3;6" for [1, 2, 3, 6]; "" for null. An empty list is ";", which the reader takes as []. */
export function formatRoundList(list: readonly number[] | null): string {
  if (list === null) return "";
  if (list.length === 0) return ";";
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    parts.push(a === b ? String(a) : b === a + 1 ? `${a};${b}` : `${a}-${b}`);
    i = j + 1;
  }
  return parts.join(";");
}

const defaultRoundKey = (r: Round) => (r.number !== null ? String(r.number) : slug(r.name));

export function seasonFile(season: Season, racesWithResults: ReadonlySet<string>): SeasonFileInput {
  return {
    format: SEASON_FORMAT,
    id: season.id,
    series: { id: season.series.id, name: season.series.name },
    year: season.year,
    name: season.name,
    classes: season.classes.map((k) => ({
      id: k.id,
      name: k.name,
      ...(k.championship ? {} : { championship: false }),
    })),
    rounds: season.rounds.map((r) => ({
      number: r.number,
      ...(r.key !== defaultRoundKey(r) ? { key: r.key } : {}),
      name: r.name,
      circuit: r.circuit,
      ...(r.shortName !== undefined ? { short_name: r.shortName } : {}),
      ...(r.date !== null ? { date: r.date } : {}),
      status: r.status,
      ...(r.note !== "" ? { note: r.note } : {}),
      // Written even when empty: a numbered round without a list would get a default race.
      ...(r.number !== null
        ? {
            races: r.races.map((race) => ({
              id: race.id,
              name: race.name,
              ...(racesWithResults.has(race.id) ? { results: resultsFile(race.id) } : {}),
              ...(race.resultStatus !== "official" ? { result_status: race.resultStatus } : {}),
              ...(race.publishedAt !== null ? { published_at: race.publishedAt } : {}),
              ...(race.scheduledLaps !== null && race.scheduledLaps !== undefined
                ? { scheduled_laps: race.scheduledLaps }
                : {}),
            })),
          }
        : {}),
    })),
    teams: season.teams.map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.nationality !== null ? { nationality: t.nationality } : {}),
      ...(t.aliases.length > 0 ? { aliases: [...t.aliases] } : {}),
    })),
    rules: RULES_FILE,
    entries: ENTRIES_FILE,
    drivers: DRIVERS_FILE,
    decisions: DECISIONS_FILE,
    ...(season.provenance.length > 0 ? { provenance: [...season.provenance] } : {}),
  };
}

/**
 * The drivers file's rows: one per line-up, in order, with a name-only row (no entry) wherever a
 * driver must be met earlier than their first line-up, so the reader lists the drivers (and
 * numbers their ids) in the season's order. Nationality and aliases go on a driver's first row.
 */
function driverRows(season: Season): CsvRow<"drivers">[] {
  const byId = new Map(season.drivers.map((d) => [d.id, d]));
  const met = new Set<string>();
  const rows: CsvRow<"drivers">[] = [];
  const firstRow = (d: Driver): CsvRow<"drivers"> => {
    met.add(d.id);
    return { driver: d.name, nationality: d.nationality ?? "", aliases: d.aliases.join(";") };
  };
  let next = 0;
  for (const l of season.lineups) {
    const d = byId.get(l.driverId);
    if (!d) continue; // reported by checkSeason
    const lineup: CsvRow<"drivers"> = {
      entry: l.entryId,
      driver: d.name,
      rounds: formatRoundList(l.rounds),
      not_started: l.notStarted.length > 0 ? formatRoundList(l.notStarted) : "",
      note: l.note,
      source: l.citation,
    };
    if (met.has(d.id)) {
      rows.push(lineup);
      continue;
    }
    for (; next < season.drivers.length; next++) {
      const earlier = season.drivers[next] as Driver;
      if (earlier.id === d.id) break;
      if (!met.has(earlier.id)) rows.push(firstRow(earlier));
    }
    rows.push({ ...lineup, ...firstRow(d) });
  }
  for (const d of season.drivers) if (!met.has(d.id)) rows.push(firstRow(d));
  return rows;
}

/**
 * Results columns written only into a file where some row uses them, so that a bundle without
 * per-result facts is written as it always was. `entry` is also the decisions file's column of a
 * decision naming one car (two cars with one number in a race): written only where one does.
 */
export const COLUMNS_WRITTEN_WHEN_USED: ReadonlySet<string> = new Set<Column<"results">>([
  "entry",
  "fastest_lap_driver",
  "driver_shares",
  "ineligible",
]);

/**
 * The entry id a result row must name: none when the reader finds its entry by number and team
 * (as every bundle did before entry ids), else the id (two cars with one number in a race, or a
 * car whose number is unknown).
 */
function entryCells(season: Season): (r: ResultRow) => string {
  const roundOf = new Map(season.rounds.flatMap((r) => r.races.map((x) => [x.id, r.number])));
  const byNumber = new Map<string, Entry[]>();
  const known = new Set<string>();
  for (const e of season.entries) {
    known.add(e.id);
    if (e.number === null) continue;
    const list = byNumber.get(e.number);
    if (list) list.push(e);
    else byNumber.set(e.number, [e]);
  }
  return (r) => {
    if (r.entryId === null || !known.has(r.entryId)) return "";
    if (r.number === null) return r.entryId;
    const round = roundOf.get(r.raceId) ?? null;
    const found = (byNumber.get(r.number) ?? []).filter(
      (e) =>
        (round === null || e.rounds === null || e.rounds.includes(round)) &&
        (r.teamId === null || e.teamId === r.teamId),
    );
    return found.length === 1 && found[0]?.id === r.entryId ? "" : r.entryId;
  };
}

function resultRow(
  r: ResultRow,
  names: ReadonlyMap<string, string>,
  entry: string,
): CsvRow<"results"> {
  return {
    pos: r.position === null ? "" : String(r.position),
    class_pos: r.classPosition === null ? "" : String(r.classPosition),
    class: r.classId ?? "",
    number: r.number ?? UNKNOWN,
    team: r.teamId ?? UNKNOWN,
    drivers: r.driverIds.map((id) => names.get(id) ?? id).join(";"),
    chassis: r.chassis,
    engine: r.engine,
    tyre: r.tyre,
    laps: r.laps === null ? "" : String(r.laps),
    time: r.time ?? "",
    gap: r.gap ?? "",
    status: r.status,
    pole: r.pole ? "yes" : "",
    fastest_lap: r.fastestLap ? "yes" : "",
    best_lap: r.bestLap ?? "",
    best_lap_number: r.bestLapNumber === undefined ? "" : String(r.bestLapNumber),
    laps_led: r.lapsLed === 0 ? "" : String(r.lapsLed),
    entry,
    fastest_lap_driver:
      r.fastestLapDriverId === undefined
        ? ""
        : (names.get(r.fastestLapDriverId) ?? r.fastestLapDriverId),
    driver_shares: r.driverShares === undefined ? "" : r.driverShares.map(formatPoints).join(";"),
    ineligible: r.ineligible ?? "",
    note: r.note,
    source: r.citation,
  };
}

/** Names the reader finds each driver by in a ";"-separated list: the name, or an alias. */
function listNames(season: Season, problems: Problem[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of season.drivers) {
    const name = [d.name, ...d.aliases].find((n) => !n.includes(";"));
    if (name !== undefined) names.set(d.id, name);
    if (d.aliases.some((a) => a.includes(";")))
      problems.push(
        problem("INVALID_FIELD", `an alias of ${d.name} holds ";", which separates aliases`, {
          file: DRIVERS_FILE,
          field: "aliases",
        }),
      );
  }
  return names;
}

function checkSeason(season: Season, names: ReadonlyMap<string, string>, problems: Problem[]) {
  const races = new Set(season.rounds.flatMap((r) => r.races.map((race) => race.id)));
  const drivers = new Set(season.drivers.map((d) => d.id));
  for (const r of season.results) {
    if (!races.has(r.raceId))
      problems.push(
        problem(
          "UNKNOWN_RACE",
          `a result is for race "${r.raceId}", which is not on the calendar`,
          {
            field: "results",
          },
        ),
      );
    // A best lap the reader would not read back as itself: not a lap time, or not canonical.
    const lapMs = r.bestLap === undefined ? undefined : parseLapTime(r.bestLap);
    if (r.bestLap !== undefined && (lapMs === undefined || formatRaceTime(lapMs) !== r.bestLap))
      problems.push(
        problem(
          "INVALID_FIELD",
          `the best lap "${r.bestLap}" of car #${r.number ?? UNKNOWN} is not a lap time in the form 1:47.123`,
          { file: resultsFile(r.raceId), field: "best_lap" },
        ),
      );
    if (
      r.bestLapNumber !== undefined &&
      (r.bestLap === undefined || !Number.isSafeInteger(r.bestLapNumber) || r.bestLapNumber < 1)
    )
      problems.push(
        problem(
          "INVALID_FIELD",
          `the best lap's lap number ${r.bestLapNumber} of car #${r.number ?? UNKNOWN} needs a best lap and is a whole number from 1`,
          { file: resultsFile(r.raceId), field: "best_lap_number" },
        ),
      );
    // Facts the reader would refuse: a fastest-lap driver not of the car (or on a car not
    // credited with it), a split that is not one share per driver.
    const at = (field: string) => ({ file: resultsFile(r.raceId), field });
    if (r.fastestLapDriverId !== undefined && !r.driverIds.includes(r.fastestLapDriverId))
      problems.push(
        problem(
          "INVALID_FIELD",
          `the fastest-lap driver ${r.fastestLapDriverId} of car #${r.number ?? UNKNOWN} is not among its drivers`,
          at("fastest_lap_driver"),
        ),
      );
    if (r.fastestLapDriverId !== undefined && !r.fastestLap)
      problems.push(
        problem(
          "INVALID_FIELD",
          `car #${r.number ?? UNKNOWN} names who set the fastest lap but is not credited with it`,
          at("fastest_lap"),
        ),
      );
    if (
      r.driverShares !== undefined &&
      (r.driverShares.length !== r.driverIds.length || r.driverShares.some((p) => p.n < 0))
    )
      problems.push(
        problem(
          "INVALID_FIELD",
          `car #${r.number ?? UNKNOWN} states ${r.driverShares.length} shares for ${r.driverIds.length} drivers (one share, not negative, per driver)`,
          at("driver_shares"),
        ),
      );
    for (const id of r.driverIds)
      if (drivers.has(id) && !names.has(id))
        problems.push(
          problem(
            "INVALID_FIELD",
            `driver ${id} has no name or alias without ";" to list in a result`,
            { file: resultsFile(r.raceId), field: "drivers" },
          ),
        );
  }
  const referenced = [
    ...season.lineups.map((l) => l.driverId),
    ...season.results.flatMap((r) => r.driverIds),
    ...season.decisions.flatMap((d) => (d.target.driverId === null ? [] : [d.target.driverId])),
  ];
  for (const id of new Set(referenced))
    if (!drivers.has(id))
      problems.push(problem("UNKNOWN_DRIVER", `driver "${id}" is not among the season's drivers`));
}

/** A row as input: every column of its kind (empty where unset), at its source or canonical place. */
function rowInput<K extends CsvKind>(
  kind: K,
  row: CsvRow<K>,
  source: SourceRef | undefined,
  file: string,
  line: number,
): RowInput {
  const cells: Record<string, string> = {};
  for (const c of columnsOf(kind)) cells[c] = row[c] ?? "";
  return { file: source?.file ?? file, line: source?.line ?? line, cells };
}

/** The season as bundle input, or the problems that keep it from being written as one. */
export function seasonToInput(season: Season): Result<SeasonInput, Problem[]> {
  const problems: Problem[] = [];
  const names = listNames(season, problems);
  checkSeason(season, names, problems);
  const byRace = new Map<string, ResultRow[]>();
  for (const r of season.results) {
    const list = byRace.get(r.raceId);
    if (list) list.push(r);
    else byRace.set(r.raceId, [r]);
  }
  const json = seasonFile(season, new Set(byRace.keys()));
  const parsed = seasonFileSchema.safeParse(json);
  if (!parsed.success)
    for (const i of parsed.error.issues)
      problems.push(
        problem("INVALID_FIELD", i.message, { file: SEASON_FILE, field: issueField(i) }),
      );
  if (!parsed.success || problems.length > 0) return err(problems);

  const driverName = new Map(season.drivers.map((d) => [d.id, d.name]));
  const entries = season.entries.map((e, i) =>
    rowInput(
      "entries",
      {
        id: e.id,
        number: e.number ?? UNKNOWN,
        class: e.classId,
        team: e.teamId,
        chassis: e.chassis,
        engine: e.engine,
        tyre: e.tyre,
        manufacturer: e.manufacturer ?? "",
        rounds: formatRoundList(e.rounds),
        points_eligible: e.pointsEligible ? "yes" : "no",
        note: e.note,
        source: e.citation,
      },
      e.source,
      ENTRIES_FILE,
      i + 2,
    ),
  );
  const drivers = driverRows(season).map((row, i) =>
    rowInput("drivers", row, undefined, DRIVERS_FILE, i + 2),
  );
  const decisions = season.decisions.map((d, i) =>
    rowInput(
      "decisions",
      {
        id: d.id,
        date: d.date ?? "",
        kind: d.kind,
        round: d.target.roundNumber === null ? "" : String(d.target.roundNumber),
        race: d.target.raceId ?? "",
        class: d.target.classId ?? "",
        number: d.target.number ?? "",
        team: d.target.teamId ?? "",
        entry: d.target.entryId ?? "",
        driver: d.target.driverId === null ? "" : (driverName.get(d.target.driverId) ?? ""),
        manufacturer: d.target.manufacturer ?? "",
        championship: d.championshipId ?? "",
        points: d.points === null ? "" : formatPoints(d.points),
        seconds: d.seconds === null ? "" : String(d.seconds),
        places: d.places === null ? "" : String(d.places),
        upto_round: d.uptoRound === null ? "" : String(d.uptoRound),
        overturns: d.overturns ?? "",
        reason: d.reason,
        source: d.citation,
      },
      d.source,
      DECISIONS_FILE,
      i + 2,
    ),
  );
  const entryCell = entryCells(season);
  const results: RaceResultsInput[] = [...byRace].map(([raceId, rows]) => ({
    raceId,
    rows: [...rows]
      .sort((a, b) => a.index - b.index)
      .map((r, i) =>
        rowInput(
          "results",
          resultRow(r, names, entryCell(r)),
          r.source,
          resultsFile(raceId),
          i + 2,
        ),
      ),
  }));
  return ok({ file: SEASON_FILE, season: parsed.data, entries, drivers, results, decisions });
}
