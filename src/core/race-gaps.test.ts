import { describe, expect, it } from "vitest";
import { raceGaps } from "./race-gaps.js";
import type { GapInput, RaceGap } from "./race-gaps.js";

const car = (
  laps: number | null,
  time: string | null,
  extra: Partial<GapInput> = {},
): GapInput => ({
  laps,
  time,
  gap: null,
  classified: true,
  ...extra,
});

const cases: { name: string; rows: GapInput[]; expected: Pick<RaceGap, "gap" | "interval">[] }[] = [
  {
    name: "same lap: seconds to the leader and to the car ahead",
    rows: [car(367, "12:00:41.101"), car(367, "12:01:03.582"), car(367, "12:02:10.000")],
    expected: [
      { gap: "", interval: "" },
      { gap: "+22.481", interval: "+22.481" },
      { gap: "+1:28.899", interval: "+1:06.418" },
    ],
  },
  {
    name: "laps down: in laps, to the leader and to the car ahead",
    rows: [car(367, "12:00:41.101"), car(363, "12:00:55.000"), car(362, "12:01:30.000")],
    expected: [
      { gap: "", interval: "" },
      { gap: "+4 laps", interval: "+4 laps" },
      { gap: "+5 laps", interval: "+1 lap" },
    ],
  },
  {
    name: "no times: the file's own gap to the leader, no interval",
    rows: [car(200, null), car(200, null, { gap: "+12.5" }), car(199, null, { gap: "1 Lap" })],
    expected: [
      { gap: "", interval: "" },
      { gap: "+12.500", interval: "" },
      { gap: "+1 lap", interval: "+1 lap" },
    ],
  },
  {
    name: "retired and disqualified cars have no gap; the interval skips them",
    rows: [
      car(100, "2:00:00.000"),
      car(40, null, { classified: false }),
      car(100, "2:00:05.000", { classified: false }),
      car(100, "2:00:10.000"),
    ],
    expected: [
      { gap: "", interval: "" },
      { gap: "", interval: "" },
      { gap: "", interval: "" },
      { gap: "+10.000", interval: "+10.000" },
    ],
  },
];

describe("raceGaps", () => {
  it.each(cases)("$name", ({ rows, expected }) => {
    expect(raceGaps(rows).map(({ gap, interval }) => ({ gap, interval }))).toEqual(expected);
  });

  it("counts laps behind the first row", () => {
    expect(
      raceGaps([car(10, null), car(8, null), car(null, null)]).map((g) => g.lapsBehind),
    ).toEqual([0, 2, null]);
  });
});
