// An entry list as organisers write it (one row a car: number, class, team, car, drivers), read
// into a season: teams the season does not know are added, each car becomes an entry and each
// driver a line-up. Column names are matched loosely ("No.", "Entrant", "Driver 1"), names by
// their folded key (case, accents, ß/SS). Pure: the caller reads the file into header-keyed rows.
import { nameKey, slug } from "./names.js";
import { problem } from "./problems.js";
import type { Problem } from "./problems.js";
import { err, ok } from "./result.js";
import type { Result } from "./result.js";
import type { RowInput, SeasonInput } from "./season-input.js";

/** One row of the uploaded table: its cells under the header as the user spelt it. */
export interface TableRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

type Field =
  | "number"
  | "class"
  | "team"
  | "chassis"
  | "engine"
  | "tyre"
  | "manufacturer"
  | "rounds"
  | "drivers";

/** Header spellings (folded) of each field. */
const HEADERS: Record<Field, readonly string[]> = {
  number: ["number", "no", "nr", "num", "car number", "car no", "car"],
  class: ["class", "category", "cat"],
  team: ["team", "entrant", "team name"],
  chassis: ["chassis", "model", "car model", "vehicle"],
  engine: ["engine"],
  tyre: ["tyre", "tyres", "tire", "tires"],
  manufacturer: ["manufacturer", "make", "brand"],
  rounds: ["rounds"],
  drivers: ["drivers", "driver", "line up", "lineup"],
};
const DRIVER_N = /^(?:driver|pilot) ?(\d+)$/;
const NATIONALITY_N = /^(?:nationality|nat|country) ?(\d+)$/;

export interface EntryListRow {
  readonly line: number;
  readonly number: string;
  readonly classId: string | null;
  readonly team: string;
  /** The season's team this row's team name matched; null: a team the file adds. */
  readonly teamId: string | null;
  readonly entryId: string;
  readonly drivers: readonly { name: string; nationality: string }[];
}

export interface EntryListRead {
  readonly input: SeasonInput;
  readonly rows: readonly EntryListRow[];
  /** Teams the file adds to the season: id and name. */
  readonly newTeams: readonly { id: string; name: string }[];
}

/**
 * The season input with the file's teams, entries and line-ups added, or every problem found,
 * each with the file's line and the column as the file names it.
 */
export function addEntryList(
  input: SeasonInput,
  file: string,
  header: readonly string[],
  rows: readonly TableRow[],
): Result<EntryListRead, Problem[]> {
  const problems: Problem[] = [];
  const columnOf = new Map<Field, string>();
  const driverColumns = new Map<number, { name?: string; nationality?: string }>();
  const seen = new Map<string, string>();
  for (const h of header) {
    const key = nameKey(h);
    if (key === "") continue;
    if (seen.has(key)) {
      problems.push(
        problem("DUPLICATE_COLUMN", `the column "${h}" is named twice`, {
          file,
          line: 1,
          field: h,
        }),
      );
      continue;
    }
    seen.set(key, h);
    const d = DRIVER_N.exec(key);
    const n = NATIONALITY_N.exec(key);
    if (d) driverColumns.set(Number(d[1]), { ...driverColumns.get(Number(d[1])), name: h });
    else if (n)
      driverColumns.set(Number(n[1]), { ...driverColumns.get(Number(n[1])), nationality: h });
    else {
      const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(key));
      if (field && !columnOf.has(field)) columnOf.set(field, h);
      else
        problems.push(
          problem(
            "UNKNOWN_COLUMN",
            `"${h}" is not an entry-list column: use number, class, team, chassis, engine, tyre, manufacturer, rounds, drivers (";"-separated) or Driver 1, Driver 2, …`,
            { file, line: 1, field: h },
          ),
        );
    }
  }
  for (const f of ["number", "class", "team"] as const)
    if (!columnOf.has(f))
      problems.push(
        problem("MISSING_COLUMN", `the entry list needs a "${f}" column`, {
          file,
          line: 1,
          field: f,
        }),
      );
  if (problems.length > 0) return err(problems);
  if (rows.length === 0)
    return err([problem("EMPTY_FILE", `${file} has a header but no cars`, { file, line: 2 })]);

  const cell = (r: TableRow, f: Field) => (r.cells[columnOf.get(f) ?? ""] ?? "").trim();
  const classes = new Map<string, string>();
  for (const k of input.season.classes) {
    classes.set(nameKey(k.id), k.id);
    classes.set(nameKey(k.name), k.id);
  }
  const teams = new Map<string, string>();
  for (const t of input.season.teams)
    for (const n of [t.id, t.name, ...(t.aliases ?? [])]) teams.set(nameKey(n), t.id);
  const teamIds = new Set(input.season.teams.map((t) => t.id));
  const entryIds = new Set(input.entries.map((e) => e.cells.id ?? ""));
  const carsInClass = new Map<string, number>();
  for (const e of input.entries)
    carsInClass.set(`${nameKey(e.cells.class ?? "")}#${e.cells.number ?? ""}`, e.line);

  const newTeams: { id: string; name: string }[] = [];
  const out: EntryListRow[] = [];
  const entries: RowInput[] = [];
  const drivers: RowInput[] = [];
  for (const r of rows) {
    const at = (field: Field) => ({ file, line: r.line, field: columnOf.get(field) ?? field });
    const number = cell(r, "number");
    const classText = cell(r, "class");
    const teamName = cell(r, "team");
    if (number === "")
      problems.push(problem("MISSING_FIELD", "the car number is empty", at("number")));
    if (teamName === "") problems.push(problem("MISSING_FIELD", "the team is empty", at("team")));
    const classId = classes.get(nameKey(classText)) ?? null;
    if (classText === "")
      problems.push(problem("MISSING_FIELD", "the class is empty", at("class")));
    else if (classId === null)
      problems.push(
        problem(
          "UNKNOWN_CLASS",
          `class "${classText}" is not one of the season's classes (${input.season.classes.map((k) => k.id).join(", ")}): add it first or correct the cell`,
          at("class"),
        ),
      );
    const carKey = `${nameKey(classId ?? classText)}#${number}`;
    if (number !== "" && carsInClass.has(carKey))
      problems.push(
        problem(
          "DUPLICATE_CAR",
          `car #${number} in ${classId ?? classText} is already entered${carsInClass.get(carKey) === -1 ? " earlier in this file" : ""}`,
          at("number"),
        ),
      );
    carsInClass.set(carKey, -1);
    let teamId = teams.get(nameKey(teamName)) ?? null;
    let known = teamId !== null;
    if (teamId === null && teamName !== "") {
      let id = slug(teamName);
      for (let i = 2; teamIds.has(id); i++) id = `${slug(teamName)}-${i}`;
      teamIds.add(id);
      teams.set(nameKey(teamName), id);
      newTeams.push({ id, name: teamName });
      teamId = id;
    } else if (teamId !== null && newTeams.some((t) => t.id === teamId)) known = false;
    let entryId = `${teamId ?? slug(teamName)}-${slug(number)}`;
    for (let i = 2; entryIds.has(entryId); i++)
      entryId = `${teamId ?? slug(teamName)}-${slug(number)}-${i}`;
    entryIds.add(entryId);

    const lineup: { name: string; nationality: string }[] = [];
    const listed = cell(r, "drivers");
    if (listed !== "")
      for (const name of listed.split(/[;/|\n]/))
        if (name.trim()) lineup.push({ name: name.trim(), nationality: "" });
    for (const [, c] of [...driverColumns].sort(([a], [b]) => a - b)) {
      const name = (r.cells[c.name ?? ""] ?? "").trim();
      const nat = (r.cells[c.nationality ?? ""] ?? "").trim();
      if (name !== "") lineup.push({ name, nationality: nat });
    }
    const twice = lineup.find(
      (d, i) => lineup.findIndex((x) => nameKey(x.name) === nameKey(d.name)) !== i,
    );
    if (twice)
      problems.push(
        problem(
          "DUPLICATE_ID",
          `driver "${twice.name}" is listed twice in this car`,
          at("drivers"),
        ),
      );

    out.push({
      line: r.line,
      number,
      classId,
      team: teamName,
      teamId: known ? teamId : null,
      entryId,
      drivers: lineup,
    });
    const entryCells: Record<string, string> = {
      id: entryId,
      number,
      class: classId ?? classText,
      team: teamId ?? teamName,
      chassis: cell(r, "chassis"),
      engine: cell(r, "engine"),
      tyre: cell(r, "tyre"),
      manufacturer: cell(r, "manufacturer"),
      rounds: cell(r, "rounds"),
    };
    entries.push({ file, line: r.line, cells: entryCells });
    for (const d of lineup)
      drivers.push({
        file,
        line: r.line,
        cells: { entry: entryId, driver: d.name, nationality: d.nationality },
      });
  }
  if (problems.length > 0) return err(problems);
  return ok({
    rows: out,
    newTeams,
    input: {
      ...input,
      season: {
        ...input.season,
        teams: [...input.season.teams, ...newTeams.map((t) => ({ id: t.id, name: t.name }))],
      },
      entries: [...input.entries, ...entries],
      drivers: [...input.drivers, ...drivers],
    },
  });
}
