// A stewards' decision naming one of two cars with the same number in a race (issue 10, point 4):
// the standings come from fixtures/decision-entry/car-swap.json (worked by hand there), and season
// input naming an unknown entry, or a number two results carry without an entry, is refused with
// file, line and field.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import { formatPoints } from "./points.js";
import { rulesFromInput } from "./points-rules.js";
import type { Problem } from "./problems.js";
import { seasonFromInput, seasonWithRaceResults } from "./season-from-input.js";
import { SEASON_FORMAT } from "./season-input.js";
import type { RowInput, SeasonInput } from "./season-input.js";
import { makeSeason } from "./testing/season-builder.js";
import type { DecisionSpec, RowSpec } from "./testing/season-builder.js";

interface CarSwapFixture {
  rules: unknown;
  rows: RowSpec[];
  cases: {
    name: string;
    decisions: DecisionSpec[];
    /** Per championship: [competitor, total points] in table order. */
    expected: Record<string, [string, string][]>;
  }[];
}

const fixture = JSON.parse(
  readFileSync(
    join(import.meta.dirname, "..", "..", "fixtures", "decision-entry", "car-swap.json"),
    "utf8",
  ),
) as CarSwapFixture;

describe("a decision naming one entry of two cars with one number (fixtures/decision-entry)", () => {
  const rules = rulesFromInput(fixture.rules);
  if (!rules.ok) throw new Error(JSON.stringify(rules.error));
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const season = makeSeason({ rows: fixture.rows, decisions: c.decisions });
    const standings = computeStandings(season, rules.value);
    for (const [championship, want] of Object.entries(c.expected)) {
      const table = standings.tables.find((t) => t.championshipId === championship);
      expect(
        table?.rows.map((r) => [r.competitor.name, formatPoints(r.total)]),
        championship,
      ).toEqual(want);
    }
  });
});

/** One race r1 with two Ferraris numbered 2 (entries ferrari-2a, ferrari-2b) and a Vanwall #20. */
function input(decisions: readonly Readonly<Record<string, string>>[]): SeasonInput {
  const row = (file: string, line: number, cells: Record<string, string>): RowInput => ({
    file,
    line,
    cells,
  });
  return {
    file: "season.json",
    season: {
      format: SEASON_FORMAT,
      id: "swap-1957",
      series: { id: "swap", name: "Swap" },
      year: 1957,
      name: "1957 Swap",
      classes: [{ id: "F1", name: "Formula 1" }],
      rounds: [
        { number: 1, name: "Round 1", circuit: "Aintree", status: "completed" },
        { number: 2, name: "Round 2", circuit: "Monza", status: "completed" },
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
      row("entries.csv", 5, { id: "ferrari-4", number: "4", class: "F1", team: "Ferrari" }),
    ],
    drivers: [],
    decisions: decisions.map((cells, i) => row("decisions.csv", i + 2, { ...cells })),
    results: [
      {
        raceId: "r1",
        rows: (
          [
            { pos: "1", number: "20" },
            { pos: "2", number: "2", entry: "ferrari-2a" },
            { pos: "3", number: "2", entry: "ferrari-2b" },
          ] as Record<string, string>[]
        ).map((cells, i) => row("results/r1.csv", i + 2, cells)),
      },
      {
        raceId: "r2",
        rows: (
          [
            { pos: "1", number: "2", entry: "ferrari-2a" },
            { pos: "2", number: "20" },
          ] as Record<string, string>[]
        ).map((cells, i) => row("results/r2.csv", i + 2, cells)),
      },
    ],
  };
}

const dsq = { id: "D1", kind: "disqualify", reason: "underweight" };

describe("a decision's entry read from season input", () => {
  it("names the entry, and without one the number matches both cars", () => {
    const read = seasonFromInput(input([{ ...dsq, race: "r1", number: "2", entry: "ferrari-2b" }]));
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    expect(read.value.decisions[0]?.target).toMatchObject({
      raceId: "r1",
      number: "2",
      entryId: "ferrari-2b",
    });
  });

  it("needs no entry where one car carries the number in the race", () => {
    const read = seasonFromInput(input([{ ...dsq, race: "r2", number: "2" }]));
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    expect(read.value.decisions[0]?.target.entryId).toBeNull();
  });

  const problemCases: [string, Record<string, string>, Partial<Problem>][] = [
    [
      "a number two results of the race carry, without an entry",
      { ...dsq, race: "r1", number: "2" },
      { code: "AMBIGUOUS_CAR", field: "entry" },
    ],
    [
      "a time penalty on such a number, team given",
      { ...dsq, kind: "time_penalty", seconds: "30", race: "r1", number: "2", team: "Ferrari" },
      { code: "AMBIGUOUS_CAR", field: "entry" },
    ],
    [
      "an entry not in the entries file",
      { ...dsq, race: "r1", number: "2", entry: "ferrari-9" },
      { code: "UNKNOWN_ENTRY", field: "entry" },
    ],
    [
      "an entry with another number",
      { ...dsq, race: "r1", number: "20", entry: "ferrari-2a" },
      { code: "INVALID_FIELD", field: "number" },
    ],
    [
      "an entry of another team",
      { ...dsq, race: "r1", team: "Vanwall", entry: "ferrari-2a" },
      { code: "INVALID_FIELD", field: "team" },
    ],
    [
      "an entry with no result in the race",
      { ...dsq, race: "r2", entry: "ferrari-2b" },
      { code: "UNKNOWN_CAR", field: "entry" },
    ],
    [
      "an entry on a points decision",
      {
        id: "P1",
        kind: "deduct_points",
        championship: "teams",
        team: "Ferrari",
        points: "5",
        entry: "ferrari-2a",
        reason: "x",
      },
      { code: "INVALID_FIELD", field: "entry" },
    ],
  ];
  it.each(problemCases)("refuses %s", (_name, cells, want) => {
    const read = seasonFromInput(input([cells]));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toEqual([
      expect.objectContaining({ file: "decisions.csv", line: 2, ...want }),
    ]);
  });

  it("lets an ambiguous decision overturned later stand (made before entries could be named)", () => {
    const read = seasonFromInput(
      input([
        { ...dsq, race: "r1", number: "2" },
        { id: "D2", kind: "reinstate", overturns: dsq.id as string, reason: "named the wrong car" },
        { ...dsq, id: "D3", race: "r1", number: "2", entry: "ferrari-2b" },
      ]),
    );
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    expect(read.value.decisions.map((d) => [d.id, d.target.entryId])).toEqual([
      [dsq.id, null],
      ["D2", null],
      ["D3", "ferrari-2b"],
    ]);
  });

  it("says to add the entry id, naming both entries", () => {
    const read = seasonFromInput(input([{ ...dsq, race: "r1", number: "2" }]));
    expect(read.ok ? "" : read.error[0]?.message).toMatch(
      /ferrari-2a, ferrari-2b.*add the entry id/,
    );
  });

  it("refuses a race's new classification that gives a decision's number to two cars", () => {
    const read = seasonFromInput(input([{ ...dsq, race: "r2", number: "2" }]));
    if (!read.ok) return expect.fail(JSON.stringify(read.error));
    const rows = [
      { pos: "1", number: "2", entry: "ferrari-2a" },
      { pos: "2", number: "2", entry: "ferrari-2b" },
    ].map((cells, i) => ({ file: "results/r2.csv", line: i + 2, cells }));
    const edited = seasonWithRaceResults(read.value, "r2", rows);
    expect(edited.ok ? [] : edited.error.map((p) => [p.code, p.file, p.line, p.field])).toEqual([
      ["AMBIGUOUS_CAR", "decisions.csv", 2, "entry"],
    ]);
  });
});
