import { describe, expect, it } from "vitest";
import { formatProblem } from "./problems.js";
import { parseRoundList, parseStatus, seasonFromInput } from "./season-from-input.js";
import { SEASON_FORMAT } from "./season-input.js";
import type { SeasonInput } from "./season-input.js";

describe("round lists as entry lists print them", () => {
  it.each([
    ["All", null],
    ["", null],
    ["1", [1]],
    ["1–2, 9", [1, 2, 9]],
    ["1-3; 6", [1, 2, 3, 6]],
    ["4–9", [4, 5, 6, 7, 8, 9]],
    ["1;2;2", [1, 2]],
    ["1*", [1]],
  ])("%j", (text, expected) => {
    expect(parseRoundList(text)).toEqual(expected);
  });
  it.each(["one", "3-1", "1..2"])("rejects %j", (text) => {
    expect(parseRoundList(text)).toBeUndefined();
  });
});

describe("status words from timing sheets", () => {
  it.each([
    ["", "classified"],
    ["Classified", "classified"],
    ["NC", "not_classified"],
    ["Not classified", "not_classified"],
    ["Retired", "dnf"],
    ["DNF", "dnf"],
    ["Disqualified", "dsq"],
    ["DNS", "dns"],
  ])("%j", (word, status) => {
    expect(parseStatus(word)).toBe(status);
  });
  it("rejects an unknown word", () => {
    expect(parseStatus("crashed")).toBeUndefined();
  });
});

/** A one-car season whose only result row has the given cells (line 2 of results/r1.csv). */
function oneResult(cells: Readonly<Record<string, string>>): SeasonInput {
  return {
    file: "season.json",
    season: {
      format: SEASON_FORMAT,
      id: "mini-2025",
      series: { id: "mini", name: "Mini" },
      year: 2025,
      name: "2025 Mini",
      classes: [{ id: "P", name: "Prototype" }],
      rounds: [{ number: 1, name: "Round 1", circuit: "Here", status: "completed" }],
      teams: [{ id: "alpha", name: "Alpha" }],
      rules: "rules.json",
      entries: "entries.csv",
    },
    entries: [{ file: "entries.csv", line: 2, cells: { number: "7", class: "P", team: "Alpha" } }],
    drivers: [],
    decisions: [],
    results: [
      {
        raceId: "r1",
        rows: [{ file: "results/r1.csv", line: 2, cells: { pos: "1", number: "7", ...cells } }],
      },
    ],
  };
}

describe("a result's best lap", () => {
  it.each([
    { best_lap: "1:47.123", bestLap: "1:47.123", name: "canonical" },
    { best_lap: "1'47.123", bestLap: "1:47.123", name: "Al Kamel's apostrophe" },
    { best_lap: " 1:47.1 ", bestLap: "1:47.100", name: "tenths, spaces" },
    { best_lap: "47.123", bestLap: "0:47.123", name: "seconds only" },
    { best_lap: "1:02:03.004", bestLap: "1:02:03.004", name: "over an hour" },
  ])("$name: $best_lap reads as $bestLap", ({ best_lap, bestLap }) => {
    const read = seasonFromInput(oneResult({ best_lap, best_lap_number: "12" }));
    if (!read.ok) return expect.fail(read.error.map(formatProblem).join("\n"));
    expect(read.value.results[0]).toMatchObject({ bestLap, bestLapNumber: 12 });
  });

  it("is absent, not undefined, where the cells are empty or missing", () => {
    const cases: Record<string, string>[] = [{}, { best_lap: "", best_lap_number: "" }];
    for (const cells of cases) {
      const read = seasonFromInput(oneResult(cells));
      if (!read.ok) return expect.fail(read.error.map(formatProblem).join("\n"));
      expect(Object.keys(read.value.results[0] ?? {})).not.toContain("bestLap");
      expect(Object.keys(read.value.results[0] ?? {})).not.toContain("bestLapNumber");
    }
  });

  it("may come without its lap number", () => {
    const read = seasonFromInput(oneResult({ best_lap: "1:47.123" }));
    if (!read.ok) return expect.fail(read.error.map(formatProblem).join("\n"));
    expect(read.value.results[0]?.bestLap).toBe("1:47.123");
    expect(Object.keys(read.value.results[0] ?? {})).not.toContain("bestLapNumber");
  });

  it.each<{ cells: Record<string, string>; code: string; field: string }>([
    { cells: { best_lap: "fast" }, code: "INVALID_FIELD", field: "best_lap" },
    { cells: { best_lap: "1:60.000" }, code: "INVALID_FIELD", field: "best_lap" },
    { cells: { best_lap: "0:00.000" }, code: "INVALID_FIELD", field: "best_lap" },
    { cells: { best_lap: "88" }, code: "INVALID_FIELD", field: "best_lap" },
    {
      cells: { best_lap: "1:47.123", best_lap_number: "0" },
      code: "INVALID_FIELD",
      field: "best_lap_number",
    },
    {
      cells: { best_lap: "1:47.123", best_lap_number: "lap 3" },
      code: "INVALID_FIELD",
      field: "best_lap_number",
    },
    { cells: { best_lap_number: "3" }, code: "MISSING_FIELD", field: "best_lap" },
  ])("$cells: $code on $field", ({ cells, code, field }) => {
    const read = seasonFromInput(oneResult(cells));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error).toEqual([
      { code, message: expect.any(String), file: "results/r1.csv", line: 2, field },
    ]);
    expect(read.error[0]?.message).toContain(Object.values(cells).at(-1) ?? "");
  });
});

describe("a race's scheduled laps", () => {
  it("is read from season.json, and absent where not given", () => {
    const input = oneResult({});
    const withLaps: SeasonInput = {
      ...input,
      season: {
        ...input.season,
        rounds: [
          {
            number: 1,
            name: "Round 1",
            circuit: "Here",
            status: "completed",
            races: [{ id: "r1", name: "Race", scheduled_laps: 56 }],
          },
        ],
      },
    };
    const read = seasonFromInput(withLaps);
    if (!read.ok) return expect.fail(read.error.map(formatProblem).join("\n"));
    expect(read.value.rounds[0]?.races[0]?.scheduledLaps).toBe(56);
    const plain = seasonFromInput(input);
    if (!plain.ok) return expect.fail(plain.error.map(formatProblem).join("\n"));
    expect(Object.keys(plain.value.rounds[0]?.races[0] ?? {})).not.toContain("scheduledLaps");
  });
});
