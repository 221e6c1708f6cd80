// What a race classification would add to its season: the cars it classifies that the season has
// no entry for (each with its class, its team — matched by name or alias across case, accents and
// ß/SS, else a new team — and its drivers), and drivers the season does not know in cars it does.
// The new cars go through the entry-list code (addEntryList), as if the organiser had uploaded
// them as an entry list, so one set of rules makes teams, entries, drivers and line-ups. Pure: the
// caller reads the season and parses the file.
import { addEntryList } from "../core/entry-list.js";
import type { TableRow } from "../core/entry-list.js";
import { nameKey, slug } from "../core/names.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import { UNKNOWN } from "../core/season-from-input.js";
import type { RowInput, SeasonInput } from "../core/season-input.js";
import type { Entry, Season } from "../core/season.js";
import type { ParsedClassification } from "./parse-classification.js";

/** A car of the file the season has no entry for, as the import would enter it. */
export interface AddedEntry {
  readonly line: number;
  readonly number: string;
  readonly classId: string;
  readonly entryId: string;
  readonly teamId: string;
  readonly teamName: string;
  /** True when the team is one the import adds too. */
  readonly newTeam: boolean;
  readonly drivers: readonly string[];
}

/** A driver the season does not know, as the import would add them (id as the season makes it). */
export interface AddedDriver {
  readonly id: string;
  readonly name: string;
  /** The first line of the file naming them. */
  readonly line: number;
}

/** A driver's place in a car, as the import would add it. */
export interface AddedLineup {
  readonly line: number;
  readonly entryId: string;
  readonly driverId: string;
  readonly driver: string;
  /** The rounds it is for: null for the whole season (a new car's line-up). */
  readonly rounds: readonly number[] | null;
}

export interface ClassificationAdditions {
  readonly entries: readonly AddedEntry[];
  readonly teams: readonly { readonly id: string; readonly name: string }[];
  readonly drivers: readonly AddedDriver[];
  readonly lineups: readonly AddedLineup[];
}

export const NO_ADDITIONS: ClassificationAdditions = {
  entries: [],
  teams: [],
  drivers: [],
  lineups: [],
};

/** The classification as the planner reads it: rows, and where each driver's name came from. */
export type ClassificationSource = Pick<
  ParsedClassification,
  "file" | "rows" | "sourceColumn" | "driverColumns"
>;

/** The number of cars, teams and drivers the import would add ("Add the N cars, teams and …"). */
export function additionCount(a: ClassificationAdditions): number {
  return a.entries.length + a.teams.length + a.drivers.length;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the additions are, in one line for the change log: "2 cars (#34 LMP2 inter-europol-34,
 * …), 1 team (…), 5 drivers (…), 6 line-ups". Empty when there are none.
 */
export function describeAdditions(a: ClassificationAdditions): string {
  const parts: string[] = [];
  if (a.entries.length > 0)
    parts.push(
      `${plural(a.entries.length, "car", "cars")} (${a.entries.map((e) => `#${e.number} ${e.classId} ${e.entryId}`).join(", ")})`,
    );
  if (a.teams.length > 0)
    parts.push(
      `${plural(a.teams.length, "team", "teams")} (${a.teams.map((t) => t.name).join(", ")})`,
    );
  if (a.drivers.length > 0)
    parts.push(
      `${plural(a.drivers.length, "driver", "drivers")} (${a.drivers.map((d) => d.name).join(", ")})`,
    );
  if (a.lineups.length > 0) parts.push(plural(a.lineups.length, "line-up", "line-ups"));
  return parts.join(", ");
}

/** Each driver name of row `index` with the file's column it is in. */
export function driverCells(
  source: ClassificationSource,
  index: number,
): { readonly name: string; readonly column: string }[] {
  const row = source.rows[index];
  const names = (row?.cells.drivers ?? "")
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean);
  const columns = source.driverColumns?.[index];
  const fallback = source.sourceColumn.drivers ?? "drivers";
  return names.map((name, i) => ({ name, column: columns?.[i] ?? fallback }));
}

/**
 * The file's column a problem about one of a row's drivers concerns: the column of the driver the
 * message quotes (`driver "Nick YELLOLY" is …`), on the row at the problem's line.
 */
export function driverColumnOf(source: ClassificationSource, p: Problem): string | undefined {
  if (p.file !== source.file || p.line === undefined) return undefined;
  for (let i = 0; i < source.rows.length; i++) {
    if (source.rows[i]?.line !== p.line) continue;
    const hit = driverCells(source, i).find((d) => p.message.includes(`"${d.name}"`));
    if (hit) return hit.column;
  }
  return undefined;
}

/** The entry-list columns a new car is written with (src/core/entry-list.ts). */
const ENTRY_COLUMNS = ["number", "class", "team", "chassis", "tyre", "drivers"] as const;

/**
 * The season input with everything the classification of `raceId` names that the season does not
 * know added (new cars as whole-season entries with their teams, drivers and line-ups; new
 * drivers of known cars as line-ups for this round), and the list of it; or the problems that
 * stop them being added as the file gives them (an unknown class, a car number already entered
 * in the class by another team, an empty team), each with the file's line. The rows themselves
 * are not put in the race: the caller does that on the input returned.
 */
export function planClassificationAdditions(
  season: Season,
  input: SeasonInput,
  raceId: string,
  source: ClassificationSource,
): Result<{ additions: ClassificationAdditions; input: SeasonInput }, Problem[]> {
  const race = season.rounds.flatMap((r) => r.races).find((r) => r.id === raceId);
  if (!race) return ok({ additions: NO_ADDITIONS, input });
  const round = race.roundNumber;
  const teamByKey = new Map<string, Season["teams"][number]>();
  for (const t of season.teams)
    for (const n of [t.id, t.name, ...t.aliases]) {
      const k = nameKey(n);
      if (!teamByKey.has(k)) teamByKey.set(k, t);
    }
  // Drivers are one person per folded name, as seasonFromInput makes them.
  const driverByKey = new Map<string, string>();
  for (const d of season.drivers)
    for (const n of [d.name, ...d.aliases]) {
      const k = nameKey(n);
      if (!driverByKey.has(k)) driverByKey.set(k, d.id);
    }
  const known = (name: string) => driverByKey.has(nameKey(name));

  // Entries by car number, built once: a large field's file must not scan them for every row.
  const byNumber = new Map<string, Entry[]>();
  for (const e of season.entries)
    if (e.number !== null) byNumber.set(e.number, [...(byNumber.get(e.number) ?? []), e]);

  const newCars: TableRow[] = [];
  const lineupsOfKnownCars: RowInput[] = [];
  source.rows.forEach((row, index) => {
    const cell = (f: string) => (row.cells[f] ?? "").trim();
    const number = cell("number");
    if (number === "" || number.toLowerCase() === UNKNOWN) return;
    const teamText = cell("team");
    const named = teamText !== "" && teamText.toLowerCase() !== UNKNOWN;
    const team = named ? teamByKey.get(nameKey(teamText)) : undefined;
    const candidates = (byNumber.get(number) ?? []).filter(
      (e) => (e.rounds === null || e.rounds.includes(round)) && (!team || e.teamId === team.id),
    );
    const drivers = driverCells(source, index);
    if ((named && !team) || candidates.length === 0) {
      newCars.push({
        line: row.line,
        cells: {
          number,
          class: cell("class"),
          team: teamText,
          chassis: cell("chassis"),
          tyre: cell("tyre"),
          drivers: drivers.map((d) => d.name).join(";"),
        },
      });
      return;
    }
    const [entry, ...others] = candidates;
    if (!entry || others.length > 0) return; // AMBIGUOUS_CAR: the season validation says so
    for (const d of drivers)
      if (!known(d.name))
        lineupsOfKnownCars.push({
          file: source.file,
          line: row.line,
          cells: { entry: entry.id, driver: d.name, rounds: String(round) },
        });
  });
  if (newCars.length === 0 && lineupsOfKnownCars.length === 0)
    return ok({ additions: NO_ADDITIONS, input });

  let withCars = input;
  let entries: AddedEntry[] = [];
  let teams: readonly { id: string; name: string }[] = [];
  if (newCars.length > 0) {
    const read = addEntryList(input, source.file, ENTRY_COLUMNS, newCars);
    if (!read.ok) return err(read.error);
    withCars = read.value.input;
    teams = read.value.newTeams;
    const newTeamIds = new Set(teams.map((t) => t.id));
    const teamNames = new Map([...season.teams, ...teams].map((t) => [t.id, t.name]));
    entries = read.value.rows.map((r) => {
      const teamId = r.teamId ?? teams.find((t) => nameKey(t.name) === nameKey(r.team))?.id ?? "";
      return {
        line: r.line,
        number: r.number,
        classId: r.classId ?? "",
        entryId: r.entryId,
        teamId,
        teamName: teamNames.get(teamId) ?? r.team,
        newTeam: newTeamIds.has(teamId),
        drivers: r.drivers.map((d) => d.name),
      };
    });
  }
  const edited: SeasonInput = {
    ...withCars,
    drivers: [...withCars.drivers, ...lineupsOfKnownCars],
  };

  // Driver ids as seasonFromInput derives them: the added rows come after every known driver's.
  const usedIds = new Set(season.drivers.map((d) => d.id));
  const drivers: AddedDriver[] = [];
  const lineups: AddedLineup[] = [];
  for (const row of edited.drivers.slice(input.drivers.length)) {
    const name = (row.cells.driver ?? "").trim();
    const key = nameKey(name);
    let id = driverByKey.get(key);
    if (id === undefined) {
      id = slug(name);
      for (let i = 2; usedIds.has(id); i++) id = `${slug(name)}-${i}`;
      usedIds.add(id);
      driverByKey.set(key, id);
      drivers.push({ id, name, line: row.line });
    }
    const rounds = (row.cells.rounds ?? "").trim();
    lineups.push({
      line: row.line,
      entryId: row.cells.entry ?? "",
      driverId: id,
      driver: name,
      rounds: rounds === "" ? null : [Number(rounds)],
    });
  }
  return ok({ additions: { entries, teams, drivers, lineups }, input: edited });
}
