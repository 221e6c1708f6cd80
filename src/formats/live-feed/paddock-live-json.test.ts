// paddock-live/1: laps read from JSON, written back the same (the CLI's replay posts them), and
// problems naming the field path.
import { describe, expect, it } from "vitest";
import type { LiveLap } from "../../core/live/live-types.js";
import { liveLapJson, lapsFromLiveJson, readLiveJson } from "./paddock-live-json.js";

const LAPS: LiveLap[] = [
  {
    number: "7",
    lap: 12,
    lapTimeMs: 112_331,
    elapsedMs: 1_351_004,
    driver: "Kamui KOBAYASHI",
    classId: "HYPERCAR",
    team: "Toyota Gazoo Racing",
    pitMs: null,
  },
  {
    number: "92",
    lap: 3,
    lapTimeMs: null,
    elapsedMs: 3_725_000,
    driver: null,
    classId: null,
    team: null,
    pitMs: 61_031,
    inPit: true,
  },
];

describe("paddock-live/1", () => {
  it("reads the documented example", () => {
    const read = readLiveJson(
      '{"format":"paddock-live/1","laps":[{"number":"7","lap":12,"lapTime":"1:52.331","elapsed":"22:31.004","driver":"Kamui KOBAYASHI","class":"HYPERCAR","team":"Toyota Gazoo Racing","pit":null}]}',
    );
    expect(read.ok && read.value).toEqual([LAPS[0]]);
  });

  it("writes laps that read back as they were", () => {
    const read = lapsFromLiveJson({ format: "paddock-live/1", laps: LAPS.map(liveLapJson) });
    expect(read.ok && read.value).toEqual(LAPS);
  });

  it.each([
    ["not JSON", "{", [{ code: "MALFORMED_JSON" }]],
    ["another format", '{"format":"x","laps":[]}', [{ code: "INVALID_FIELD", field: "format" }]],
    ["no laps", '{"format":"paddock-live/1"}', [{ code: "MISSING_FIELD", field: "laps" }]],
    [
      "a bad elapsed time in the fourth lap",
      JSON.stringify({
        format: "paddock-live/1",
        laps: [1, 2, 3, 4].map((lap) => ({
          number: "7",
          lap,
          elapsed: lap === 4 ? "soon" : `${lap}:00.000`,
        })),
      }),
      [{ code: "INVALID_FIELD", field: "laps[3].elapsed" }],
    ],
    [
      "a lap number of 0 and an unknown key",
      '{"format":"paddock-live/1","laps":[{"number":"7","lap":0,"elapsed":"1:00.000","speed":3}]}',
      [
        { code: "INVALID_FIELD", field: "laps[0].lap" },
        { code: "INVALID_FIELD", field: "laps[0]" },
      ],
    ],
    [
      "an empty car number and a bad pit time",
      '{"format":"paddock-live/1","laps":[{"number":" ","lap":1,"elapsed":"1:00.000","pit":"long"}]}',
      [
        { code: "INVALID_FIELD", field: "laps[0].number" },
        { code: "INVALID_FIELD", field: "laps[0].pit" },
      ],
    ],
  ])("refuses %s, naming the field", (_, text, problems) => {
    const read = readLiveJson(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatchObject(problems);
  });
});
