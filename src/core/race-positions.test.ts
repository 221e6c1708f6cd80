// One classification everywhere: after the stewards' decisions, the official positions a results
// page shows and the positions the points engine scores agree. Each case is a timing export
// (overall and class positions, retirements without either) and the classification and class
// points worked out by hand (scale 10-6-4-3-2-1).
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import { formatPoints } from "./points.js";
import { classificationOrder, positionRace } from "./race-positions.js";
import { makeRules, makeSeason } from "./testing/season-builder.js";
import type { DecisionSpec, RowSpec } from "./testing/season-builder.js";
import type { RulesDocumentInput } from "./points-rules.js";

/** A timing export's race: classes A and B mixed on the road, one retirement per class. */
const EXPORT: RowSpec[] = [
  {
    race: "r1",
    pos: 1,
    classPos: 1,
    cls: "A",
    car: "1",
    team: "Alpha",
    laps: 100,
    time: "2:00:00.000",
  },
  {
    race: "r1",
    pos: 2,
    classPos: 2,
    cls: "A",
    car: "2",
    team: "Bravo",
    laps: 100,
    time: "2:00:10.000",
  },
  {
    race: "r1",
    pos: 3,
    classPos: 3,
    cls: "A",
    car: "3",
    team: "Charlie",
    laps: 100,
    time: "2:00:50.000",
  },
  {
    race: "r1",
    pos: 4,
    classPos: 1,
    cls: "B",
    car: "50",
    team: "Echo",
    laps: 99,
    time: "2:00:30.000",
  },
  {
    race: "r1",
    pos: 5,
    classPos: 2,
    cls: "B",
    car: "51",
    team: "Foxtrot",
    laps: 98,
    time: "2:01:00.000",
  },
  { race: "r1", pos: null, cls: "A", car: "4", team: "Delta", laps: 40, status: "dnf" },
  { race: "r1", pos: null, cls: "B", car: "52", team: "Golf", laps: 12, status: "dnf" },
];

/** A source that publishes class positions only (no overall order), as 2003's class results do. */
const PARTIAL: RowSpec[] = [
  { race: "r1", pos: null, classPos: 1, cls: "A", car: "1", team: "Alpha", laps: 100 },
  { race: "r1", pos: null, classPos: 2, cls: "A", car: "2", team: "Bravo", laps: 100 },
  { race: "r1", pos: null, classPos: 3, cls: "A", car: "3", team: "Charlie", laps: 100 },
];

const TEAMS = {
  championships: [{ id: "teams", name: "Teams", kind: "teams" as const, perClass: true }],
};

interface Case {
  name: string;
  rows: RowSpec[];
  decisions: DecisionSpec[];
  rules?: Partial<RulesDocumentInput>;
  /** Car numbers in the order the overall classification lists them, with their official positions. */
  overall: [car: string, pos: number | null, status: string][];
  /** Class A in classification order: car, official class position, points. */
  classA: [car: string, classPos: number | null, points: string][];
}

const cases: Case[] = [
  {
    name: "no decision: the export's positions stand",
    rows: EXPORT,
    decisions: [],
    overall: [
      ["1", 1, "classified"],
      ["2", 2, "classified"],
      ["3", 3, "classified"],
      ["50", 4, "classified"],
      ["51", 5, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
    ],
    classA: [
      ["1", 1, "10"],
      ["2", 2, "6"],
      ["3", 3, "4"],
      ["4", null, "0"],
    ],
  },
  {
    name: "time penalty on the class winner: class positions follow the penalised overall order",
    rows: EXPORT,
    decisions: [{ id: "p1", kind: "time_penalty", race: "r1", car: "1", seconds: 30 }],
    // 2:00:30 puts #1 behind #2 (2:00:10) but ahead of #3 (2:00:50).
    overall: [
      ["2", 1, "classified"],
      ["1", 2, "classified"],
      ["3", 3, "classified"],
      ["50", 4, "classified"],
      ["51", 5, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
    ],
    classA: [
      ["2", 1, "10"],
      ["1", 2, "6"],
      ["3", 3, "4"],
      ["4", null, "0"],
    ],
  },
  {
    name: "position penalty of two places: the car drops two places overall and in class",
    rows: EXPORT,
    decisions: [{ id: "p1", kind: "position_penalty", race: "r1", car: "1", places: 2 }],
    overall: [
      ["2", 1, "classified"],
      ["3", 2, "classified"],
      ["1", 3, "classified"],
      ["50", 4, "classified"],
      ["51", 5, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
    ],
    classA: [
      ["2", 1, "10"],
      ["3", 2, "6"],
      ["1", 3, "4"],
      ["4", null, "0"],
    ],
  },
  {
    name: "disqualification with no rule on it: listed last without a position, the cars behind move up",
    rows: EXPORT,
    decisions: [{ id: "d1", kind: "disqualify", race: "r1", car: "1" }],
    overall: [
      ["2", 1, "classified"],
      ["3", 2, "classified"],
      ["50", 3, "classified"],
      ["51", 4, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
      ["1", null, "dsq"],
    ],
    classA: [
      ["2", 1, "10"],
      ["3", 2, "6"],
      ["4", null, "0"],
      ["1", null, "0"],
    ],
  },
  {
    name: "disqualification whose points the rules leave unawarded: the classification still moves up",
    rows: EXPORT,
    decisions: [{ id: "d1", kind: "disqualify", race: "r1", car: "1" }],
    rules: { eligibility: [{ rule: "status", statuses: ["dsq"], effect: "unawarded" }] },
    overall: [
      ["2", 1, "classified"],
      ["3", 2, "classified"],
      ["50", 3, "classified"],
      ["51", 4, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
      ["1", null, "dsq"],
    ],
    classA: [
      ["2", 1, "6"],
      ["3", 2, "4"],
      ["4", null, "0"],
      ["1", null, "0"],
    ],
  },
  {
    name: "time penalty and disqualification in one race",
    rows: EXPORT,
    decisions: [
      { id: "p1", kind: "time_penalty", race: "r1", car: "1", seconds: 60 },
      { id: "d1", kind: "disqualify", race: "r1", car: "2" },
    ],
    // #1 at 2:01:00 drops behind #3 (2:00:50), still ahead of #50 a lap down; #2 is out.
    overall: [
      ["3", 1, "classified"],
      ["1", 2, "classified"],
      ["50", 3, "classified"],
      ["51", 4, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
      ["2", null, "dsq"],
    ],
    classA: [
      ["3", 1, "10"],
      ["1", 2, "6"],
      ["4", null, "0"],
      ["2", null, "0"],
    ],
  },
  {
    name: "disqualification overturned on appeal: the export's positions stand",
    rows: EXPORT,
    decisions: [
      { id: "d1", kind: "disqualify", race: "r1", car: "1" },
      { id: "a1", kind: "reinstate", race: "r1", car: "1", overturns: "d1" },
    ],
    overall: [
      ["1", 1, "classified"],
      ["2", 2, "classified"],
      ["3", 3, "classified"],
      ["50", 4, "classified"],
      ["51", 5, "classified"],
      ["4", null, "dnf"],
      ["52", null, "dnf"],
    ],
    classA: [
      ["1", 1, "10"],
      ["2", 2, "6"],
      ["3", 3, "4"],
      ["4", null, "0"],
    ],
  },
  {
    name: "class positions only (a partial source): a disqualified car's class rivals move up",
    rows: PARTIAL,
    decisions: [{ id: "d1", kind: "disqualify", race: "r1", car: "1" }],
    overall: [
      ["2", null, "classified"],
      ["3", null, "classified"],
      ["1", null, "dsq"],
    ],
    classA: [
      ["2", 1, "10"],
      ["3", 2, "6"],
      ["1", null, "0"],
    ],
  },
];

describe("one classification after the stewards' decisions", () => {
  for (const c of cases)
    it(c.name, () => {
      const season = makeSeason({ classes: ["A", "B"], rows: c.rows, decisions: c.decisions });
      const rules = makeRules({ ...TEAMS, ...c.rules });
      const rows = positionRace(season, rules, "r1");
      expect(
        classificationOrder(rows).map((p) => [p.row.number, p.overallPosition, p.status]),
      ).toEqual(c.overall);
      const standings = computeStandings(season, rules, { trail: false });
      const table = standings.tables.find((t) => t.classId === "A");
      const teamOfCar = new Map(rows.map((p) => [p.row.number, p.row.teamId]));
      const pointsOf = (car: string) => {
        const r = table?.rows.find((x) => x.competitor.id === teamOfCar.get(car));
        return r ? formatPoints(r.total) : "0";
      };
      const classA = classificationOrder(
        rows.filter((p) => p.scoringClass === "A"),
        "class",
      );
      expect(
        classA.map((p) => [p.row.number, p.classPosition, pointsOf(p.row.number ?? "")]),
      ).toEqual(c.classA);
      // Points follow the official class order, unless the rules keep a disqualified car's place.
      if (c.rules?.eligibility === undefined)
        for (const p of classA)
          if (p.classPosition !== null && p.exclusion === null)
            expect(p.pointsPosition).toBe(p.classPosition);
    });

  it("tells each row the decisions on it, standing or overturned, with their reasons", () => {
    const season = makeSeason({
      classes: ["A", "B"],
      rows: EXPORT,
      decisions: [
        { id: "p1", kind: "time_penalty", race: "r1", car: "1", seconds: 30 },
        { id: "d1", kind: "disqualify", race: "r1", car: "3" },
        { id: "a1", kind: "reinstate", race: "r1", car: "3", overturns: "d1" },
      ],
    });
    const rows = positionRace(season, makeRules(TEAMS), "r1");
    const on = (car: string) =>
      rows
        .find((p) => p.row.number === car)
        ?.decisions.map((x) => [x.decision.id, x.overturnedBy?.id ?? null]);
    expect(on("1")).toEqual([["p1", null]]);
    expect(on("3")).toEqual([["d1", "a1"]]);
    expect(on("2")).toEqual([]);
  });
});
