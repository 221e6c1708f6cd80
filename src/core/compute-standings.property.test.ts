// Engine invariants over random seasons and rules (fast-check, fixed seed so runs repeat).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import type { Standings } from "./compute-standings.js";
import { add, formatPoints, sub, ZERO } from "./points.js";
import { makeRules, makeSeason } from "./testing/season-builder.js";
import type { RowSpec } from "./testing/season-builder.js";
import type { RulesDocumentInput } from "./points-rules.js";
import type { Season } from "./season.js";

const SEED = 20031018;
const RUNS = 150;

const statusArb = fc.constantFrom(
  "classified",
  "classified",
  "classified",
  "classified",
  "dnf",
  "dsq",
  "not_classified",
) as fc.Arbitrary<RowSpec["status"]>;

/** A season of 1-4 rounds; each race a random finishing order of some of 8 cars of 4 teams. */
const seasonArb = fc
  .array(
    fc.record({
      order: fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7, 8], { minLength: 1 }),
      statuses: fc.array(statusArb, { minLength: 8, maxLength: 8 }),
      pole: fc.integer({ min: 0, max: 7 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((races) => {
    const rows: RowSpec[] = [];
    races.forEach((race, i) => {
      race.order.forEach((car, p) => {
        rows.push({
          race: `r${i + 1}`,
          pos: p + 1,
          car: String(car),
          team: `T${(car % 4) + 1}`,
          cls: car <= 4 ? "A" : "B",
          drivers: [`D${car}`, `D${(car % 3) + 10}`],
          laps: 100 - p * 3,
          status: race.statuses[p] ?? "classified",
          pole: p === race.pole,
        });
      });
    });
    return rows;
  });

const rulesArb: fc.Arbitrary<Partial<RulesDocumentInput>> = fc
  .record({
    cars: fc.constantFrom("all" as const, "best" as const, { best: 2 }),
    nonCounting: fc.constantFrom("unawarded" as const, "nextCar" as const),
    dsq: fc.constantFrom("moveUp" as const, "unawarded" as const),
    best: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    shared: fc.constantFrom("full" as const, "split" as const, "first" as const, "none" as const),
  })
  .map((r) => ({
    eligibility: [
      { rule: "status" as const, statuses: ["dsq" as const], effect: r.dsq },
      {
        rule: "minDistance" as const,
        fraction: "7/10",
        of: "classWinner" as const,
        effect: "unawarded" as const,
      },
      { rule: "ineligibleEntries" as const, effect: "moveUp" as const },
    ],
    championships: [
      {
        id: "teams",
        name: "Teams",
        kind: "teams" as const,
        counting: { cars: r.cars, nonCounting: r.nonCounting },
        bonuses: [{ kind: "pole" as const, points: 1 }],
        ...(r.best ? { drop: { unit: "round" as const, best: r.best } } : {}),
      },
      { id: "drivers", name: "Drivers", kind: "drivers" as const, sharedDrives: r.shared },
      { id: "overall", name: "Overall", kind: "teams" as const, perClass: false },
    ],
  }));

const build = (rows: RowSpec[]): Season => makeSeason({ classes: ["A", "B"], rows });

/** Every table as competitor -> total, for comparing two computations. */
function totals(s: Standings): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of s.tables)
    for (const r of t.rows)
      out.set(`${t.championshipId}|${t.classId}|${r.competitor.id}`, formatPoints(r.total));
  return out;
}

function tablesView(s: Standings) {
  return s.tables.map((t) => ({
    key: `${t.championshipId}|${t.classId}`,
    rows: t.rows.map((r) => [
      r.position,
      r.tied,
      r.competitor.id,
      formatPoints(r.total),
      r.cells.map((c) => `${formatPoints(c.points)}${c.marker}`).join(","),
    ]),
  }));
}

describe("engine invariants", () => {
  it("a total is the sum of the counted round points, less deductions", () => {
    fc.assert(
      fc.property(seasonArb, rulesArb, (rows, rules) => {
        const s = computeStandings(build(rows), makeRules(rules));
        for (const t of s.tables)
          for (const r of t.rows) {
            const counted = r.cells.reduce((acc, c) => add(acc, c.counted), ZERO);
            expect(formatPoints(r.total)).toBe(formatPoints(sub(counted, r.deductions)));
            expect(formatPoints(r.gross)).toBe(formatPoints(counted));
          }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("reordering the rows of the classification files changes nothing", () => {
    fc.assert(
      fc.property(seasonArb, rulesArb, fc.integer(), (rows, rules, salt) => {
        const shuffled = [...rows].sort((a, b) => hash(a, salt) - hash(b, salt));
        const before = computeStandings(build(rows), makeRules(rules));
        const after = computeStandings(build(shuffled), makeRules(rules));
        expect(tablesView(after)).toEqual(tablesView(before));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("adding a car that does not start changes no one else's points", () => {
    fc.assert(
      fc.property(seasonArb, rulesArb, (rows, rules) => {
        const extra: RowSpec = {
          race: "r1",
          pos: null,
          car: "99",
          team: "Newcomers",
          cls: "A",
          drivers: ["Rookie"],
          status: "dns",
        };
        const before = totals(computeStandings(build(rows), makeRules(rules)));
        const after = totals(computeStandings(build([...rows, extra]), makeRules(rules)));
        for (const [k, v] of before) expect(after.get(k), k).toBe(v);
        for (const [k, v] of after) if (!before.has(k)) expect(v, k).toBe("0");
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("adding a car declared ineligible for points, anywhere in the order, changes no one else's points", () => {
    fc.assert(
      fc.property(seasonArb, rulesArb, fc.integer({ min: 1, max: 9 }), (rows, rules, at) => {
        const shifted = rows.map((r) =>
          r.race === "r1" && r.pos !== null && r.pos !== undefined && r.pos >= at
            ? { ...r, pos: r.pos + 1 }
            : r,
        );
        const r1Count = rows.filter((r) => r.race === "r1").length;
        const pos = Math.min(at, r1Count + 1);
        const extra: RowSpec = {
          race: "r1",
          pos,
          car: "99",
          team: "Guests",
          cls: "A",
          drivers: ["Guest"],
          laps: 100,
          ineligible: true,
        };
        const before = totals(computeStandings(build(rows), makeRules(rules)));
        const after = totals(computeStandings(build([...shifted, extra]), makeRules(rules)));
        for (const [k, v] of before) expect(after.get(k), k).toBe(v);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

function hash(r: RowSpec, salt: number): number {
  let h = salt | 0;
  for (const ch of `${r.race}|${r.car}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
