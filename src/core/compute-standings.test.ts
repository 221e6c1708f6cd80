// Table-driven tests of every rule feature: a named scenario, its rules, its classification, and
// the standings expected (worked out by hand from the scale [10, 6, 4, 3, 2, 1]).
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import type { Standings } from "./compute-standings.js";
import { formatPoints } from "./points.js";
import { makeRules, makeSeason } from "./testing/season-builder.js";
import type { RowSpec, SeasonSpec } from "./testing/season-builder.js";
import type { RulesDocumentInput } from "./points-rules.js";

type Expected = Record<string, [name: string, total: string, position?: number | null][]>;

interface Scenario {
  name: string;
  rules?: Partial<RulesDocumentInput>;
  season: SeasonSpec;
  expect: Expected;
}

const teams = (
  counting: "all" | "best" | { best: number } = "all",
  nonCounting: "unawarded" | "nextCar" = "unawarded",
  extra: object = {},
) => ({
  championships: [
    {
      id: "teams",
      name: "Teams",
      kind: "teams" as const,
      counting: { cars: counting, nonCounting },
      ...extra,
    },
  ],
});
const drivers = (extra: object = {}) => ({
  championships: [{ id: "drivers", name: "Drivers", kind: "drivers" as const, ...extra }],
});
/** A row by class position (as a source publishing class results gives it). */
const row = (
  race: string,
  classPos: number,
  team: string,
  car: string,
  more: Partial<RowSpec> = {},
): RowSpec => ({ race, pos: null, classPos, team, car, ...more });
/** A row by overall position: class positions follow from the overall order. */
const overall = (
  race: string,
  pos: number,
  team: string,
  car: string,
  more: Partial<RowSpec> = {},
): RowSpec => ({ race, pos, team, car, ...more });

/**
 * Pia and Eli level on 3 with a 5th and a 6th each, sharing 3rd on scoring finishes: Eli's 5th
 * (round 2) came before Pia's (round 3); after round 3 Pia (3 points) stood ahead of Eli (2).
 */
const levelSeason: SeasonSpec = {
  rows: [
    overall("r1", 1, "T1", "1", { drivers: ["Ann"] }),
    overall("r1", 6, "T2", "2", { drivers: ["Pia"] }),
    overall("r2", 1, "T1", "1", { drivers: ["Ann"] }),
    overall("r2", 5, "T3", "3", { drivers: ["Eli"] }),
    overall("r3", 1, "T1", "1", { drivers: ["Ann"] }),
    overall("r3", 2, "T4", "4", { drivers: ["Cal"] }),
    overall("r3", 5, "T2", "2", { drivers: ["Pia"] }),
    overall("r4", 1, "T1", "1", { drivers: ["Ann"] }),
    overall("r4", 6, "T3", "3", { drivers: ["Eli"] }),
  ],
};

const scenarios: Scenario[] = [
  // Scales
  {
    name: "default scale: points by position",
    season: { rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2"), row("r1", 3, "T3", "3")] },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
        ["T3", "4", 3],
      ],
    },
  },
  {
    name: "per-round scale override (an endurance round)",
    rules: {
      scales: { standard: [10, 6, 4, 3, 2, 1], endurance: [20, 12] },
      races: [{ round: 2, scale: "endurance" }],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T1", "1"),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "26", 1],
        ["T1", "22", 2],
      ],
    },
  },
  {
    name: "per-race scale override: a sprint's own scale in a two-race round",
    rules: {
      scales: { standard: [10, 6, 4, 3, 2, 1], sprint: [5, 3, 1] },
      races: [{ round: 1, race: "r1-sprint", scale: "sprint" }],
    },
    season: {
      races: { 1: ["r1-sprint", "r1-feature"] },
      rows: [
        row("r1-sprint", 1, "T1", "1"),
        row("r1-sprint", 2, "T2", "2"),
        row("r1-feature", 1, "T2", "2"),
        row("r1-feature", 2, "T1", "1"),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "13", 1],
        ["T1", "11", 2],
      ],
    },
  },
  {
    name: "a race cut short: half points when the leader ran under 3/4 of the scheduled laps",
    rules: { shortRaces: [{ below: "3/4", multiplier: "1/2" }] },
    season: {
      scheduledLaps: { r1: 60, r2: 60 },
      rows: [
        // r1: 44 of 60 laps (under 45): half points; r2: 45 of 60, in full
        row("r1", 1, "T1", "1", { laps: 44 }),
        row("r1", 2, "T2", "2", { laps: 44 }),
        row("r2", 1, "T2", "2", { laps: 45 }),
        row("r2", 2, "T1", "1", { laps: 45 }),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "13", 1],
        ["T1", "11", 2],
      ],
    },
  },
  {
    name: "bands of races cut short, shortest first; a race's own override wins over its band",
    rules: {
      scales: { standard: [10, 6, 4, 3, 2, 1], quarter: [3, 2, 1] },
      shortRaces: [
        { belowLaps: 2, multiplier: 0 },
        { below: "1/4", scale: "quarter" },
        { below: "3/4", multiplier: "1/2" },
      ],
      races: [{ round: 4, multiplier: 1 }],
    },
    season: {
      // r1 1 lap: nothing; r2 10 of 60: the quarter scale; r3 30 of 60: half; r4 30 of 60, but
      // its own override pays in full; r5: scheduled laps unknown, in full
      scheduledLaps: { r1: 60, r2: 60, r3: 60, r4: 60 },
      rows: [
        row("r1", 1, "T1", "1", { laps: 1 }),
        row("r2", 1, "T1", "1", { laps: 10 }),
        row("r3", 1, "T1", "1", { laps: 30 }),
        row("r4", 1, "T2", "2", { laps: 30 }),
        row("r5", 1, "T2", "2", { laps: 12 }),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "20", 1],
        ["T1", "8", 2],
      ],
    },
  },
  {
    name: "half points: exact halves",
    rules: { races: [{ round: 1, multiplier: "1/2" }] },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r1", 3, "T3", "3"),
        row("r1", 4, "T4", "4"),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "5", 1],
        ["T2", "3", 2],
        ["T3", "2", 3],
        ["T4", "1.5", 4],
      ],
    },
  },
  {
    name: "double points",
    rules: { races: [{ round: 1, multiplier: 2 }] },
    season: { rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2")] },
    expect: {
      "teams A": [
        ["T1", "20", 1],
        ["T2", "12", 2],
      ],
    },
  },
  {
    name: "teams and drivers score on different scales",
    rules: {
      scales: { standard: [10, 6, 4, 3, 2, 1], drivers: [25, 18] },
      championships: [
        { id: "teams", name: "Teams", kind: "teams" },
        { id: "drivers", name: "Drivers", kind: "drivers", scale: "drivers" },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 2, "T2", "2", { drivers: ["Bob"] }),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
      "drivers A": [
        ["Ann", "25", 1],
        ["Bob", "18", 2],
      ],
    },
  },
  // Classes
  {
    name: "class positions follow the overall order within each class",
    season: {
      classes: ["A", "B"],
      rows: [
        overall("r1", 1, "T1", "1"),
        overall("r1", 2, "T2", "2", { cls: "B" }),
        overall("r1", 3, "T3", "3"),
        overall("r1", 4, "T4", "4", { cls: "B" }),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T3", "6", 2],
      ],
      "teams B": [
        ["T2", "10", 1],
        ["T4", "6", 2],
      ],
    },
  },
  {
    name: "a raced class scores in another championship class (2003: LMGTP in LMP900)",
    rules: { classMap: { X: "P" } },
    season: {
      classes: ["P", { id: "X", championship: false }],
      rows: [row("r1", 1, "T1", "1", { cls: "X" }), row("r1", 2, "T2", "2", { cls: "P" })],
    },
    expect: {
      "teams P": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  {
    name: "a published class order with a gap: the unknown holder's points go to nobody",
    season: {
      rows: [
        row("r1", 1, "T1", "1", { pos: null, classPos: 1 }),
        row("r1", 3, "T2", "2", { pos: null, classPos: 3 }),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "4", 2],
      ],
    },
  },
  {
    name: "a combined championship ranks on overall positions across classes",
    rules: { championships: [{ id: "overall", name: "Overall", kind: "teams", perClass: false }] },
    season: {
      classes: ["A", "B"],
      rows: [
        overall("r1", 1, "T1", "1"),
        overall("r1", 2, "T2", "2", { cls: "B" }),
        overall("r1", 3, "T3", "3"),
      ],
    },
    expect: {
      "overall ": [
        ["T1", "10", 1],
        ["T2", "6", 2],
        ["T3", "4", 3],
      ],
    },
  },
  {
    name: "a combined championship keeps the published places of a classification with gaps",
    rules: { championships: [{ id: "overall", name: "Overall", kind: "teams", perClass: false }] },
    season: {
      rows: [
        overall("r1", 1, "T1", "1"),
        overall("r1", 2, "T2", "2"),
        // 3rd not transcribed: the car listed 4th scores 4th's points, not 3rd's
        overall("r1", 4, "T3", "3"),
        { race: "r1", pos: 6, team: "T4", car: "4", status: "dsq" },
        overall("r1", 7, "T5", "5"),
      ],
    },
    // The disqualified 6th is removed and the 7th moves up to 6th
    expect: {
      "overall ": [
        ["T1", "10", 1],
        ["T2", "6", 2],
        ["T3", "3", 3],
        ["T5", "1", 4],
        ["T4", "0", 5],
      ],
    },
  },
  // Eligibility
  {
    name: "disqualified: removed, the cars behind move up (2003)",
    rules: { eligibility: [{ rule: "status", statuses: ["dsq"], effect: "moveUp" }] },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { status: "dsq" }),
        row("r1", 2, "T2", "2"),
        row("r1", 3, "T3", "3"),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T3", "6", 2],
        ["T1", "0", 3],
      ],
    },
  },
  {
    name: "disqualified: its points go to nobody",
    rules: { eligibility: [{ rule: "status", statuses: ["dsq"], effect: "unawarded" }] },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { status: "dsq" }),
        row("r1", 2, "T2", "2"),
        row("r1", 3, "T3", "3"),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "6", 1],
        ["T3", "4", 2],
        ["T1", "0", 3],
      ],
    },
  },
  {
    name: "minimum distance: under 70% of the class winner's laps scores nothing, exactly 70% scores",
    rules: {
      eligibility: [
        { rule: "minDistance", fraction: "7/10", of: "classWinner", effect: "unawarded" },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { laps: 100 }),
        row("r1", 2, "T2", "2", { laps: 70 }),
        row("r1", 3, "T3", "3", { laps: 69 }),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
        ["T3", "0", 3],
      ],
    },
  },
  {
    name: "minimum distance of the overall winner's laps, judged across classes",
    rules: {
      eligibility: [
        { rule: "minDistance", fraction: "7/10", of: "overallWinner", effect: "unawarded" },
      ],
    },
    season: {
      classes: ["A", "B"],
      rows: [
        overall("r1", 1, "T1", "1", { laps: 100 }),
        overall("r1", 2, "T2", "2", { cls: "B", laps: 65 }),
      ],
    },
    expect: { "teams A": [["T1", "10", 1]], "teams B": [["T2", "0", 1]] },
  },
  {
    name: "the class winner's distance: the same car scores when judged within its class",
    rules: {
      eligibility: [
        { rule: "minDistance", fraction: "7/10", of: "classWinner", effect: "unawarded" },
      ],
    },
    season: {
      classes: ["A", "B"],
      rows: [
        overall("r1", 1, "T1", "1", { laps: 100 }),
        overall("r1", 2, "T2", "2", { cls: "B", laps: 65 }),
      ],
    },
    expect: { "teams A": [["T1", "10", 1]], "teams B": [["T2", "10", 1]] },
  },
  {
    name: "classified only, the cars behind move up",
    rules: {
      eligibility: [{ rule: "status", statuses: ["dnf", "not_classified"], effect: "moveUp" }],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2", { status: "dnf" }),
        row("r1", 3, "T3", "3"),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T3", "6", 2],
        ["T2", "0", 3],
      ],
    },
  },
  {
    name: "classified only, the retired car's points go to nobody",
    rules: {
      eligibility: [{ rule: "status", statuses: ["dnf", "not_classified"], effect: "unawarded" }],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2", { status: "not_classified" }),
        row("r1", 3, "T3", "3"),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T3", "4", 2],
        ["T2", "0", 3],
      ],
    },
  },
  {
    name: "an entry declared ineligible for points",
    rules: { eligibility: [{ rule: "ineligibleEntries", effect: "moveUp" }] },
    season: { rows: [row("r1", 1, "T1", "1", { ineligible: true }), row("r1", 2, "T2", "2")] },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T1", "0", 2],
      ],
    },
  },
  // Counting for teams and manufacturers
  {
    name: "best car only; the positions of the team's other cars stay unawarded (2003)",
    rules: teams("best", "unawarded"),
    season: { rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T1", "2"), row("r1", 3, "T2", "3")] },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "4", 2],
      ],
    },
  },
  {
    name: "best car only; the next car moves up into the non-counting car's place",
    rules: teams("best", "nextCar"),
    season: { rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T1", "2"), row("r1", 3, "T2", "3")] },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  {
    name: "best two cars, third car's position unawarded",
    rules: teams({ best: 2 }, "unawarded"),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T1", "2"),
        row("r1", 3, "T1", "3"),
        row("r1", 4, "T2", "4"),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "16", 1],
        ["T2", "3", 2],
      ],
    },
  },
  {
    name: "best two cars, next car moves up",
    rules: teams({ best: 2 }, "nextCar"),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T1", "2"),
        row("r1", 3, "T1", "3"),
        row("r1", 4, "T2", "4"),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "16", 1],
        ["T2", "4", 2],
      ],
    },
  },
  {
    name: "all cars count",
    rules: teams("all"),
    season: { rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T1", "2")] },
    expect: { "teams A": [["T1", "16", 1]] },
  },
  {
    name: "manufacturers: the best car of each make",
    rules: {
      championships: [
        {
          id: "makes",
          name: "Manufacturers",
          kind: "manufacturers",
          counting: { cars: "best", nonCounting: "unawarded" },
        },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { make: "Audi" }),
        row("r1", 2, "T2", "2", { make: "Audi" }),
        row("r1", 3, "T3", "3", { make: "Panoz" }),
      ],
    },
    expect: {
      "makes A": [
        ["Audi", "10", 1],
        ["Panoz", "4", 2],
      ],
    },
  },
  // Drivers
  {
    name: "shared drive, full points to each driver",
    rules: drivers({ sharedDrives: "full" }),
    season: { rows: [row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] })] },
    expect: {
      "drivers A": [
        ["Ann", "10", 1],
        ["Bob", "10", 1],
      ],
    },
  },
  {
    name: "shared drive, points split: thirds stay exact",
    rules: drivers({ sharedDrives: "split" }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob", "Cid"] }),
        row("r1", 2, "T2", "2", { drivers: ["Dan"] }),
      ],
    },
    expect: {
      "drivers A": [
        ["Dan", "6", 1],
        ["Ann", "10/3", 2],
        ["Bob", "10/3", 2],
        ["Cid", "10/3", 2],
      ],
    },
  },
  {
    name: "shared drive, points to the first-listed driver only",
    rules: drivers({ sharedDrives: "first" }),
    season: { rows: [row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] })] },
    expect: {
      "drivers A": [
        ["Ann", "10", 1],
        ["Bob", "0", 2],
      ],
    },
  },
  {
    name: "shared drives score nothing, solo drives score",
    rules: drivers({ sharedDrives: "none" }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] }),
        row("r1", 2, "T2", "2", { drivers: ["Cid"] }),
      ],
    },
    expect: {
      "drivers A": [
        ["Cid", "6", 1],
        ["Ann", "0", 2],
        ["Bob", "0", 2],
      ],
    },
  },
  {
    name: "a shared car scores nothing for its driver nor for its team (sharedDrives none for both)",
    rules: {
      championships: [
        { id: "teams", name: "Teams", kind: "teams", sharedDrives: "none" },
        { id: "drivers", name: "Drivers", kind: "drivers", sharedDrives: "none" },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] }),
        row("r1", 2, "T2", "2", { drivers: ["Cy"] }),
        row("r1", 3, "T1", "3", { drivers: ["Di"] }),
      ],
    },
    // P1's points go to nobody; T1 scores with its solo car in P3
    expect: {
      "teams A": [
        ["T2", "6", 1],
        ["T1", "4", 2],
      ],
      "drivers A": [
        ["Cy", "6", 1],
        ["Di", "4", 2],
        ["Ann", "0", 3],
        ["Bob", "0", 3],
      ],
    },
  },
  {
    name: "a driver who drove three cars scores only with his best-placed one (counting best, drivers)",
    rules: {
      championships: [
        {
          id: "drivers",
          name: "Drivers",
          kind: "drivers",
          sharedDrives: "split",
          counting: { cars: "best" },
        },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 2, "T2", "2", { drivers: ["Bob", "Ann"] }),
        row("r1", 3, "T3", "3", { drivers: ["Cy", "Ann"] }),
      ],
    },
    // Ann's halves of P2 and P3 go to nobody; Bob and Cy keep theirs
    expect: {
      "drivers A": [
        ["Ann", "10", 1],
        ["Bob", "3", 2],
        ["Cy", "2", 3],
      ],
    },
  },
  {
    name: "a driver's other car, unplaced, pays him no share of its bonus (counting best, drivers)",
    rules: {
      championships: [
        {
          id: "drivers",
          name: "Drivers",
          kind: "drivers",
          perClass: false,
          counting: { cars: "best" },
          bonuses: [{ kind: "fastestLap", points: 1, paidIf: "anyFinish", credit: "car" }],
        },
      ],
    },
    season: {
      rows: [
        overall("r1", 1, "T", "1", { drivers: ["X"] }),
        overall("r1", 2, "T", "2", { drivers: ["Y"] }),
        {
          race: "r1",
          pos: null,
          car: "3",
          team: "T",
          drivers: ["X", "Z"],
          status: "dnf",
          fl: true,
        },
      ],
    },
    // #3's fastest lap is Z's (full shares); X scores with #1 alone
    expect: {
      "drivers ": [
        ["X", "10", 1],
        ["Y", "6", 2],
        ["Z", "1", 3],
      ],
    },
  },
  {
    name: "a countback not reading withheld results skips a driver's other car (counting best, drivers)",
    rules: {
      championships: [
        {
          id: "drivers",
          name: "Drivers",
          kind: "drivers",
          perClass: false,
          counting: { cars: "best" },
          tieBreaks: [{ rule: "countback", over: "placed", position: "classified" }],
        },
      ],
    },
    season: {
      rows: [
        overall("r1", 1, "T", "1", { drivers: ["X"] }),
        overall("r1", 2, "T", "2", { drivers: ["Y"] }),
        overall("r1", 3, "T", "3", { drivers: ["X", "Z"] }),
        overall("r2", 1, "T", "2", { drivers: ["Y"] }),
        overall("r2", 2, "T", "1", { drivers: ["X"] }),
      ],
    },
    // X's 3rd in #3 is withheld (not his counting car): X and Y are level on a win and a 2nd
    expect: {
      "drivers ": [
        ["X", "16", 1],
        ["Y", "16", 1],
        ["Z", "4", 3],
      ],
    },
  },
  {
    name: "a driver's best two cars score (counting best 2, drivers)",
    rules: {
      championships: [
        {
          id: "drivers",
          name: "Drivers",
          kind: "drivers",
          sharedDrives: "split",
          counting: { cars: { best: 2 } },
        },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 2, "T2", "2", { drivers: ["Bob", "Ann"] }),
        row("r1", 3, "T3", "3", { drivers: ["Cy", "Ann"] }),
      ],
    },
    expect: {
      "drivers A": [
        ["Ann", "13", 1],
        ["Bob", "3", 2],
        ["Cy", "2", 3],
      ],
    },
  },
  {
    name: "a shared car scores for its team by default (sharedDrives full)",
    rules: {
      championships: [
        {
          id: "teams",
          name: "Teams",
          kind: "teams",
          counting: { cars: "best", nonCounting: "unawarded" },
        },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] }),
        row("r1", 2, "T2", "2", { drivers: ["Cy"] }),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  {
    name: "best car only, shared cars score nothing for the team: its solo car counts instead",
    rules: {
      championships: [
        {
          id: "teams",
          name: "Teams",
          kind: "teams",
          sharedDrives: "none",
          counting: { cars: "best", nonCounting: "unawarded" },
        },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] }),
        row("r1", 2, "T2", "2", { drivers: ["Cy"] }),
        row("r1", 3, "T1", "3", { drivers: ["Di"] }),
      ],
    },
    expect: {
      "teams A": [
        ["T2", "6", 1],
        ["T1", "4", 2],
      ],
    },
  },
  {
    name: "a driver who drove two cars in a race scores with each",
    rules: drivers({ sharedDrives: "full" }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 2, "T2", "2", { drivers: ["Bob"] }),
        row("r1", 3, "T1", "3", { drivers: ["Ann"] }),
      ],
    },
    expect: {
      "drivers A": [
        ["Ann", "14", 1],
        ["Bob", "6", 2],
      ],
    },
  },
  ...(["all", "scorers"] as const).map((listed): Scenario => ({
    name: `listed: ${listed} (${listed === "all" ? "everyone with a result" : "only those who scored: T7, 7th, is left out"})`,
    rules: teams("all", "unawarded", { listed }),
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r1", 6, "T6", "6"), row("r1", 7, "T7", "7")],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T6", "1", 2],
        ...(listed === "all" ? [["T7", "0", 3] as [string, string, number]] : []),
      ],
    },
  })),
  {
    name: "minimum participation: a one-race driver is listed but not ranked",
    rules: drivers({ minParticipation: { races: 2 } }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 2, "T2", "2", { drivers: ["Bob"] }),
        row("r2", 2, "T1", "1", { drivers: ["Ann"] }),
        row("r2", 1, "T3", "3", { drivers: ["Cid"] }),
      ],
    },
    // Ann: 10 + 6 over two races; Bob started once
    expect: {
      "drivers A": [
        ["Ann", "16", 1],
        ["Cid", "10", null],
        ["Bob", "6", null],
      ],
    },
  },
  // Bonuses
  {
    name: "pole position bonus",
    rules: teams("all", "unawarded", { bonuses: [{ kind: "pole", points: 1 }] }),
    season: { rows: [row("r1", 1, "T1", "1", { pole: true }), row("r1", 2, "T2", "2")] },
    expect: {
      "teams A": [
        ["T1", "11", 1],
        ["T2", "6", 2],
      ],
    },
  },
  {
    name: "fastest lap bonus only if finishing in the top 2",
    rules: teams("all", "unawarded", {
      bonuses: [{ kind: "fastestLap", points: 1, onlyIfTop: 2 }],
    }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r1", 3, "T3", "3", { fl: true }),
        row("r2", 1, "T1", "1"),
        row("r2", 2, "T3", "3", { fl: true }),
      ],
    },
    // T3: 4 without the bonus (P3), then 6 + 1 (P2)
    expect: {
      "teams A": [
        ["T1", "20", 1],
        ["T3", "11", 2],
        ["T2", "6", 3],
      ],
    },
  },
  {
    name: "bonus paid only to a placed car (the default): a retired car's fastest lap pays nothing",
    rules: teams("all", "unawarded", { bonuses: [{ kind: "fastestLap", points: 1 }] }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        { race: "r1", car: "3", team: "T3", status: "dnf", fl: true },
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
        ["T3", "0", 3],
      ],
    },
  },
  {
    name: "bonus paid whatever the finish: a retired car's fastest lap pays (1950s)",
    rules: teams("all", "unawarded", {
      bonuses: [{ kind: "fastestLap", points: 1, paidIf: "anyFinish" }],
    }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        { race: "r1", car: "3", team: "T3", status: "dnf", fl: true },
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
        ["T3", "1", 3],
      ],
    },
  },
  {
    name: "bonus paid whatever the finish, but never to a disqualified car",
    rules: teams("all", "unawarded", {
      bonuses: [{ kind: "fastestLap", points: 1, paidIf: "anyFinish" }],
    }),
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2", { status: "dsq", fl: true })],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "0", 2],
      ],
    },
  },
  {
    name: "bonus paid always: a disqualified car keeps its fastest lap (Moss, Reims 1959)",
    rules: teams("all", "unawarded", {
      bonuses: [{ kind: "fastestLap", points: 1, paidIf: "always" }],
    }),
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2", { status: "dsq", fl: true })],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "1", 2],
      ],
    },
  },
  // Pia and Eli level on 3 (levelSeason): how their rows are listed, or their tie broken.
  ...(
    [
      ["level rows by name (the default): the place is shared, rows A to Z", {}, "Eli", "Pia", 3],
      [
        "level rows by earliest results: Eli's 5th came in an earlier round than Pia's",
        { levelRows: "earliestResults" },
        "Eli",
        "Pia",
        3,
      ],
      [
        "level rows as the round before listed them: Pia led Eli after round 3",
        { levelRows: "previousRound" },
        "Pia",
        "Eli",
        3,
      ],
      [
        "tie broken by earliest results: Eli's 5th came first, so Eli is 3rd and Pia 4th",
        { tieBreaks: [{ rule: "countback", over: "scoring" }, "earliestResults"] },
        "Eli",
        "Pia",
        4,
      ],
      [
        "tie broken by the table a round before: Pia led after round 3, so Pia is 3rd",
        { tieBreaks: [{ rule: "countback", over: "scoring" }, "previousRound"] },
        "Pia",
        "Eli",
        4,
      ],
    ] as const
  ).map(([name, extra, first, second, secondPlace]): Scenario => ({
    name,
    rules: drivers({
      perClass: false,
      tieBreaks: [{ rule: "countback", over: "scoring" }],
      ...extra,
    }),
    season: levelSeason,
    expect: {
      "drivers ": [
        ["Ann", "40", 1],
        ["Cal", "6", 2],
        [first, "3", 3],
        [second, "3", secondPlace],
      ],
    },
  })),
  {
    name: "level co-drivers of one car listed in the car's order (earliestResults), not by name",
    rules: drivers({ sharedDrives: "split", levelRows: "earliestResults" }),
    season: {
      rows: [
        overall("r1", 1, "T1", "1", { drivers: ["Zed"] }),
        overall("r1", 2, "T2", "2", { drivers: ["Yan", "Abe"] }),
      ],
    },
    expect: {
      "drivers A": [
        ["Zed", "10", 1],
        ["Yan", "3", 2],
        ["Abe", "3", 2],
      ],
    },
  },
  {
    name: "bonus paid to a classified car whose position's points are withheld (short distance)",
    rules: {
      ...teams("all", "unawarded", {
        bonuses: [{ kind: "fastestLap", points: 1, paidIf: "classified" }],
      }),
      eligibility: [
        { rule: "minDistance", fraction: "9/10", of: "classWinner", effect: "unawarded" },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { laps: 100 }),
        row("r1", 2, "T2", "2", { laps: 80, fl: true }),
        row("r1", 3, "T3", "3", { laps: 80, status: "not_classified", pole: true }),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "1", 2],
        ["T3", "0", 3],
      ],
    },
  },
  {
    name: "bonus only if classified: a retired car's fastest lap pays nothing",
    rules: teams("all", "unawarded", {
      bonuses: [{ kind: "fastestLap", points: 1, paidIf: "classified" }],
    }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        { race: "r1", car: "2", team: "T2", status: "dnf", fl: true },
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "0", 2],
      ],
    },
  },
  {
    name: "most laps led, shared by seven cars: sevenths that add up exactly",
    rules: drivers({ bonuses: [{ kind: "mostLapsLed", points: 1 }] }),
    season: {
      rows: [1, 2, 3, 4, 5, 6, 7].map((p) =>
        row("r1", p, `T${p}`, String(p), { drivers: [`D${p}`], led: 5 }),
      ),
    },
    expect: {
      "drivers A": [
        ["D1", "71/7", 1],
        ["D2", "43/7", 2],
        ["D3", "29/7", 3],
        ["D4", "22/7", 4],
        ["D5", "15/7", 5],
        ["D6", "8/7", 6],
        ["D7", "1/7", 7],
      ],
    },
  },
  {
    name: "a lap-led bonus to every car that led",
    rules: teams("all", "unawarded", { bonuses: [{ kind: "lapLed", points: 1 }] }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { led: 10 }),
        row("r1", 2, "T2", "2", { led: 1 }),
        row("r1", 3, "T3", "3"),
      ],
    },
    expect: {
      "teams A": [
        ["T1", "11", 1],
        ["T2", "7", 2],
        ["T3", "4", 3],
      ],
    },
  },
  {
    name: "bonuses switched off for one race",
    rules: {
      ...teams("all", "unawarded", { bonuses: [{ kind: "pole", points: 1 }] }),
      races: [{ round: 1, bonuses: false }],
    },
    season: { rows: [row("r1", 1, "T1", "1", { pole: true })] },
    expect: { "teams A": [["T1", "10", 1]] },
  },
  // Counting results
  {
    name: "best 2 results of 3 rounds",
    rules: teams("all", "unawarded", { drop: { unit: "round", best: 2 } }),
    season: { rows: [row("r1", 1, "T1", "1"), row("r2", 2, "T1", "1"), row("r3", 3, "T1", "1")] },
    expect: { "teams A": [["T1", "16", 1]] },
  },
  {
    name: "best 2 races: a driver's two cars in one race count as one race",
    rules: drivers({ drop: { unit: "race", best: 2 } }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 3, "T2", "2", { drivers: ["Ann"] }),
        row("r2", 2, "T1", "1", { drivers: ["Ann"] }),
      ],
    },
    // round 1: 10 + 4 = 14, round 2: 6
    expect: { "drivers A": [["Ann", "20", 1]] },
  },
  {
    name: "best 2 results: a driver's two cars in one race are two results (drop.unit result)",
    rules: drivers({ drop: { unit: "result", best: 2 } }),
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 3, "T2", "2", { drivers: ["Ann"] }),
        row("r2", 2, "T1", "1", { drivers: ["Ann"] }),
      ],
    },
    // results 10, 4 and 6: the 4 of car #2 is dropped
    expect: { "drivers A": [["Ann", "16", 1]] },
  },
  {
    name: "split windows: best 1 of rounds 1-2 plus best 1 of rounds 3-4",
    rules: teams("all", "unawarded", {
      drop: {
        unit: "round",
        windows: [
          { from: 1, to: 2, best: 1 },
          { from: 3, to: 4, best: 1 },
        ],
      },
    }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r2", 2, "T1", "1"),
        row("r3", 3, "T1", "1"),
        row("r4", 4, "T1", "1"),
      ],
    },
    expect: { "teams A": [["T1", "14", 1]] },
  },
  {
    name: "a round that counts for one championship and not another",
    rules: {
      championships: [
        { id: "teams", name: "Teams", kind: "teams" },
        { id: "cup", name: "Cup", kind: "teams", rounds: { except: [2] } },
      ],
    },
    season: { rows: [row("r1", 1, "T1", "1"), row("r2", 1, "T1", "1")] },
    expect: { "teams A": [["T1", "20", 1]], "cup A": [["T1", "10", 1]] },
  },
  // Stewards' decisions
  {
    name: "a points deduction",
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2")],
      decisions: [
        { id: "d1", kind: "deduct_points", championship: "teams", team: "T1", points: "5" },
      ],
    },
    expect: {
      "teams A": [
        ["T2", "6", 1],
        ["T1", "5", 2],
      ],
    },
  },
  {
    name: "excluded from one championship, its results stand in the other",
    rules: {
      championships: [
        { id: "teams", name: "Teams", kind: "teams" },
        { id: "drivers", name: "Drivers", kind: "drivers" },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
        row("r1", 2, "T2", "2", { drivers: ["Bob"] }),
      ],
      decisions: [
        { id: "d1", kind: "exclude_from_championship", championship: "teams", team: "T1" },
      ],
    },
    expect: {
      "teams A": [
        ["T2", "6", 1],
        ["T1", "10", null],
      ],
      "drivers A": [
        ["Ann", "10", 1],
        ["Bob", "6", 2],
      ],
    },
  },
  {
    name: "a team sold mid-season: its points wiped up to round 1",
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r2", 1, "T1", "1"), row("r2", 2, "T2", "2")],
      decisions: [{ id: "d1", kind: "wipe_points", championship: "teams", team: "T1", upto: 1 }],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  {
    name: "disqualified by the stewards: the car behind moves up",
    rules: { eligibility: [{ rule: "status", statuses: ["dsq"], effect: "moveUp" }] },
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2")],
      decisions: [{ id: "d1", kind: "disqualify", race: "r1", car: "1" }],
    },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T1", "0", 2],
      ],
    },
  },
  {
    name: "disqualification overturned on appeal: the result stands",
    rules: { eligibility: [{ rule: "status", statuses: ["dsq"], effect: "moveUp" }] },
    season: {
      rows: [row("r1", 1, "T1", "1"), row("r1", 2, "T2", "2")],
      decisions: [
        { id: "d1", kind: "disqualify", race: "r1", car: "1" },
        { id: "d2", kind: "reinstate", race: "r1", car: "1", overturns: "d1" },
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  // Time and position penalties reorder the classification before points are given
  {
    name: "position penalty: the car drops the given places and those behind move up",
    season: {
      rows: [overall("r1", 1, "T1", "1"), overall("r1", 2, "T2", "2"), overall("r1", 3, "T3", "3")],
      decisions: [{ id: "p1", kind: "position_penalty", race: "r1", car: "1", places: 1 }],
    },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T1", "6", 2],
        ["T3", "4", 3],
      ],
    },
  },
  {
    name: "position penalty beyond the last place: the car is classified last",
    season: {
      rows: [overall("r1", 1, "T1", "1"), overall("r1", 2, "T2", "2"), overall("r1", 3, "T3", "3")],
      decisions: [{ id: "p1", kind: "position_penalty", race: "r1", car: "1", places: 5 }],
    },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T3", "6", 2],
        ["T1", "4", 3],
      ],
    },
  },
  {
    name: "time penalty: seconds added, the car drops behind the cars on its lap that are now faster",
    season: {
      rows: [
        overall("r1", 1, "T1", "1", { laps: 100, time: "2:00:00.000" }),
        overall("r1", 2, "T2", "2", { laps: 100, time: "2:00:04.500" }),
        overall("r1", 3, "T3", "3", { laps: 100, time: "2:00:20.000" }),
        overall("r1", 4, "T4", "4", { laps: 99, time: "2:00:01.000" }),
      ],
      decisions: [{ id: "p1", kind: "time_penalty", race: "r1", car: "1", seconds: 30 }],
    },
    // 2:00:30 puts T1 behind T3 but still ahead of T4, a lap down.
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T3", "6", 2],
        ["T1", "4", 3],
        ["T4", "3", 4],
      ],
    },
  },
  {
    name: "time penalty written in the timing system's form (5'00.000 style) and too small to change places",
    season: {
      rows: [
        overall("r1", 1, "T1", "1", { laps: 10, time: "20'00.000" }),
        overall("r1", 2, "T2", "2", { laps: 10, time: "20'06.000" }),
      ],
      decisions: [{ id: "p1", kind: "time_penalty", race: "r1", car: "1", seconds: 5 }],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  {
    name: "time penalty overturned on appeal: the original order stands",
    season: {
      rows: [
        overall("r1", 1, "T1", "1", { laps: 100, time: "2:00:00.000" }),
        overall("r1", 2, "T2", "2", { laps: 100, time: "2:00:04.500" }),
      ],
      decisions: [
        { id: "p1", kind: "time_penalty", race: "r1", car: "1", seconds: 30 },
        { id: "p2", kind: "reinstate", race: "r1", car: "1", overturns: "p1" },
      ],
    },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "6", 2],
      ],
    },
  },
  // Ties
  {
    name: "equal totals: countback puts the team with a win ahead of one with two seconds",
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T3", "3"),
        row("r2", 2, "T2", "2"),
        row("r2", 5, "T1", "1"),
      ],
    },
    // T1: 10 + 2 = 12 with a win; T2: 6 + 6 = 12 without; T3: 10
    expect: {
      "teams A": [
        ["T1", "12", 1],
        ["T2", "12", 2],
        ["T3", "10", 3],
      ],
    },
  },
  {
    name: "equal totals and equal countback share the position",
    season: { rows: [row("r1", 1, "T1", "1"), row("r2", 1, "T2", "2")] },
    expect: {
      "teams A": [
        ["T1", "10", 1],
        ["T2", "10", 1],
      ],
    },
  },
  {
    name: "tie broken by the latest result",
    rules: teams("all", "unawarded", { tieBreaks: ["latestResult"] }),
    season: { rows: [row("r1", 1, "T1", "1"), row("r2", 1, "T2", "2")] },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T1", "10", 2],
      ],
    },
  },
  {
    name: "countback over placed results (the default) reads a retired car's place",
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T1", "1"),
        row("r3", 7, "T1", "1", { status: "dnf" }),
        row("r3", 8, "T2", "2"),
      ],
    },
    // both 16 with a win and a second; T1's retirement is placed 7th, T2 classified 8th
    expect: {
      "teams A": [
        ["T1", "16", 1],
        ["T2", "16", 2],
      ],
    },
  },
  {
    name: "countback over classified results only: a retirement is not read",
    rules: teams("all", "unawarded", { tieBreaks: [{ rule: "countback", over: "classified" }] }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T1", "1"),
        row("r3", 7, "T1", "1", { status: "dnf" }),
        row("r3", 8, "T2", "2"),
      ],
    },
    // T1 reads [1, 2], T2 [1, 2, 8]: T2 has a classified finish more
    expect: {
      "teams A": [
        ["T2", "16", 1],
        ["T1", "16", 2],
      ],
    },
  },
  ...[
    {
      name: "countback reads a sprint's results too (every race of a round, by default)",
      countback: undefined,
      // T1 reads [1 (sprint), 1, 3]: two wins to T2's one
      expect: ["T1", "T2"],
    },
    {
      name: "countback: false keeps a sprint out of every countback (ties on Grand Prix results)",
      countback: false,
      // T1 reads [1, 3], T2 [1, 2]: T2 ahead on second places
      expect: ["T2", "T1"],
    },
  ].map(({ name, countback, expect }): Scenario => ({
    name,
    rules: {
      scales: { standard: [10, 6, 4, 3, 2, 1], sprint: [3, 2, 1] },
      races: [
        {
          round: 1,
          race: "r1-sprint",
          scale: "sprint",
          ...(countback === undefined ? {} : { countback }),
        },
      ],
    },
    season: {
      races: { 1: ["r1-sprint", "r1-feature"] },
      rows: [
        row("r1-sprint", 1, "T1", "1"),
        row("r1-sprint", 2, "T3", "3"),
        row("r1-sprint", 3, "T2", "2"),
        row("r1-feature", 1, "T1", "1"),
        row("r1-feature", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T3", "3"),
        row("r2", 3, "T1", "1"),
      ],
    },
    // T1 3 + 10 + 4 = 17, T2 1 + 6 + 10 = 17, T3 2 + 6 = 8
    expect: {
      "teams A": [
        [expect[0] as string, "17", 1],
        [expect[1] as string, "17", 2],
        ["T3", "8", 3],
      ],
    },
  })),
  {
    name: "countback over the whole finishing order: unplaced retirements ordered by laps",
    rules: teams("all", "unawarded", {
      tieBreaks: [{ rule: "countback", over: "finishingOrder" }],
    }),
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T1", "1"),
        row("r3", 1, "T3", "3", { laps: 60 }),
        { race: "r3", car: "2", team: "T2", status: "dnf", laps: 40 },
        { race: "r3", car: "1", team: "T1", status: "dnf", laps: 50 },
      ],
    },
    // round 3 order: T3, then T1 (50 laps) 2nd, T2 (40 laps) 3rd
    expect: {
      "teams A": [
        ["T1", "16", 1],
        ["T2", "16", 2],
        ["T3", "10", 3],
      ],
    },
  },
  {
    name: "the default countback leaves unplaced retirements out: the two stay level",
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T1", "1"),
        row("r3", 1, "T3", "3", { laps: 60 }),
        { race: "r3", car: "2", team: "T2", status: "dnf", laps: 40 },
        { race: "r3", car: "1", team: "T1", status: "dnf", laps: 50 },
      ],
    },
    expect: {
      "teams A": [
        ["T1", "16", 1],
        ["T2", "16", 1],
        ["T3", "10", 3],
      ],
    },
  },
  {
    name: "countback reading results whose points were withheld (short distance)",
    rules: {
      ...teams("all", "unawarded", { tieBreaks: [{ rule: "countback", withheld: true }] }),
      eligibility: [
        { rule: "minDistance", fraction: "7/10", of: "classWinner", effect: "unawarded" },
      ],
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r1", 2, "T2", "2"),
        row("r2", 1, "T2", "2"),
        row("r2", 2, "T1", "1"),
        row("r3", 1, "T3", "3", { laps: 100 }),
        row("r3", 3, "T2", "2", { laps: 50 }),
        row("r3", 2, "T1", "1", { laps: 50 }),
      ],
    },
    // round 3: both short of distance, no points; T1 2nd on the road, T2 3rd
    expect: {
      "teams A": [
        ["T1", "16", 1],
        ["T2", "16", 2],
        ["T3", "10", 3],
      ],
    },
  },
  {
    name: "countback on the classified position, not the position after points passed down",
    rules: {
      scales: { standard: [10] },
      ...teams("all", "unawarded", { tieBreaks: [{ rule: "countback", position: "classified" }] }),
    },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r2", 1, "T2", "2"),
        row("r3", 1, "T5", "5"),
        row("r3", 2, "T6", "6", { status: "dsq" }),
        row("r3", 3, "T9", "9"),
        row("r3", 4, "T1", "1"),
        row("r4", 1, "T5", "5"),
        row("r4", 2, "T9", "9"),
        row("r4", 3, "T2", "2"),
      ],
    },
    // T1 4th on the road in round 3 (3rd once #6 is removed), T2 3rd in round 4
    expect: {
      "teams A": [
        ["T5", "20", 1],
        ["T2", "10", 2],
        ["T1", "10", 3],
        ["T9", "0", 4],
        ["T6", "0", 5],
      ],
    },
  },
  {
    name: "the default countback reads the position after points passed down: level",
    rules: { scales: { standard: [10] } },
    season: {
      rows: [
        row("r1", 1, "T1", "1"),
        row("r2", 1, "T2", "2"),
        row("r3", 1, "T5", "5"),
        row("r3", 2, "T6", "6", { status: "dsq" }),
        row("r3", 3, "T9", "9"),
        row("r3", 4, "T1", "1"),
        row("r4", 1, "T5", "5"),
        row("r4", 2, "T9", "9"),
        row("r4", 3, "T2", "2"),
      ],
    },
    expect: {
      "teams A": [
        ["T5", "20", 1],
        ["T1", "10", 2],
        ["T2", "10", 2],
        ["T9", "0", 4],
        ["T6", "0", 5],
      ],
    },
  },
  {
    name: "a stated order as the last resort after countback",
    rules: teams("all", "unawarded", {
      tieBreaks: ["countback", { rule: "statedOrder", order: ["t2", "t1"] }],
    }),
    season: { rows: [row("r1", 1, "T1", "1"), row("r2", 1, "T2", "2")] },
    expect: {
      "teams A": [
        ["T2", "10", 1],
        ["T1", "10", 2],
      ],
    },
  },
  {
    name: "a cancelled round has no column",
    season: { rounds: 3, cancelled: [2], rows: [row("r1", 1, "T1", "1"), row("r3", 1, "T1", "1")] },
    expect: { "teams A": [["T1", "20", 1]] },
  },
];

function tableRows(s: Standings, key: string) {
  const [championship, klass] = key.split(" ");
  const t = s.tables.find(
    (x) => x.championshipId === championship && (x.classId ?? "") === (klass ?? ""),
  );
  if (!t)
    throw new Error(
      `no table ${key}: ${s.tables.map((x) => `${x.championshipId} ${x.classId ?? ""}`).join(", ")}`,
    );
  return t.rows;
}

describe("rule features", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const standings = computeStandings(makeSeason(s.season), makeRules(s.rules));
    for (const [key, rows] of Object.entries(s.expect)) {
      const got = tableRows(standings, key).map(
        (r) => [r.competitor.name, formatPoints(r.total), r.position] as const,
      );
      expect(got, key).toEqual(
        rows.map(([n, t, p]) => [n, t, p === undefined ? expect.anything() : p]),
      );
    }
  });
});

describe("level rows, whatever the order of the result rows", () => {
  // Aa and Cc shared a car listed Cc, Aa and scored nothing; Bb and Dd drove alone, nothing
  // either: drivers without a scoring result are listed by name, co-drivers or not.
  const rows: RowSpec[] = [
    overall("r1", 1, "T1", "1", { drivers: ["Ed"] }),
    overall("r1", 7, "T2", "2", { drivers: ["Cc", "Aa"] }),
    overall("r1", 8, "T3", "3", { drivers: ["Bb"] }),
    overall("r1", 9, "T4", "4", { drivers: ["Dd"] }),
  ];
  it.each([
    ["as run", rows],
    ["reversed", [...rows].reverse()],
    ["shared car last", [rows[0], rows[2], rows[3], rows[1]] as RowSpec[]],
  ])("%s", (_name, order) => {
    for (const levelRows of ["earliestResults", "previousRound"] as const) {
      const standings = computeStandings(
        makeSeason({ rows: order }),
        makeRules(
          drivers({
            perClass: false,
            sharedDrives: "split",
            tieBreaks: [{ rule: "countback", over: "scoring" }],
            levelRows,
          }),
        ),
      );
      expect(tableRows(standings, "drivers ").map((r) => r.competitor.name)).toEqual([
        "Ed",
        "Aa",
        "Bb",
        "Cc",
        "Dd",
      ]);
    }
  });
});

describe("markers and the points trail", () => {
  it("says which band of shortRaces paid a race cut short", () => {
    const standings = computeStandings(
      makeSeason({
        scheduledLaps: { r1: 58 },
        rows: [row("r1", 1, "T1", "1", { laps: 14 }), row("r1", 2, "T2", "2", { laps: 14 })],
      }),
      makeRules({ shortRaces: [{ below: "3/4", multiplier: "1/2" }] }),
    );
    const scale = standings.trail.filter((e) => e.rule === "SCALE").map((e) => e.detail);
    expect(scale).toEqual([
      "P1 on the standard scale x 0.5 (a race cut short: the leader completed 14 of 58 laps, under 3/4 of them)",
      "P2 on the standard scale x 0.5 (a race cut short: the leader completed 14 of 58 laps, under 3/4 of them)",
    ]);
  });

  it("marks each round's cell, with dropped results and statuses", () => {
    const standings = computeStandings(
      makeSeason({
        rows: [
          row("r1", 1, "T1", "1"),
          row("r2", 2, "T1", "1"),
          { race: "r3", car: "1", team: "T1", status: "dnf" },
        ],
      }),
      makeRules(teams("all", "unawarded", { drop: { unit: "round", best: 1 } })),
    );
    const [t1] = tableRows(standings, "teams A");
    expect(t1!.cells.map((c) => c.marker)).toEqual(["counted", "dropped", "dnf"]);
    expect(formatPoints(t1!.total)).toBe("10");
  });

  it("says why a team's second car scored nothing (2003: Bentley #7 at Sebring)", () => {
    const standings = computeStandings(
      makeSeason({
        rows: [
          row("r1", 1, "Bentley", "8"),
          row("r1", 2, "Bentley", "7"),
          row("r1", 3, "Panoz", "10"),
        ],
      }),
      makeRules(teams("best", "unawarded")),
    );
    const withheld = standings.trail.filter((e) => e.kind === "withheld");
    expect(withheld).toHaveLength(1);
    expect(withheld[0]).toMatchObject({
      competitorId: "bentley",
      rule: "NOT_COUNTING_CAR",
      row: { number: "7" },
    });
    expect(formatPoints(withheld[0]!.points)).toBe("6");
    const awarded = standings.trail
      .filter((e) => e.kind === "awarded")
      .map((e) => [e.competitorId, e.rule, formatPoints(e.points)]);
    expect(awarded).toEqual([
      ["bentley", "SCALE", "10"],
      ["panoz", "SCALE", "4"],
    ]);
  });

  it("says why a driver's second car scored nothing for him (counting best, drivers)", () => {
    const standings = computeStandings(
      makeSeason({
        rows: [
          row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] }),
          row("r1", 2, "T2", "2", { drivers: ["Cy", "Ann"] }),
        ],
      }),
      makeRules(drivers({ sharedDrives: "split", counting: { cars: "best" } })),
    );
    const ann = standings.trail.filter((e) => e.competitorId === "ann");
    expect(ann.map((e) => [e.kind, e.rule, e.row?.number, formatPoints(e.points)])).toEqual([
      ["awarded", "SCALE", "1", "5"],
      ["withheld", "NOT_COUNTING_CAR", "2", "3"],
    ]);
    expect(ann[1]!.detail).toContain("only his best-placed car scores");
    const cy = standings.trail.filter((e) => e.competitorId === "cy");
    expect(cy.map((e) => [e.kind, formatPoints(e.points)])).toEqual([["awarded", "3"]]);
  });

  it("says a shared car scored nothing for its team", () => {
    const standings = computeStandings(
      makeSeason({ rows: [row("r1", 1, "T1", "1", { drivers: ["Ann", "Bob"] })] }),
      makeRules(teams("all", "unawarded", { sharedDrives: "none" })),
    );
    const t1 = standings.trail.filter((e) => e.competitorId === "t1");
    expect(t1.map((e) => [e.kind, e.rule, formatPoints(e.points)])).toEqual([
      ["withheld", "SHARED_DRIVE", "10"],
    ]);
    expect(t1[0]!.detail).toBe(
      "P1: a car shared by 2 drivers scores nothing for its team; the position's points go to nobody",
    );
  });

  it("names the eligibility rule that withheld points", () => {
    const standings = computeStandings(
      makeSeason({
        rows: [row("r1", 1, "T1", "1", { laps: 100 }), row("r1", 2, "T2", "2", { laps: 50 })],
      }),
      makeRules({
        eligibility: [
          { rule: "minDistance", fraction: "7/10", of: "classWinner", effect: "unawarded" },
        ],
      }),
    );
    expect(standings.trail.find((e) => e.competitorId === "t2")).toMatchObject({
      kind: "withheld",
      rule: "MIN_DISTANCE",
    });
  });

  it.each([
    ["shown", undefined],
    ["hidden", true],
  ] as const)(
    "an excluded competitor is listed last, marked EX, its points %s",
    (points, hidden) => {
      const standings = computeStandings(
        makeSeason({
          rows: [
            row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
            row("r1", 2, "T2", "2", { drivers: ["Bob"] }),
            row("r1", 3, "T3", "3", { drivers: ["Cy"] }),
          ],
          decisions: [
            { id: "x1", kind: "exclude_from_championship", championship: "drivers", driver: "Ann" },
          ],
        }),
        makeRules(drivers({ excluded: { points }, minParticipation: { races: 1 } })),
      );
      const rows = tableRows(standings, "drivers A").map((r) => [
        r.competitor.name,
        r.position,
        r.positionMarker ?? null,
        r.pointsHidden,
        formatPoints(r.total),
      ]);
      expect(rows).toEqual([
        ["Bob", 1, null, undefined, "6"],
        ["Cy", 2, null, undefined, "4"],
        ["Ann", null, "EX", hidden, "10"],
      ]);
      expect(standings.trail.find((e) => e.rule === "EXCLUSION")).toMatchObject({
        competitorId: "ann",
        kind: "excluded",
      });
    },
  );

  it("says which car's result a best-N rule over results dropped", () => {
    const standings = computeStandings(
      makeSeason({
        rows: [
          row("r1", 1, "T1", "1", { drivers: ["Ann"] }),
          row("r1", 3, "T2", "2", { drivers: ["Ann"] }),
        ],
      }),
      makeRules(drivers({ drop: { unit: "result", best: 1 } })),
    );
    const dropped = standings.trail.filter((e) => e.kind === "dropped");
    expect(dropped.map((e) => [e.rule, e.raceId, formatPoints(e.points), e.detail])).toEqual([
      ["DROP", "r1", "4", "the result of car #2: not among the results that count"],
    ]);
    const [ann] = tableRows(standings, "drivers A");
    expect(
      ann!.cells.map((c) => [c.marker, formatPoints(c.points), formatPoints(c.counted)]),
    ).toEqual([["dropped", "14", "10"]]);
  });

  it("standings as of a round leave later rounds out", () => {
    const season = makeSeason({ rows: [row("r1", 1, "T1", "1"), row("r2", 1, "T2", "2")] });
    const after1 = computeStandings(season, makeRules(), { uptoRound: 1 });
    expect(tableRows(after1, "teams A").map((r) => r.competitor.name)).toEqual(["T1"]);
    expect(after1.tables[0]!.rounds).toEqual([1]);
  });
});
