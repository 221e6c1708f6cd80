// Writes a season as a bundle folder that readSeasonBundle() reads back to the same season:
// season.json, rules.json, entries.csv, drivers.csv, decisions.csv and results/<race-id>.csv.
// Only columns the reader knows are written (CSV_COLUMNS), in UTF-8 without a byte-order mark.
//
// What a bundle cannot say comes back in canonical form: source references point into the new
// files, round lists come back sorted, result rows are numbered 0, 1, … in each race, and an
// empty manufacturer reads as none. The citations of the "source" columns are written back. A
// value the reader would take differently (a driver named with ";" in a list of drivers, a result
// for a race not on the calendar, an id season.json does not accept) is returned as a problem,
// and nothing is written.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { slug } from "../../core/names.js";
import { formatPoints } from "../../core/points.js";
import { problem } from "../../core/problems.js";
import type { Problem } from "../../core/problems.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { SEASON_FORMAT, seasonFileSchema } from "../../core/season-input.js";
import { CSV_COLUMNS } from "../../core/season-input.js";
import type { CsvKind, SeasonFileInput } from "../../core/season-input.js";
import type { Driver, ResultRow, Round, Season } from "../../core/season.js";
import { UNKNOWN } from "../../core/season-from-input.js";
import { SEASON_FILE, issueField } from "./read-season-bundle.js";

export const RULES_FILE = "rules.json";
export const ENTRIES_FILE = "entries.csv";
export const DRIVERS_FILE = "drivers.csv";
export const DECISIONS_FILE = "decisions.csv";
export const resultsFile = (raceId: string) => `results/${raceId}.csv`;

export interface WrittenBundle {
  readonly dir: string;
  /** The files written, relative to dir. */
  readonly files: readonly string[];
}

/** The columns a CSV of the given kind may hold, as a type: a writer cannot invent one. */
type Column<K extends CsvKind> =
  (typeof CSV_COLUMNS)[K]["required"][number] | (typeof CSV_COLUMNS)[K]["optional"][number];
type CsvRow<K extends CsvKind> = Partial<Record<Column<K>, string>>;

/** Every column a CSV of the kind may hold, as the reader lists them: required first. */
const columnsOf = <K extends CsvKind>(kind: K): readonly Column<K>[] =>
  [...CSV_COLUMNS[kind].required, ...CSV_COLUMNS[kind].optional] as Column<K>[];
const ENTRY_COLUMNS = columnsOf("entries");
const DRIVER_COLUMNS = columnsOf("drivers");
const RESULT_COLUMNS = columnsOf("results");
const DECISION_COLUMNS = columnsOf("decisions");

function csv<K extends CsvKind>(columns: readonly Column<K>[], rows: readonly CsvRow<K>[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => row[c] ?? "")),
    { header: true, columns: [...columns] },
  );
}

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

function seasonFile(season: Season, racesWithResults: ReadonlySet<string>): SeasonFileInput {
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

function resultRow(r: ResultRow, names: ReadonlyMap<string, string>): CsvRow<"results"> {
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
    laps_led: r.lapsLed === 0 ? "" : String(r.lapsLed),
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

export function writeSeasonBundle(
  dir: string,
  season: Season,
  rulesDocument: unknown,
): Result<WrittenBundle, Problem[]> {
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
  if (rulesDocument === undefined)
    problems.push(
      problem("FILE_MISSING", "there is no rules document to write", { file: RULES_FILE }),
    );
  if (problems.length > 0) return err(problems);

  const driverName = new Map(season.drivers.map((d) => [d.id, d.name]));
  const files = new Map<string, string>([
    [SEASON_FILE, `${JSON.stringify(json, null, 2)}\n`],
    [RULES_FILE, `${JSON.stringify(rulesDocument, null, 2)}\n`],
    [
      ENTRIES_FILE,
      csv(
        ENTRY_COLUMNS,
        season.entries.map((e) => ({
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
        })),
      ),
    ],
    [DRIVERS_FILE, csv(DRIVER_COLUMNS, driverRows(season))],
    [
      DECISIONS_FILE,
      csv(
        DECISION_COLUMNS,
        season.decisions.map((d) => ({
          id: d.id,
          date: d.date ?? "",
          kind: d.kind,
          round: d.target.roundNumber === null ? "" : String(d.target.roundNumber),
          race: d.target.raceId ?? "",
          class: d.target.classId ?? "",
          number: d.target.number ?? "",
          team: d.target.teamId ?? "",
          driver: d.target.driverId === null ? "" : (driverName.get(d.target.driverId) ?? ""),
          manufacturer: d.target.manufacturer ?? "",
          championship: d.championshipId ?? "",
          points: d.points === null ? "" : formatPoints(d.points),
          upto_round: d.uptoRound === null ? "" : String(d.uptoRound),
          overturns: d.overturns ?? "",
          reason: d.reason,
          source: d.citation,
        })),
      ),
    ],
  ]);
  for (const [raceId, rows] of byRace)
    files.set(
      resultsFile(raceId),
      csv(
        RESULT_COLUMNS,
        [...rows].sort((a, b) => a.index - b.index).map((r) => resultRow(r, names)),
      ),
    );

  for (const [file, text] of files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, "utf8");
  }
  return ok({ dir, files: [...files.keys()] });
}
