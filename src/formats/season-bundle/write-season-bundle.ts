// Writes a season as a bundle folder that readSeasonBundle() reads back to the same season:
// season.json, rules.json, entries.csv, drivers.csv, decisions.csv and results/<race-id>.csv.
// Only columns the reader knows are written (CSV_COLUMNS), in UTF-8 without a byte-order mark;
// what the files hold is seasonToInput()'s rows, so source references point into the new files.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { problem } from "../../core/problems.js";
import type { Problem } from "../../core/problems.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { CSV_COLUMNS } from "../../core/season-input.js";
import type { CsvKind, RowInput } from "../../core/season-input.js";
import type { Season } from "../../core/season.js";
import {
  DECISIONS_FILE,
  DRIVERS_FILE,
  ENTRIES_FILE,
  COLUMNS_WRITTEN_WHEN_USED,
  RULES_FILE,
  SEASON_FILE,
  columnsOf,
  resultsFile,
  seasonToInput,
} from "./season-to-input.js";

export {
  DECISIONS_FILE,
  DRIVERS_FILE,
  ENTRIES_FILE,
  RULES_FILE,
  formatRoundList,
  resultsFile,
} from "./season-to-input.js";

export interface WrittenBundle {
  readonly dir: string;
  /** The files written, relative to dir. */
  readonly files: readonly string[];
}

function csv(kind: CsvKind, rows: readonly RowInput[]): string {
  // The newer columns only where used, but a file's required columns always (the drivers file's
  // entry column too, when no row names an entry: a season without line-ups).
  const required = new Set<string>(CSV_COLUMNS[kind].required);
  const columns = (columnsOf(kind) as readonly string[]).filter(
    (c) =>
      required.has(c) ||
      !COLUMNS_WRITTEN_WHEN_USED.has(c) ||
      rows.some((row) => (row.cells[c] ?? "") !== ""),
  );
  return stringify(
    rows.map((row) => columns.map((c) => row.cells[c] ?? "")),
    { header: true, columns: [...columns] },
  );
}

export function writeSeasonBundle(
  dir: string,
  season: Season,
  rulesDocument: unknown,
): Result<WrittenBundle, Problem[]> {
  const input = seasonToInput(season);
  const problems: Problem[] = input.ok ? [] : [...input.error];
  if (rulesDocument === undefined)
    problems.push(
      problem("FILE_MISSING", "there is no rules document to write", { file: RULES_FILE }),
    );
  if (!input.ok || problems.length > 0) return err(problems);
  const { value } = input;
  const files = new Map<string, string>([
    [SEASON_FILE, `${JSON.stringify(value.season, null, 2)}\n`],
    [RULES_FILE, `${JSON.stringify(rulesDocument, null, 2)}\n`],
    [ENTRIES_FILE, csv("entries", value.entries)],
    [DRIVERS_FILE, csv("drivers", value.drivers)],
    [DECISIONS_FILE, csv("decisions", value.decisions)],
  ]);
  for (const race of value.results) files.set(resultsFile(race.raceId), csv("results", race.rows));
  for (const [file, text] of files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, "utf8");
  }
  return ok({ dir, files: [...files.keys()] });
}
