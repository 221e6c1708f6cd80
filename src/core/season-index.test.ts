// A season whose one race's results change (a live race, lap after lap) is indexed by laying out
// that race again on top of the previous index: the standings must be those of a whole new index.
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import type { Season } from "./season.js";
import { seasonIndex, seasonIndexReplacingRace } from "./season-index.js";
import type { RowSpec } from "./testing/season-builder.js";
import { makeRules, makeSeason } from "./testing/season-builder.js";

const rules = makeRules({
  championships: [
    { id: "teams", name: "Teams", kind: "teams", counting: { cars: "best" } },
    { id: "drivers", name: "Drivers", kind: "drivers", perClass: false },
  ],
});

const earlier: RowSpec[] = [
  { race: "r1", pos: 1, car: "1", team: "T1", drivers: ["Ann"], laps: 50 },
  { race: "r1", pos: 2, car: "2", team: "T2", drivers: ["Bob"], laps: 50 },
  { race: "r1", pos: 3, car: "3", team: "T1", drivers: ["Cy"], laps: 49 },
];
const live = (order: readonly (readonly [string, string, string])[]): RowSpec[] =>
  order.map(([car, team, driver], i) => ({
    race: "r2",
    pos: i + 1,
    car,
    team,
    drivers: [driver],
    laps: 20,
  }));

/** `prev` with race r2's rows replaced, as seasonWithRaceResults gives it (same teams, drivers…). */
function replacingR2(prev: Season, rows: readonly RowSpec[]): Season {
  const made = makeSeason({ rounds: 2, rows: [...earlier, ...rows] });
  return {
    ...prev,
    results: [
      ...prev.results.filter((r) => r.raceId !== "r2"),
      ...made.results.filter((r) => r.raceId === "r2"),
    ],
  };
}

const whole = (s: Season) => JSON.stringify(computeStandings({ ...s }, rules));

describe("seasonIndexReplacingRace", () => {
  const prev = makeSeason({
    rounds: 2,
    rows: [
      ...earlier,
      ...live([
        ["1", "T1", "Ann"],
        ["2", "T2", "Bob"],
        ["3", "T1", "Cy"],
      ]),
    ],
  });
  seasonIndex(prev);

  it.each([
    [
      "the order changes",
      [
        ["2", "T2", "Bob"],
        ["3", "T1", "Cy"],
        ["1", "T1", "Ann"],
      ],
    ],
    [
      "a car drops out of the rows",
      [
        ["3", "T1", "Cy"],
        ["1", "T1", "Ann"],
      ],
    ],
  ] as const)("gives a whole index's standings when %s", (_name, order) => {
    const next = replacingR2(prev, live(order));
    const index = seasonIndexReplacingRace(prev, next, "r2");
    expect(index.races.get("r1")).toBe(seasonIndex(prev).races.get("r1"));
    expect(seasonIndex(next)).toBe(index);
    expect(JSON.stringify(computeStandings(next, rules))).toBe(whole(next));
  });

  it("lays out the whole season again when the race names a competitor not met before", () => {
    const next = replacingR2(
      prev,
      live([
        ["9", "T9", "Dee"],
        ["1", "T1", "Ann"],
        ["2", "T2", "Bob"],
      ]),
    );
    const index = seasonIndexReplacingRace(prev, next, "r2");
    expect(index.races.get("r1")).not.toBe(seasonIndex(prev).races.get("r1"));
    expect(JSON.stringify(computeStandings(next, rules))).toBe(whole(next));
  });
});
