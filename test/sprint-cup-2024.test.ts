// Acceptance: a hand-written, fictional season (fixtures/seasons/sprint-cup-2024) that uses the
// rules the 2003 ALMS bundle does not: split drop windows, pole / fastest-lap / most-laps-led
// bonuses shared into thirds, split and full shared drives, a driver in two cars in one race,
// sprint scales, half points, best-2-cars teams with nextCar, manufacturers, a combined drivers'
// table, a deduction, an exclusion from one championship, a wipe and a countback tie.
// Expected values were worked out by hand (EXPECTED.md), never taken from the engine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { computeStandings } from "../src/core/compute-standings.js";
import type { Standings, StandingsTable, TrailEntry } from "../src/core/compute-standings.js";
import { formatPoints, sum } from "../src/core/points.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";

const bundleDir = join(import.meta.dirname, "..", "fixtures", "seasons", "sprint-cup-2024");

interface ExpectedRow {
  championship: string;
  class: string;
  pos: string;
  competitor: string;
  total: string;
}
const expected = parse(readFileSync(join(bundleDir, "expected-standings.csv"), "utf8"), {
  columns: true,
}) as ExpectedRow[];

/** The expected tables, in file order: "drivers|PRO", "overall|", … */
const tableKeys = [...new Set(expected.map((r) => `${r.championship}|${r.class}`))];

let bundle: SeasonBundle;
let standings: Standings;
beforeAll(() => {
  const read = readSeasonBundle(bundleDir);
  if (!read.ok) throw new Error(JSON.stringify(read.error, null, 2));
  bundle = read.value;
  standings = computeStandings(bundle.season, bundle.rules);
});

function tableOf(key: string): StandingsTable {
  const [championship, klass] = key.split("|") as [string, string];
  const table = standings.tables.find(
    (t) => t.championshipId === championship && (t.classId ?? "") === klass,
  );
  if (!table) throw new Error(`no table ${key}`);
  return table;
}

const driverId = (name: string): string => {
  const d = bundle.season.drivers.find((x) => x.name === name);
  if (!d) throw new Error(`no driver ${name}`);
  return d.id;
};

describe("sprint-cup-2024 bundle", () => {
  it("reads without problems", () => {
    expect(bundle.season.id).toBe("sprint-cup-2024");
    expect(bundle.season.results).toHaveLength(63);
    expect(bundle.season.decisions).toHaveLength(3);
  });

  it("produces exactly the expected tables", () => {
    expect(standings.tables.map((t) => `${t.championshipId}|${t.classId ?? ""}`)).toEqual(
      tableKeys,
    );
  });
});

describe.each(tableKeys)("standings %s equal the hand-computed ones", (key) => {
  const want = expected.filter((r) => `${r.championship}|${r.class}` === key);

  it.each(want.map((r) => [r.competitor, r] as const))("%s", (name, row) => {
    const got = tableOf(key).rows.filter((r) => r.competitor.name === name);
    expect(got).toHaveLength(1);
    const [r] = got;
    expect({
      pos: r!.position === null ? "" : String(r!.position),
      total: formatPoints(r!.total),
    }).toEqual({ pos: row.pos, total: row.total });
  });

  it("has no unexpected competitors, and lists them in the expected order", () => {
    expect(tableOf(key).rows.map((r) => r.competitor.name)).toEqual(want.map((r) => r.competitor));
  });

  it("marks as tied exactly the rows that share a position", () => {
    const shared = (pos: string) => pos !== "" && want.filter((w) => w.pos === pos).length > 1;
    expect(tableOf(key).rows.map((r) => [r.competitor.name, r.tied])).toEqual(
      want.map((w) => [w.competitor, shared(w.pos)]),
    );
  });
});

describe("points trail of the shared most-laps-led bonus (drivers' championship, PRO)", () => {
  const bonusTrail = (raceId: string): TrailEntry[] =>
    standings.trail.filter(
      (t) =>
        t.championshipId === "drivers" &&
        t.classId === "PRO" &&
        t.raceId === raceId &&
        t.rule === "BONUS_MOST_LAPS_LED",
    );

  // Round 3: #12 (solo), #7 and #3 (two drivers each) led 10 laps each: 1/3 a car, split per driver.
  // Round 4 feature: #7 and #4 led 15 each: 1/2 a car; #4 was Okafor and Wilk (Wilk also in #3).
  const cases: [string, string, string, string][] = [
    ["r3: solo Lindqvist keeps #12's whole third", "r3", "Sven Lindqvist", "1/3"],
    ["r3: Marsh gets half of #3's third", "r3", "Lena Marsh", "1/6"],
    ["r3: Wilk gets half of #3's third", "r3", "Tomasz Wilk", "1/6"],
    ["r3: Fontaine gets half of #7's third", "r3", "Jules Fontaine", "1/6"],
    ["r3: stand-in Kranjc gets half of #7's third", "r3", "Ivo Kranjc", "1/6"],
    ["r4-feature: Fontaine gets half of #7's half", "r4-feature", "Jules Fontaine", "0.25"],
    ["r4-feature: Petrescu gets half of #7's half", "r4-feature", "Ana Petrescu", "0.25"],
    ["r4-feature: Okafor gets half of #4's half", "r4-feature", "Rafael Okafor", "0.25"],
    ["r4-feature: Wilk gets half of #4's half (from #4)", "r4-feature", "Tomasz Wilk", "0.25"],
  ];
  it.each(cases)("%s", (_name, raceId, driver, points) => {
    const mine = bonusTrail(raceId).filter((t) => t.competitorId === driverId(driver));
    expect(mine.map((t) => [t.kind, formatPoints(t.points)])).toEqual([["awarded", points]]);
  });

  it.each([
    ["r3", "Rafael Okafor"],
    ["r4-feature", "Lena Marsh"],
    ["r4-feature", "Sven Lindqvist"],
  ])("%s: %s led no laps and gets none of it", (raceId, driver) => {
    expect(bonusTrail(raceId).filter((t) => t.competitorId === driverId(driver))).toEqual([]);
  });

  it.each(["r3", "r4-feature"])("%s: the shares add up to exactly one point", (raceId) => {
    expect(formatPoints(sum(bonusTrail(raceId).map((t) => t.points)))).toBe("1");
  });

  it("r3: the trail says the bonus was shared by three cars and split between two drivers", () => {
    const marsh = bonusTrail("r3").find((t) => t.competitorId === driverId("Lena Marsh"));
    expect(marsh?.detail).toBe("mostLapsLed, shared by 3 cars, split between 2 drivers");
  });

  it.each([
    ["Sven Lindqvist", "79/3"],
    ["Jules Fontaine", "29/3"],
    ["Ivo Kranjc", "29/3"],
    ["Lena Marsh", "23/3"],
  ])("round 3 cell of %s is %s", (driver, points) => {
    const row = tableOf("drivers|PRO").rows.find((r) => r.competitor.name === driver);
    const cell = row?.cells.find((c) => c.roundNumber === 3);
    expect(cell && formatPoints(cell.points)).toBe(points);
  });
});

describe("other rules of the season, by name", () => {
  it("sprint races pay no bonus even where the classification flags pole and fastest lap", () => {
    const sprintBonuses = standings.trail.filter(
      (t) => t.raceId?.endsWith("-sprint") && t.rule.startsWith("BONUS_"),
    );
    expect(sprintBonuses).toEqual([]);
  });

  it("Redline Racing: 171 gross, 10 deducted, 161 total", () => {
    const row = tableOf("teams|").rows.find((r) => r.competitor.name === "Redline Racing");
    expect([row?.gross, row?.deductions, row?.total].map((p) => p && formatPoints(p))).toEqual([
      "171",
      "10",
      "161",
    ]);
  });

  it("Volkov is excluded from the Am drivers' table only", () => {
    const am = tableOf("drivers|AM").rows.find((r) => r.competitor.name === "Dmitri Volkov");
    const overall = tableOf("overall|").rows.find((r) => r.competitor.name === "Dmitri Volkov");
    expect([am?.excluded, am?.position]).toEqual([true, null]);
    expect([overall?.excluded, overall?.position]).toEqual([false, 11]);
  });

  it("Vortex's Am manufacturers' points of rounds 1-2 (49) are wiped", () => {
    const wiped = standings.trail.filter(
      (t) =>
        t.championshipId === "manufacturers" && t.competitorId === "Vortex" && t.kind === "wiped",
    );
    expect(wiped.map((t) => [t.roundNumber, formatPoints(t.points)])).toEqual([
      [1, "25"],
      [2, "24"],
    ]);
  });

  it("drivers' drop windows: Lindqvist counts rounds 2, 3 (of 1-3) and 4, 6 (of 4-6)", () => {
    const row = tableOf("drivers|PRO").rows.find((r) => r.competitor.name === "Sven Lindqvist");
    expect(row?.cells.map((c) => [c.roundNumber, c.marker])).toEqual([
      [1, "dropped"],
      [2, "counted"],
      [3, "counted"],
      [4, "counted"],
      [5, "dropped"],
      [6, "counted"],
    ]);
  });
});
