// Per-result facts (issue 10, points 1 and 4): who set a shared car's fastest lap, a stated split
// of its points, a result declared ineligible with its own effect, and a car told apart by its
// entry id. Read from season input (every problem naming file, line and field) and scored.
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import { formatPoints } from "./points.js";
import { rulesFromInput } from "./points-rules.js";
import type { RulesDocumentInput } from "./points-rules.js";
import type { Problem } from "./problems.js";
import { seasonFromInput } from "./season-from-input.js";
import { SEASON_FORMAT } from "./season-input.js";
import type { RowInput, SeasonInput } from "./season-input.js";
import { makeSeason } from "./testing/season-builder.js";

function rules(doc: Partial<RulesDocumentInput> = {}) {
  const r = rulesFromInput({
    format: "paddock-rules/1",
    id: "t",
    name: "t",
    version: 1,
    scales: { s: [10, 6, 4, 3] },
    defaultScale: "s",
    championships: [{ id: "drivers", name: "Drivers", kind: "drivers", perClass: false }],
    ...doc,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe("a result declared ineligible, with its own effect", () => {
  // One season mixing both effects: round 1's #9 is removed (the cars behind move up), round 2's
  // #9 keeps its place and its points go to nobody; round 3's #9 is eligible again.
  const season = makeSeason({
    rows: [
      { race: "r1", pos: 1, car: "9", team: "Guest", drivers: ["Gil"], ineligibleResult: "moveUp" },
      { race: "r1", pos: 2, car: "1", team: "Home", drivers: ["Ann"] },
      { race: "r1", pos: 3, car: "2", team: "Home", drivers: ["Bob"] },
      {
        race: "r2",
        pos: 1,
        car: "9",
        team: "Guest",
        drivers: ["Gil"],
        ineligibleResult: "unawarded",
      },
      { race: "r2", pos: 2, car: "1", team: "Home", drivers: ["Ann"] },
      { race: "r2", pos: 3, car: "2", team: "Home", drivers: ["Bob"], fl: true },
      { race: "r3", pos: 1, car: "9", team: "Guest", drivers: ["Gil"], fl: true },
      { race: "r3", pos: 2, car: "1", team: "Home", drivers: ["Ann"] },
    ],
  });
  const r = rules({
    championships: [
      {
        id: "drivers",
        name: "Drivers",
        kind: "drivers",
        perClass: false,
        bonuses: [{ kind: "fastestLap", points: 1, paidIf: "anyFinish" }],
      },
    ],
  });

  it.each([
    // round: [Gil, Ann, Bob]
    [1, ["0", "10", "6"]],
    [2, ["0", "6", "5"]],
    [3, ["11", "6", "0"]],
  ])("round %i scores %j", (round, want) => {
    const table = computeStandings(season, r).tables[0]!;
    const points = ["gil", "ann", "bob"].map((id) => {
      const row = table.rows.find((x) => x.competitor.id === id);
      const cell = row?.cells[round - 1];
      return cell?.points === undefined || cell.points === null
        ? undefined
        : formatPoints(cell.points);
    });
    expect(points).toEqual(want);
  });

  it("is told by the points trail (and so by explain)", () => {
    const trail = computeStandings(season, r, { trail: true }).trail.filter(
      (e) => e.competitorId === "gil" && e.kind === "withheld",
    );
    expect(trail.map((e) => [e.roundNumber, e.rule, formatPoints(e.points), e.detail])).toEqual([
      [
        1,
        "INELIGIBLE_RESULT",
        "0",
        "result declared ineligible for points: removed, the cars behind move up",
      ],
      [
        2,
        "INELIGIBLE_RESULT",
        "10",
        "result declared ineligible for points: keeps its position, its points go to nobody",
      ],
    ]);
  });
});

describe("two cars with the same number in one race, told apart by entry id", () => {
  it("scores each entry for its own manufacturer", () => {
    const season = makeSeason({
      rows: [
        {
          race: "r1",
          pos: 1,
          car: "2",
          team: "Scuderia",
          entry: "sc-2-old",
          make: "Alfa",
          drivers: ["Ann"],
          status: "dnf",
        },
        {
          race: "r1",
          pos: 2,
          car: "2",
          team: "Scuderia",
          entry: "sc-2-new",
          make: "Ferrari",
          drivers: ["Ann"],
        },
      ],
    });
    const table = computeStandings(
      season,
      rules({
        championships: [
          {
            id: "makes",
            name: "Makes",
            kind: "manufacturers",
            perClass: false,
            counting: { cars: "all", nonCounting: "unawarded" },
          },
        ],
      }),
    ).tables[0]!;
    expect(table.rows.map((x) => [x.competitor.name, formatPoints(x.total)])).toEqual([
      ["Alfa", "10"],
      ["Ferrari", "6"],
    ]);
  });
});

/** A season of one race whose results rows have the given cells (results/r1.csv, lines 2…). */
function input(rows: readonly Readonly<Record<string, string>>[]): SeasonInput {
  const row = (file: string, line: number, cells: Record<string, string>): RowInput => ({
    file,
    line,
    cells,
  });
  return {
    file: "season.json",
    season: {
      format: SEASON_FORMAT,
      id: "mini-1957",
      series: { id: "mini", name: "Mini" },
      year: 1957,
      name: "1957 Mini",
      classes: [{ id: "F1", name: "Formula 1" }],
      rounds: [
        { number: 1, name: "Round 1", circuit: "Aintree", status: "completed" },
        { number: 2, name: "Round 2", circuit: "Nürburgring", status: "scheduled" },
      ],
      teams: [
        { id: "vanwall", name: "Vanwall" },
        { id: "ferrari", name: "Ferrari" },
      ],
      rules: "rules.json",
      entries: "entries.csv",
    },
    entries: [
      row("entries.csv", 2, { number: "20", class: "F1", team: "Vanwall" }),
      row("entries.csv", 3, { id: "ferrari-2a", number: "2", class: "F1", team: "Ferrari" }),
      row("entries.csv", 4, { id: "ferrari-2b", number: "2", class: "F1", team: "Ferrari" }),
      row("entries.csv", 5, {
        id: "ferrari-3",
        number: "3",
        class: "F1",
        team: "Ferrari",
        rounds: "2",
      }),
    ],
    drivers: [
      row("drivers.csv", 2, { entry: "vanwall-20", driver: "Tony Brooks" }),
      row("drivers.csv", 3, { entry: "vanwall-20", driver: "Stirling Moss" }),
      row("drivers.csv", 4, { entry: "ferrari-2a", driver: "Peter Collins" }),
    ],
    decisions: [],
    results: [
      {
        raceId: "r1",
        rows: rows.map((cells, i) => row("results/r1.csv", i + 2, { ...cells })),
      },
    ],
  };
}

const shared = { pos: "1", number: "20", drivers: "Tony Brooks;Stirling Moss" };

describe("per-result facts read from season input", () => {
  it("reads who set the fastest lap, the stated split and the effect", () => {
    const read = seasonFromInput(
      input([
        { ...shared, fastest_lap_driver: "Stirling Moss", driver_shares: "1/2; 1/2" },
        { pos: "2", number: "2", entry: "ferrari-2b", ineligible: "unawarded" },
      ]),
    );
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    const [a, b] = read.value.results;
    expect(a).toMatchObject({ fastestLap: true, fastestLapDriverId: "stirling-moss" });
    expect(a!.driverShares!.map(formatPoints)).toEqual(["0.5", "0.5"]);
    expect(a!.ineligible).toBeUndefined();
    expect(b).toMatchObject({ entryId: "ferrari-2b", teamId: "ferrari", ineligible: "unawarded" });
    expect(b!.fastestLapDriverId).toBeUndefined();
    expect(b!.driverShares).toBeUndefined();
  });

  it("tells two cars with the same number apart by entry id (without it, as before: ambiguous, and a duplicate)", () => {
    const both = [
      { pos: "1", number: "2", team: "Ferrari", entry: "ferrari-2a" },
      { pos: "2", number: "2", team: "Ferrari", entry: "ferrari-2b" },
    ];
    const read = seasonFromInput(input(both));
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    expect(read.value.results.map((r) => r.entryId)).toEqual(["ferrari-2a", "ferrari-2b"]);
    const without = seasonFromInput(input(both.map(({ entry: _e, ...rest }) => rest)));
    expect(without.ok ? [] : without.error.map((p) => p.code)).toEqual([
      "AMBIGUOUS_CAR",
      "AMBIGUOUS_CAR",
      "DUPLICATE_CAR",
    ]);
  });

  const problemCases: [string, Record<string, string>, Partial<Problem>][] = [
    [
      "fastest-lap driver not in the drivers file",
      { ...shared, fastest_lap_driver: "Juan Fangio" },
      { code: "UNKNOWN_DRIVER", field: "fastest_lap_driver" },
    ],
    [
      "fastest-lap driver not in the car's line-up",
      { ...shared, fastest_lap_driver: "Peter Collins" },
      { code: "INVALID_FIELD", field: "fastest_lap_driver" },
    ],
    [
      "fastest-lap driver while fastest_lap says no",
      { ...shared, fastest_lap: "no", fastest_lap_driver: "Stirling Moss" },
      { code: "INVALID_FIELD", field: "fastest_lap" },
    ],
    [
      "a share that is not points",
      { ...shared, driver_shares: "1;half" },
      { code: "INVALID_FIELD", field: "driver_shares" },
    ],
    [
      "a negative share",
      { ...shared, driver_shares: "1;-1" },
      { code: "INVALID_FIELD", field: "driver_shares" },
    ],
    [
      "one share for two drivers",
      { ...shared, driver_shares: "1" },
      { code: "INVALID_FIELD", field: "driver_shares" },
    ],
    [
      "an effect that is not one",
      { ...shared, ineligible: "yes" },
      { code: "INVALID_FIELD", field: "ineligible" },
    ],
    [
      "an entry not in the entries file",
      { pos: "1", number: "2", entry: "ferrari-9" },
      { code: "UNKNOWN_ENTRY", field: "entry" },
    ],
    [
      "an entry with another number",
      { pos: "1", number: "20", entry: "ferrari-2a" },
      { code: "INVALID_FIELD", field: "number" },
    ],
    [
      "an entry of another team",
      { pos: "1", number: "2", team: "Vanwall", entry: "ferrari-2a" },
      { code: "INVALID_FIELD", field: "team" },
    ],
    [
      "an entry not entered for the round",
      { pos: "1", number: "3", entry: "ferrari-3" },
      { code: "UNKNOWN_CAR", field: "entry" },
    ],
  ];
  it.each(problemCases)("%s", (_name, cells, want) => {
    const read = seasonFromInput(input([cells]));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toEqual([
      expect.objectContaining({ file: "results/r1.csv", line: 2, ...want }),
    ]);
  });

  it("reads the same entry twice in a race as a duplicate car", () => {
    const read = seasonFromInput(
      input([
        { pos: "1", number: "2", entry: "ferrari-2a" },
        { pos: "2", number: "2", entry: "ferrari-2a" },
      ]),
    );
    expect(read.ok ? [] : read.error.map((p) => [p.code, p.line])).toEqual([["DUPLICATE_CAR", 3]]);
  });
});
