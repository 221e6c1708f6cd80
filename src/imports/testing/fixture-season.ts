// Test support: a fixture season bundle's raw input with imported classifications added, the
// rounds they belong to marked completed, ready for seasonFromInput. Reads files: tests only.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CSV_COLUMNS, seasonFileSchema } from "../../core/season-input.js";
import type { CsvKind, RowInput, SeasonInput } from "../../core/season-input.js";
import { readCsvRows } from "../../formats/read-csv-rows.js";

export const FIXTURE_SEASON_DIR = "fixtures/seasons/endurance-cup-2025";

export interface RoundResults {
  readonly round: number;
  readonly rows: readonly RowInput[];
}

/** The bundle in `dir` (relative to the package root) with `results` as its races' rows. */
export function seasonInputWithResults(
  results: readonly RoundResults[],
  dir: string = FIXTURE_SEASON_DIR,
): SeasonInput {
  const read = (file: string) => readFileSync(join(dir, file), "utf8");
  const season = seasonFileSchema.parse(JSON.parse(read("season.json")));
  const csv = (file: string | undefined, kind: CsvKind): RowInput[] => {
    if (file === undefined) return [];
    const rows = readCsvRows(read(file), file, CSV_COLUMNS[kind]);
    if (!rows.ok) throw new Error(`${dir}/${file} is not a valid ${kind} file`);
    return rows.value;
  };
  const imported = new Set(results.map((r) => r.round));
  return {
    file: "season.json",
    season: {
      ...season,
      rounds: season.rounds.map((r) =>
        r.number !== null && imported.has(r.number) ? { ...r, status: "completed" } : r,
      ),
    },
    entries: csv(season.entries, "entries"),
    drivers: csv(season.drivers, "drivers"),
    decisions: csv(season.decisions, "decisions"),
    // A round without a list of races has one race, r<number>.
    results: results.map((r) => ({ raceId: `r${r.round}`, rows: r.rows })),
  };
}
