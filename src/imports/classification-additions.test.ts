// What a classification adds to its season: the fixture with two cars the season has not entered
// (expected values in fixtures/imports/unknown-cars/expected.json), then a table of small cases —
// teams matched across case, accents and ß/SS, drivers new to known cars, and what stops a car
// being added — and the driver column each name comes from.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { validateSeasonInput } from "../core/season-edits.js";
import { seasonFromInput } from "../core/season-from-input.js";
import type { RowInput, SeasonInput } from "../core/season-input.js";
import type { Season } from "../core/season.js";
import {
  NO_ADDITIONS,
  additionCount,
  describeAdditions,
  driverColumnOf,
  planClassificationAdditions,
} from "./classification-additions.js";
import type { ClassificationAdditions } from "./classification-additions.js";
import { parseClassification } from "./parse-classification.js";
import type { ParsedClassification } from "./parse-classification.js";
import { seasonInputWithResults } from "./testing/fixture-season.js";
import { IMPORT_FIXTURES } from "./testing/import-fixtures.js";

const CASE = join(IMPORT_FIXTURES, "unknown-cars");
const expected = JSON.parse(readFileSync(join(CASE, "expected.json"), "utf8")) as {
  file: string;
  race: string;
  round: number;
  rows: number;
  withoutAdding: { code: string; line: number; field: string }[];
  count: number;
  summary: string;
  adds: ClassificationAdditions;
};

function parsed(file: string, dir = IMPORT_FIXTURES): ParsedClassification {
  const read = parseClassification(readFileSync(join(dir, file)), file);
  if (!read.ok) throw new Error(read.error.map(formatProblem).join("\n"));
  return read.value;
}

function seasonOf(input: SeasonInput): Season {
  const season = seasonFromInput(input);
  if (!season.ok) throw new Error(season.error.map(formatProblem).join("\n"));
  return season.value;
}

const RULES = JSON.parse(
  readFileSync("fixtures/seasons/endurance-cup-2025/rules.json", "utf8"),
) as unknown;

describe("a classification with cars the season has not entered (fixtures/imports/unknown-cars)", () => {
  const file = parsed(expected.file, CASE);
  const input = seasonInputWithResults([]);
  const season = seasonOf(input);

  it("lists the cars, teams, drivers and line-ups it would add", () => {
    expect(file.rows).toHaveLength(expected.rows);
    const plan = planClassificationAdditions(season, input, expected.race, file);
    if (!plan.ok) expect.fail(plan.error.map(formatProblem).join("\n"));
    expect(plan.value.additions).toEqual(expected.adds);
    expect(additionCount(plan.value.additions)).toBe(expected.count);
    expect(describeAdditions(plan.value.additions)).toBe(expected.summary);
  });

  it("with them added, every row finds its entry and drivers, ids as listed", () => {
    const plan = planClassificationAdditions(season, input, expected.race, file);
    if (!plan.ok) return expect.fail(plan.error.map(formatProblem).join("\n"));
    // The file's rows in round 1, as seasonInputWithResults puts them (the round completed).
    const raced = seasonInputWithResults([{ round: expected.round, rows: file.rows }]);
    const edited: SeasonInput = {
      ...plan.value.input,
      season: { ...plan.value.input.season, rounds: raced.season.rounds },
      results: raced.results,
    };
    const valid = validateSeasonInput(edited, RULES);
    if (!valid.ok) return expect.fail(valid.error.map(formatProblem).join("\n"));
    const after = valid.value.season;
    for (const r of after.results) {
      expect(r.entryId, `line ${r.source.line}`).not.toBeNull();
      expect(r.driverIds, `line ${r.source.line}`).toHaveLength(3);
    }
    const ids = (list: readonly { id: string }[]) => new Set(list.map((x) => x.id));
    for (const e of expected.adds.entries)
      expect(after.entries.find((x) => x.id === e.entryId)).toMatchObject({
        number: e.number,
        classId: e.classId,
        teamId: e.teamId,
        rounds: null,
      });
    expect([...ids(after.teams)]).toEqual(
      expect.arrayContaining(expected.adds.teams.map((t) => t.id)),
    );
    expect(after.drivers.length).toBe(season.drivers.length + expected.adds.drivers.length);
    expect([...ids(after.drivers)]).toEqual(
      expect.arrayContaining(expected.adds.drivers.map((d) => d.id)),
    );
    for (const l of expected.adds.lineups)
      expect(after.lineups).toContainEqual(
        expect.objectContaining({ entryId: l.entryId, driverId: l.driverId, rounds: l.rounds }),
      );
  });

  it("without them, each is an error on its line; a driver's names the driver's own column", () => {
    const refused = seasonFromInput(seasonInputWithResults([{ round: 1, rows: file.rows }]));
    if (refused.ok) return expect.fail("the season should refuse the file's unknown cars");
    const toUser = (p: Problem) =>
      p.field === "drivers"
        ? (driverColumnOf(file, p) ?? p.field)
        : (file.sourceColumn[p.field as keyof typeof file.sourceColumn] ?? p.field);
    expect(refused.error.map((p) => ({ code: p.code, line: p.line, field: toUser(p) }))).toEqual(
      expected.withoutAdding,
    );
  });
});

describe("the column each driver's name is in", () => {
  it.each([
    ["an Al Kamel file: DRIVER_n", "round-1-alkamel.csv", ["DRIVER_1", "DRIVER_2", "DRIVER_3"]],
    [
      "an IMSA file: first and second names",
      "round-2-imsa.csv",
      [
        "DRIVER1_FIRSTNAME + DRIVER1_SECONDNAME",
        "DRIVER2_FIRSTNAME + DRIVER2_SECONDNAME",
        "DRIVER3_FIRSTNAME + DRIVER3_SECONDNAME",
      ],
    ],
  ])("%s", (_, name, columns) => {
    const file = parsed(name);
    expect(file.driverColumns).toHaveLength(file.rows.length);
    for (const c of file.driverColumns ?? []) expect(c).toEqual(columns);
  });

  it("a file with the drivers in one column names that column", () => {
    const rows: RowInput[] = [{ file: "x.json", line: 3, cells: { number: "7", drivers: "A;B" } }];
    const source = { file: "x.json", rows, sourceColumn: { drivers: "drivers" } };
    const p = { code: "UNKNOWN_DRIVER", message: 'driver "B" is …', file: "x.json", line: 3 };
    expect(driverColumnOf(source, p as Problem)).toBe("drivers");
  });
});

// The fixture season, with a team and a driver whose names have a ß, and the Al Kamel rows of a
// small file: "pos;number;class;team;drivers" (drivers ";"-separated, as parsers write them).
const withSharpS: SeasonInput = (() => {
  const input = seasonInputWithResults([]);
  return {
    ...input,
    season: {
      ...input.season,
      teams: [...input.season.teams, { id: "grossmann", name: "Großmann Racing" }],
    },
    drivers: [
      ...input.drivers,
      { file: "drivers.csv", line: 99, cells: { entry: "", driver: "Lukas Weiß" } },
    ],
  };
})();
const sharpSeason = seasonOf(withSharpS);
const FILE = "small.csv";
const rowsOf = (...lines: string[]): RowInput[] =>
  lines.map((text, i) => {
    const [pos = "", number = "", klass = "", team = "", drivers = ""] = text.split("|");
    return { file: FILE, line: i + 2, cells: { pos, number, class: klass, team, drivers } };
  });
const plan = (rows: RowInput[]) =>
  planClassificationAdditions(sharpSeason, withSharpS, "r1", {
    file: FILE,
    rows,
    sourceColumn: {},
  });

describe("what a file adds, case by case", () => {
  const cases: {
    name: string;
    rows: RowInput[];
    adds: Partial<Record<keyof ClassificationAdditions, unknown>>;
  }[] = [
    {
      name: "nothing, when every car and driver is known (names in other case and accents)",
      rows: rowsOf("1|8|HYPERCAR|toyota gazoo racing|SEBASTIEN BUEMI;brendon hartley"),
      adds: NO_ADDITIONS,
    },
    {
      name: "a car of a known team spelt with SS for ß, a known driver spelt so too",
      rows: rowsOf("1|70|LMGT3|GROSSMANN RACING|Lukas WEISS;Jan NOVÁK"),
      adds: {
        entries: [expect.objectContaining({ entryId: "grossmann-70", newTeam: false })],
        teams: [],
        drivers: [{ id: "jan-novak", name: "Jan NOVÁK", line: 2 }],
        lineups: [
          expect.objectContaining({ driverId: "lukas-weiss", rounds: null }),
          expect.objectContaining({ driverId: "jan-novak", rounds: null }),
        ],
      },
    },
    {
      name: "a car of a team known by an alias, in lower case",
      rows: rowsOf("1|9|hypercar|penske|Kévin Estre"),
      adds: {
        entries: [
          expect.objectContaining({ entryId: "porsche-penske-9", teamId: "porsche-penske" }),
        ],
        teams: [],
        drivers: [],
      },
    },
    {
      name: "one new team for two cars spelling it apart",
      rows: rowsOf("1|70|LMGT3|ÉQUIPE NORD|Ana Ruiz", "2|71|LMGT3|Equipe Nord|Bo Li"),
      adds: {
        entries: [
          expect.objectContaining({ entryId: "equipe-nord-70", newTeam: true }),
          expect.objectContaining({ entryId: "equipe-nord-71", newTeam: true }),
        ],
        teams: [{ id: "equipe-nord", name: "ÉQUIPE NORD" }],
      },
    },
    {
      name: "a driver new to a known car, for this round only; once though in two cars",
      rows: rowsOf("1|8|HYPERCAR|Toyota|Brendon Hartley;Zoë Ärger", "2|7|HYPERCAR||ZOE ARGER"),
      adds: {
        entries: [],
        teams: [],
        drivers: [{ id: "zoe-arger", name: "Zoë Ärger", line: 2 }],
        lineups: [
          { line: 2, entryId: "toyota-8", driverId: "zoe-arger", driver: "Zoë Ärger", rounds: [1] },
          { line: 3, entryId: "toyota-7", driverId: "zoe-arger", driver: "ZOE ARGER", rounds: [1] },
        ],
      },
    },
  ];
  it.each(cases)("$name", ({ rows, adds }) => {
    const read = plan(rows);
    if (!read.ok) return expect.fail(read.error.map(formatProblem).join("\n"));
    expect(read.value.additions).toMatchObject(adds);
    if (adds === NO_ADDITIONS) expect(read.value.input).toBe(withSharpS);
  });

  const refused: { name: string; rows: RowInput[]; problems: Partial<Problem>[] }[] = [
    {
      name: "a class the season does not have",
      rows: rowsOf("1|70|GT4|New Team|Ana Ruiz"),
      problems: [{ code: "UNKNOWN_CLASS", file: FILE, line: 2, field: "class" }],
    },
    {
      name: "an entered number and class under a team the season does not know",
      rows: rowsOf("1|8|HYPERCAR|Toyota Gazoo Racing Europe|Ana Ruiz"),
      problems: [{ code: "DUPLICATE_CAR", file: FILE, line: 2, field: "number" }],
    },
    {
      name: "a new car without a team",
      rows: rowsOf("1|70|LMGT3||Ana Ruiz"),
      problems: [{ code: "MISSING_FIELD", file: FILE, line: 2, field: "team" }],
    },
  ];
  it.each(refused)("refused: $name", ({ rows, problems }) => {
    const read = plan(rows);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatchObject(problems);
  });
});
