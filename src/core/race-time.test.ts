import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatGap, formatRaceTime, parseGap, parseLapTime, parseRaceTime } from "./race-time.js";
import type { Gap } from "./race-time.js";

const H = 3_600_000;
const M = 60_000;
const S = 1000;

describe("race and lap times as timing exports print them", () => {
  it.each([
    ["5:44'41.101", 5 * H + 44 * M + 41 * S + 101, "Al Kamel race time"],
    ["1'58.056", M + 58 * S + 56, "Al Kamel lap time"],
    ["2:02:06.175", 2 * H + 2 * M + 6 * S + 175, "IMSA race time"],
    ["1:54.154", M + 54 * S + 154, "IMSA lap time"],
    ["5:44:41.101", 5 * H + 44 * M + 41 * S + 101, "colons throughout"],
    ["58.123", 58 * S + 123, "seconds"],
    ["0.5", 500, "a tenth-second fraction"],
    ["1:02.34", M + 2 * S + 340, "hundredths"],
    ["6:00'00", 6 * H, "no fraction"],
    ["1:54", M + 54 * S, "minutes and seconds, no fraction"],
    [" 1'58.056 ", M + 58 * S + 56, "surrounding spaces"],
    ["1’58.056", M + 58 * S + 56, "a typographic apostrophe"],
    ["24:01'02.003", 24 * H + M + 2 * S + 3, "a 24-hour race"],
    ["75:12.000", 75 * M + 12 * S, "minutes past the hour without hours"],
  ])("%j", (text, ms) => {
    expect(parseRaceTime(text)).toBe(ms);
  });
  it.each([
    ["", "empty"],
    ["58", "a bare whole number (a lap count, not a time)"],
    ["1:5.100", "one-digit seconds after minutes"],
    ["1:60.000", "60 seconds"],
    ["1:75:00.000", "75 minutes under an hour"],
    ["1:5:00.000", "one-digit minutes after hours"],
    ["1:00.1234", "four fraction digits"],
    ["-1:00.000", "negative"],
    ["1 Lap", "a lap gap"],
    ["DNF", "a word"],
    ["1:00:00:00.000", "days"],
    ["99999999999999999999:00:00.000", "beyond safe integers"],
  ])("rejects %j (%s)", (text) => {
    expect(parseRaceTime(text)).toBeUndefined();
  });
});

describe("canonical times", () => {
  it.each([
    [0, "0:00.000"],
    [58_123, "0:58.123"],
    [M + 54 * S + 154, "1:54.154"],
    [59 * M + 59 * S + 999, "59:59.999"],
    [H, "1:00:00.000"],
    [5 * H + 44 * M + 41 * S + 101, "5:44:41.101"],
    [24 * H + 5, "24:00:00.005"],
  ])("%d ms is %j", (ms, text) => {
    expect(formatRaceTime(ms)).toBe(text);
  });
  it.each([-1, 1.5, Number.NaN])("refuses %d ms (a bug, not input)", (ms) => {
    expect(() => formatRaceTime(ms)).toThrow(RangeError);
  });
  it("parse(format(ms)) is ms", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 * H }), (ms) => {
        expect(parseRaceTime(formatRaceTime(ms))).toBe(ms);
      }),
      { seed: 42 },
    );
  });
});

describe("gaps to the leader", () => {
  it.each<[string, Gap]>([
    ["+22.481", { kind: "time", ms: 22_481 }],
    ["22.481", { kind: "time", ms: 22_481 }],
    ["+1'02.345", { kind: "time", ms: M + 2 * S + 345 }],
    ["+1:02.345", { kind: "time", ms: M + 2 * S + 345 }],
    ["-", { kind: "leader" }],
    ["", { kind: "leader" }],
    ["  ", { kind: "leader" }],
    ["—", { kind: "leader" }],
    ["1 Lap", { kind: "laps", laps: 1 }],
    ["+3 Laps", { kind: "laps", laps: 3 }],
    ["1L", { kind: "laps", laps: 1 }],
    ["+12 laps", { kind: "laps", laps: 12 }],
    ["2 Lps.", { kind: "laps", laps: 2 }],
  ])("%j", (text, gap) => {
    expect(parseGap(text)).toEqual(gap);
  });
  it.each(["0 Laps", "+", "a lap", "1 Lapse", "++1.000", "Lap 3"])("rejects %j", (text) => {
    expect(parseGap(text)).toBeUndefined();
  });
  it.each<[Gap, string]>([
    [{ kind: "leader" }, ""],
    [{ kind: "time", ms: 22_481 }, "+22.481"],
    [{ kind: "time", ms: 5_003 }, "+5.003"],
    [{ kind: "time", ms: M + 2 * S + 345 }, "+1:02.345"],
    [{ kind: "time", ms: H + 5 }, "+1:00:00.005"],
    [{ kind: "laps", laps: 1 }, "+1 lap"],
    [{ kind: "laps", laps: 3 }, "+3 laps"],
  ])("%j is written %j", (gap, text) => {
    expect(formatGap(gap)).toBe(text);
  });
  it("parseGap(formatGap(gap)) is gap", () => {
    const gap: fc.Arbitrary<Gap> = fc.oneof(
      fc.constant<Gap>({ kind: "leader" }),
      fc.integer({ min: 0, max: 10 * H }).map((ms): Gap => ({ kind: "time", ms })),
      fc.integer({ min: 1, max: 500 }).map((laps): Gap => ({ kind: "laps", laps })),
    );
    fc.assert(
      fc.property(gap, (g) => {
        expect(parseGap(formatGap(g))).toEqual(g);
      }),
      { seed: 42 },
    );
  });
});

describe("lap times: race times above zero", () => {
  it.each([
    ["1'47.123", M + 47 * S + 123],
    ["1:47.123", M + 47 * S + 123],
    ["47.1", 47 * S + 100],
    ["0.001", 1],
    ["0:00.000", undefined],
    ["0.000", undefined],
    ["", undefined],
    ["88", undefined],
    ["fast", undefined],
  ])("%j", (text, ms) => {
    expect(parseLapTime(text)).toBe(ms);
  });
});
