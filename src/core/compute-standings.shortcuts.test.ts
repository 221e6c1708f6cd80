// The engine's shortcuts (one-pass positioning of groups in overall order, exclusions without
// their reasons when no trail is asked for, settings looked up once, cells and finishes built on
// first read) must give exactly what the general route gives: the same standings and trail, byte
// for byte, on random seasons and rules (fast-check, fixed seed so runs repeat).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStandings, computeStandingsWithoutShortcuts } from "./compute-standings.js";
import { fusedChampionship } from "./fused-race.js";
import type { RulesDocumentInput } from "./points-rules.js";
import { settingsForRace } from "./points-rules.js";
import { RoundGrid } from "./score-race.js";
import type { TableTallies } from "./score-race.js";
import type { DecisionSpec, RowSpec } from "./testing/season-builder.js";
import { makeRules, makeSeason } from "./testing/season-builder.js";
import type { FinishStatus } from "./vocabulary.js";

const SEED = 20261206;
const RUNS = 250;

const statusArb = fc.constantFrom<FinishStatus>(
  "classified",
  "classified",
  "classified",
  "dnf",
  "dsq",
  "dns",
  "not_classified",
);

/** One car's line in one race, before it is given a place in the listing. */
const lineArb = fc.record({
  status: statusArb,
  laps: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null, freq: 8 }),
  unplaced: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
  pole: fc.boolean(),
  fl: fc.boolean(),
  led: fc.integer({ min: 0, max: 3 }),
  ineligibleResult: fc.constantFrom(
    undefined,
    undefined,
    undefined,
    "moveUp",
    "unawarded",
  ) as fc.Arbitrary<RowSpec["ineligibleResult"]>,
});

/**
 * A race: some of 10 cars (4 teams, classes A, B and C, C scoring in A), listed in running order
 * or shuffled, with class positions published or not, some cars without a place.
 */
const raceArb = fc.record({
  cars: fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { minLength: 1 }),
  lines: fc.array(lineArb, { minLength: 10, maxLength: 10 }),
  shuffled: fc.boolean(),
  classPositions: fc.boolean(),
  salt: fc.integer(),
});

const seasonArb = fc
  .record({
    races: fc.array(raceArb, { minLength: 1, maxLength: 5 }),
    sprints: fc.boolean(),
    decisions: fc.array(
      fc.record({
        kind: fc.constantFrom("disqualify", "position_penalty", "deduct_points"),
        race: fc.integer({ min: 0, max: 4 }),
        car: fc.integer({ min: 1, max: 10 }),
      }),
      { maxLength: 2 },
    ),
  })
  .map(({ races, sprints, decisions }) => {
    const raceId = (i: number) =>
      sprints ? `r${Math.floor(i / 2) + 1}${i % 2 === 0 ? "" : "-b"}` : `r${i + 1}`;
    const rows: RowSpec[] = [];
    races.forEach((race, i) => {
      const placedInClass = new Map<string, number>();
      const lines: RowSpec[] = race.cars.map((car, p) => {
        const line = race.lines[car - 1] as (typeof race.lines)[number];
        const cls = car <= 4 ? "A" : car <= 8 ? "B" : "C";
        const placed = !line.unplaced;
        const classPos = (placedInClass.get(cls) ?? 0) + 1;
        if (placed) placedInClass.set(cls, classPos);
        return {
          race: raceId(i),
          pos: placed ? p + 1 : null,
          ...(race.classPositions && placed ? { classPos } : {}),
          car: String(car),
          team: `T${(car % 4) + 1}`,
          cls,
          make: `M${car % 3}`,
          drivers: car % 3 === 0 ? [`D${car}`] : [`D${car}`, `D${(car % 5) + 20}`],
          laps: line.laps,
          status: line.status,
          pole: line.pole,
          fl: line.fl,
          led: line.led,
          ineligible: car === 7,
          ...(line.ineligibleResult ? { ineligibleResult: line.ineligibleResult } : {}),
        };
      });
      if (race.shuffled) lines.sort((a, b) => mix(a.car, race.salt) - mix(b.car, race.salt));
      rows.push(...lines);
    });
    const raceIds = races.map((_, i) => raceId(i));
    const decisionSpecs: DecisionSpec[] = decisions.map((d, k) => {
      const race = raceIds[d.race % raceIds.length] as string;
      const team = `T${(d.car % 4) + 1}`;
      switch (d.kind) {
        case "disqualify":
          return { id: `d${k}`, kind: "disqualify", race, car: String(d.car), team };
        case "position_penalty":
          return {
            id: `d${k}`,
            kind: "position_penalty",
            race,
            car: String(d.car),
            team,
            places: 2,
          };
        default:
          return { id: `d${k}`, kind: "deduct_points", championship: "teams", team, points: "3" };
      }
    });
    const rounds = sprints ? Math.ceil(races.length / 2) : races.length;
    const racesOfRound: Record<number, string[]> = {};
    if (sprints)
      for (let n = 1; n <= rounds; n++)
        racesOfRound[n] = raceIds.filter((id) => id === `r${n}` || id === `r${n}-b`);
    return makeSeason({
      classes: ["A", "B", { id: "C", championship: false }],
      rounds,
      races: racesOfRound,
      rows,
      decisions: decisionSpecs,
    });
  });

const effectArb = fc.constantFrom("moveUp" as const, "unawarded" as const);

const rulesArb: fc.Arbitrary<Partial<RulesDocumentInput>> = fc
  .record({
    dsq: fc.option(effectArb, { nil: undefined }),
    dnf: fc.option(effectArb, { nil: undefined }),
    distance: fc.option(
      fc.record({
        effect: effectArb,
        of: fc.constantFrom("classWinner" as const, "overallWinner" as const),
      }),
      { nil: undefined },
    ),
    entries: fc.option(effectArb, { nil: undefined }),
    cars: fc.constantFrom("all" as const, "best" as const, { best: 2 }),
    nonCounting: fc.constantFrom("unawarded" as const, "nextCar" as const),
    shared: fc.constantFrom("full" as const, "split" as const, "first" as const, "none" as const),
    drop: fc.option(
      fc.record({
        unit: fc.constantFrom("round" as const, "race" as const, "result" as const),
        best: fc.integer({ min: 1, max: 3 }),
      }),
      { nil: undefined },
    ),
    tieBreak: fc.constantFrom<
      NonNullable<RulesDocumentInput["championships"][number]["tieBreaks"]>
    >(
      ["countback"],
      ["latestResult", "countback"],
      [{ rule: "countback", over: "finishingOrder", withheld: true }],
      [{ rule: "countback", over: "scoring", position: "classified" }],
    ),
    overrides: fc.boolean(),
  })
  .map((r) => ({
    scales: { main: [10, 6, 4, 3, 2, 1], half: ["5", "3", "2", "1.5", "1", "0.5"] },
    defaultScale: "main",
    classMap: { C: "A" },
    eligibility: [
      ...(r.dsq ? [{ rule: "status" as const, statuses: ["dsq" as const], effect: r.dsq }] : []),
      ...(r.dnf
        ? [{ rule: "status" as const, statuses: ["dnf" as const, "dns" as const], effect: r.dnf }]
        : []),
      ...(r.distance
        ? [
            {
              rule: "minDistance" as const,
              fraction: "7/10",
              of: r.distance.of,
              effect: r.distance.effect,
            },
          ]
        : []),
      ...(r.entries ? [{ rule: "ineligibleEntries" as const, effect: r.entries }] : []),
    ],
    races: r.overrides
      ? [
          { round: 2, scale: "half" },
          { round: 1, multiplier: "1/3" },
        ]
      : [],
    championships: [
      {
        id: "teams",
        name: "Teams",
        kind: "teams" as const,
        counting: { cars: r.cars, nonCounting: r.nonCounting },
        bonuses: [
          { kind: "pole" as const, points: 1 },
          { kind: "fastestLap" as const, points: "1/2", paidIf: "anyFinish" as const },
        ],
        tieBreaks: r.tieBreak,
        ...(r.drop ? { drop: r.drop } : {}),
      },
      {
        id: "drivers",
        name: "Drivers",
        kind: "drivers" as const,
        sharedDrives: r.shared,
        bonuses: [{ kind: "mostLapsLed" as const, points: 2, paidIf: "classified" as const }],
        tieBreaks: r.tieBreak,
      },
      {
        id: "makes",
        name: "Makes",
        kind: "manufacturers" as const,
        perClass: false,
        counting: { cars: { best: 2 }, nonCounting: r.nonCounting },
      },
    ],
  }));

/**
 * Rules of the shape the fused route scores (fused-race.ts): teams and manufacturers per class,
 * no bonuses, counting all or the best cars with the others' points going to nobody, whole
 * points, tie-breaks reading neither races nor results.
 */
const fusedRulesArb: fc.Arbitrary<Partial<RulesDocumentInput>> = fc
  .record({
    dsq: fc.option(effectArb, { nil: undefined }),
    dnf: fc.option(effectArb, { nil: undefined }),
    distance: fc.option(
      fc.record({
        effect: effectArb,
        of: fc.constantFrom("classWinner" as const, "overallWinner" as const),
      }),
      { nil: undefined },
    ),
    entries: fc.option(effectArb, { nil: undefined }),
    cars: fc.constantFrom("all" as const, "best" as const, { best: 2 }),
    makeCars: fc.constantFrom("all" as const, "best" as const, { best: 2 }),
    shared: fc.constantFrom("full" as const, "none" as const),
    dropRounds: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    scale: fc.constantFrom<number[]>(
      [10, 6, 4, 3, 2, 1],
      [3, 2, 1],
      [25, 18, 15, 12, 10, 8, 6, 4, 2, 1],
    ),
    // 0: the makes count every round, so every race may be read side by side (SeasonRaces).
    makesFrom: fc.integer({ min: 0, max: 3 }),
  })
  .map((r) => ({
    scales: { main: r.scale },
    defaultScale: "main",
    classMap: { C: "A" },
    eligibility: [
      ...(r.dsq ? [{ rule: "status" as const, statuses: ["dsq" as const], effect: r.dsq }] : []),
      ...(r.dnf
        ? [{ rule: "status" as const, statuses: ["dnf" as const, "dns" as const], effect: r.dnf }]
        : []),
      ...(r.distance
        ? [
            {
              rule: "minDistance" as const,
              fraction: "7/10",
              of: r.distance.of,
              effect: r.distance.effect,
            },
          ]
        : []),
      ...(r.entries ? [{ rule: "ineligibleEntries" as const, effect: r.entries }] : []),
    ],
    championships: [
      {
        id: "teams",
        name: "Teams",
        kind: "teams" as const,
        perClass: true,
        counting: { cars: r.cars, nonCounting: "unawarded" as const },
        sharedDrives: r.shared,
        ...(r.dropRounds ? { drop: { unit: "round" as const, best: r.dropRounds } } : {}),
      },
      {
        id: "makes",
        name: "Makes",
        kind: "manufacturers" as const,
        perClass: true,
        ...(r.makesFrom > 0 ? { rounds: { except: [r.makesFrom] } } : {}),
        counting: { cars: r.makeCars, nonCounting: "unawarded" as const },
      },
    ],
  }));

describe("the engine's fused route", () => {
  it("takes the rules of its shape, and leaves the others to the general route", () => {
    const takes = (doc: Partial<RulesDocumentInput>) => {
      const rules = makeRules(doc);
      return rules.championships.map((ch) => {
        // Two classes' tables sharing one grid, as computeStandings makes them.
        const grid = new RoundGrid(1, 4);
        const table = (classId: string): TableTallies => ({
          ch,
          classId,
          pool: [],
          tallies: [],
          rounds: 1,
          races: 1,
          grid,
          perRace: false,
        });
        const tables = new Map([
          [0, table("A")],
          [2, table("C")],
        ]);
        return fusedChampionship(ch, settingsForRace(rules, ch, 1, "r1"), tables, 3) !== null;
      });
    };
    for (const doc of fc.sample(fusedRulesArb, { seed: SEED, numRuns: 20 }))
      expect(takes(doc)).toEqual([true, true]);
    // Bonuses (teams) and a drivers' championship: the general route.
    for (const doc of fc.sample(rulesArb, { seed: SEED, numRuns: 20 }))
      expect(takes(doc).slice(0, 2)).toEqual([false, false]);
  });

  it("gives the general route's standings and trail, byte for byte", () => {
    fc.assert(
      fc.property(
        seasonArb,
        fusedRulesArb,
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        (season, doc, trail, uptoRound) => {
          const rules = makeRules(doc);
          const options = { trail, ...(uptoRound === undefined ? {} : { uptoRound }) };
          const fast = computeStandings(season, rules, options);
          const general = computeStandingsWithoutShortcuts(season, rules, options);
          expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  // Finishes beyond a tally's first list of positions (15), and beyond the positions the fused
  // route counts on its own (63): the list grows.
  it.each([
    { cars: 20, races: 1 },
    { cars: 40, races: 3 },
    { cars: 90, races: 2 },
  ])("counts finishes far down a field of $cars cars over $races races", ({ cars, races }) => {
    const rows: RowSpec[] = [];
    for (let r = 1; r <= races; r++)
      for (let p = 1; p <= cars; p++) {
        // Teams named against the running order: ties at zero points fall to the countback.
        const car = ((p + r) % cars) + 1;
        rows.push({ race: `r${r}`, pos: p, car: String(car), team: `T${100 - car}`, laps: 50 });
      }
    const season = makeSeason({ classes: ["A"], rounds: races, rows });
    const rules = makeRules({
      scales: { main: [3, 2, 1] },
      defaultScale: "main",
      championships: [{ id: "teams", name: "Teams", kind: "teams", perClass: true }],
    });
    const fast = computeStandings(season, rules, { trail: false });
    const general = computeStandingsWithoutShortcuts(season, rules, { trail: false });
    expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
  });

  it("gives the same tables whether the trail is kept or not", () => {
    fc.assert(
      fc.property(seasonArb, fusedRulesArb, (season, doc) => {
        const rules = makeRules(doc);
        const without = computeStandings(season, rules, { trail: false });
        const withTrail = computeStandings(season, rules, { trail: true });
        expect(JSON.stringify(without.tables)).toBe(JSON.stringify(withTrail.tables));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("the engine's shortcuts", () => {
  it("give the general route's standings and trail, byte for byte", () => {
    fc.assert(
      fc.property(seasonArb, rulesArb, fc.boolean(), (season, doc, trail) => {
        const rules = makeRules(doc);
        const fast = computeStandings(season, rules, { trail });
        const general = computeStandingsWithoutShortcuts(season, rules, { trail });
        expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("give the same tables whether the trail is kept or not", () => {
    fc.assert(
      fc.property(seasonArb, rulesArb, (season, doc) => {
        const rules = makeRules(doc);
        const without = computeStandings(season, rules, { trail: false });
        const withTrail = computeStandings(season, rules, { trail: true });
        expect(JSON.stringify(without.tables)).toBe(JSON.stringify(withTrail.tables));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

function mix(car: string | null, salt: number): number {
  let h = salt | 0;
  for (const ch of car ?? "") h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
