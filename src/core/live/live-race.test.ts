// The live race on small hand-made feeds: running order, gaps and intervals (overall and in
// class), out-of-order and repeated lines, pit stops, places gained, entries matched by number.
import { describe, expect, it } from "vitest";
import { LiveRace } from "./live-race.js";
import type { LiveEntry } from "./live-race.js";
import type { LiveLap } from "./live-types.js";

/** A lap line: car, lap, elapsed seconds, class; lap time and pit facts optional. */
function lap(
  number: string,
  n: number,
  elapsedS: number,
  classId: string,
  extra: Partial<LiveLap> = {},
): LiveLap {
  return {
    number,
    lap: n,
    lapTimeMs: null,
    elapsedMs: Math.round(elapsedS * 1000),
    driver: null,
    classId,
    team: null,
    pitMs: null,
    ...extra,
  };
}

// Three prototypes (P) and two GTs after two laps; car 3 a lap down; car 22 ahead of 21 on lap 2.
const FIELD: LiveLap[] = [
  lap("1", 1, 100, "P"),
  lap("2", 1, 101, "P"),
  lap("3", 1, 102, "P"),
  lap("21", 1, 110, "GT"),
  lap("22", 1, 111, "GT"),
  lap("1", 2, 200, "P"),
  lap("2", 2, 203.5, "P"),
  lap("21", 2, 225, "GT"),
  lap("22", 2, 221, "GT"),
];

describe("running order, gaps and intervals", () => {
  const race = new LiveRace();
  race.apply(FIELD);
  const cars = race.cars();
  it.each([
    // number, position, class position, gap, interval, class gap, class interval, gained
    ["1", 1, 1, null, null, null, null, 0],
    ["2", 2, 2, { ms: 3500 }, { ms: 3500 }, { ms: 3500 }, { ms: 3500 }, 0],
    ["22", 3, 1, { ms: 21000 }, { ms: 17500 }, null, null, 1],
    ["21", 4, 2, { ms: 25000 }, { ms: 4000 }, { ms: 4000 }, { ms: 4000 }, -1],
    ["3", 5, 3, { laps: 1 }, { laps: 1 }, { laps: 1 }, { laps: 1 }, 0],
  ])(
    "car %s: P%i, class P%i",
    (number, position, classPosition, gap, interval, classGap, classInterval, gained) => {
      const car = cars.find((c) => c.number === number);
      expect(car).toMatchObject({
        position,
        classPosition,
        gap,
        interval,
        classGap,
        classInterval,
        classPositionsGained: gained,
      });
    },
  );
});

describe("out-of-order and repeated lines", () => {
  it.each([
    ["in order", FIELD],
    ["reversed", [...FIELD].reverse()],
    ["every line twice", [...FIELD, ...FIELD]],
    ["lap 2 before lap 1", [...FIELD.slice(5), ...FIELD.slice(0, 5)]],
  ])("%s: the same state", (_, lines) => {
    const once = new LiveRace();
    once.apply(FIELD);
    const other = new LiveRace();
    for (const l of lines) other.apply([l]);
    expect(other.cars()).toEqual(once.cars());
    expect(other.lapCount).toBe(FIELD.length);
  });

  it("a line for a lap already held replaces it, and is reported as replaced", () => {
    const race = new LiveRace();
    expect(race.apply(FIELD)).toEqual({ added: 9, replaced: 0 });
    // Timing corrects car 2's second lap: it is now ahead of car 1.
    expect(race.apply([lap("2", 2, 199, "P")])).toEqual({ added: 0, replaced: 1 });
    expect(race.cars().map((c) => c.number)).toEqual(["2", "1", "22", "21", "3"]);
    expect(race.cars()[0]?.laps).toBe(2);
  });
});

describe("laps, last and best lap, pit stops", () => {
  it.each<
    [
      string,
      LiveLap[],
      { laps: number; lastLapMs: number | null; bestLapMs: number | null; pitStops: number },
    ]
  >([
    [
      "best lap is the least timed lap; untimed laps are none",
      [
        lap("7", 1, 110, "P", { lapTimeMs: 110000 }),
        lap("7", 2, 215, "P", { lapTimeMs: 105000 }),
        lap("7", 3, 330, "P", { lapTimeMs: null }),
      ],
      { laps: 3, lastLapMs: null, bestLapMs: 105000, pitStops: 0 },
    ],
    [
      "a stop marked on both the in-lap and the out-lap counts once",
      [
        lap("7", 1, 110, "P", { inPit: true }),
        lap("7", 2, 260, "P", { pitMs: 41000 }),
        lap("7", 3, 370, "P"),
      ],
      { laps: 3, lastLapMs: null, bestLapMs: null, pitStops: 1 },
    ],
    [
      "a feed giving only pit time, two stops",
      [
        lap("7", 2, 260, "P", { pitMs: 41000 }),
        lap("7", 5, 600, "P", { pitMs: 39000 }),
        lap("7", 5, 600, "P", { pitMs: 39000 }),
      ],
      { laps: 5, lastLapMs: null, bestLapMs: null, pitStops: 2 },
    ],
    [
      "a feed giving only the in-lap flag",
      [lap("7", 4, 500, "P", { inPit: true, lapTimeMs: 120000 })],
      { laps: 4, lastLapMs: 120000, bestLapMs: 120000, pitStops: 1 },
    ],
  ])("%s", (_, lines, expected) => {
    const race = new LiveRace();
    race.apply(lines);
    expect(race.cars()[0]).toMatchObject(expected);
  });
});

describe("entries", () => {
  it("matches cars to entries by number as printed (class spelt as the season does); unknown numbers have no entry", () => {
    const entries = new Map<string, LiveEntry>([
      ["007", { entryId: "aston-007", classId: "HYPERCAR" }],
      ["7", { entryId: "toyota-7", classId: "HYPERCAR" }],
    ]);
    const race = new LiveRace(entries);
    race.apply([
      lap("007", 1, 100, "Hypercar"),
      lap("7", 1, 99, "HYPERCAR"),
      lap("99", 1, 101, "HYPERCAR"),
    ]);
    expect(race.cars().map((c) => c.classId)).toEqual(["HYPERCAR", "HYPERCAR", "HYPERCAR"]);
    expect(race.cars().map((c) => [c.number, c.entryId])).toEqual([
      ["7", "toyota-7"],
      ["007", "aston-007"],
      ["99", null],
    ]);
  });
});
