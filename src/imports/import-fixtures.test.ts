// The fixture timing files of fixtures/imports, one per round of the fictional Endurance Cup
// 2025, each in another layout and encoding: all import into the season without a problem.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../core/problems.js";
import { seasonFromInput } from "../core/season-from-input.js";
import { parseClassification } from "./parse-classification.js";
import { columnMappingSchema } from "./result-layouts.js";
import { seasonInputWithResults } from "./testing/fixture-season.js";
import { IMPORT_FIXTURES } from "./testing/import-fixtures.js";
import type { RoundResults } from "./testing/fixture-season.js";

function rowsOf(file: string, mappingFile?: string) {
  const mapping = mappingFile
    ? columnMappingSchema.parse(
        JSON.parse(readFileSync(join(IMPORT_FIXTURES, mappingFile), "utf8")),
      )
    : undefined;
  const parsed = parseClassification(readFileSync(join(IMPORT_FIXTURES, file)), file, {
    mapping,
  });
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join("\n"));
  return parsed.value.rows;
}

const ROUNDS: readonly RoundResults[] = [
  { round: 1, rows: rowsOf("round-1-alkamel.csv") },
  { round: 2, rows: rowsOf("round-2-imsa.csv") },
  { round: 3, rows: rowsOf("round-3-custom.csv", "round-3-mapping.json") },
  { round: 4, rows: rowsOf("round-4.json") },
];

describe("the Endurance Cup 2025 timing files", () => {
  it("import into the season: every car, team, class and driver found", () => {
    const season = seasonFromInput(seasonInputWithResults(ROUNDS));
    if (!season.ok) expect.fail(season.error.map(formatProblem).join("\n"));
    const results = season.value.results;
    expect(results).toHaveLength(48);
    for (const r of results) {
      expect(r.entryId, `${r.source.file}:${r.source.line}`).not.toBeNull();
      expect(r.driverIds, `${r.source.file}:${r.source.line}`).toHaveLength(3);
    }
    const byRace = (race: string) => results.filter((r) => r.raceId === race);
    expect(byRace("r1").find((r) => r.number === "81")).toMatchObject({
      status: "dnf",
      classId: "LMGT3",
      teamId: "tf-sport",
      driverIds: ["tom-van-rompuy", "rui-andrade", "nicolas-varrone"],
      time: "3:12:44.901",
      gap: "+105 laps",
    });
    expect(
      byRace("r2")
        .filter((r) => r.fastestLap)
        .map((r) => r.number),
    ).toEqual(["7", "22", "92"]);
    expect(byRace("r3").find((r) => r.number === "87")?.driverIds).toEqual([
      "jose-maria-lopez",
      "takeshi-kimura",
      "esteban-masson",
    ]);
    expect(
      byRace("r4")
        .filter((r) => r.pole)
        .map((r) => r.number),
    ).toEqual(["7", "37", "92"]);
  });

  it("keeps each car's best lap and its lap number where the file gives them (FL_TIME, FL_LAPNUM)", () => {
    const season = seasonFromInput(seasonInputWithResults(ROUNDS));
    if (!season.ok) return expect.fail(season.error.map(formatProblem).join("\n"));
    for (const { round, rows } of ROUNDS) {
      const results = season.value.results.filter((r) => r.raceId === `r${round}`);
      expect(
        results.map((r) => [r.number, r.bestLap ?? "", String(r.bestLapNumber ?? "")]),
      ).toEqual(
        rows.map((r) => [r.cells.number, r.cells.best_lap ?? "", r.cells.best_lap_number ?? ""]),
      );
    }
    // The timing layouts give every car's; the custom file and the JSON of rounds 3 and 4 none.
    const withBestLap = (race: string) =>
      season.value.results.filter((r) => r.raceId === race && r.bestLap !== undefined).length;
    expect(["r1", "r2", "r3", "r4"].map(withBestLap)).toEqual([12, 12, 0, 0]);
  });

  it("round 1 in UTF-16 imports the same", () => {
    const season = seasonFromInput(
      seasonInputWithResults([{ round: 1, rows: rowsOf("round-1-alkamel.utf16le.csv") }]),
    );
    expect(season.ok).toBe(true);
  });
});
