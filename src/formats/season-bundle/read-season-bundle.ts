// Reads a season bundle folder: season.json, the rules document, entries, drivers, decisions and a
// classification CSV per race. Returns the validated season and rules, or every problem found.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { PointsRules } from "../../core/points-rules.js";
import { problem } from "../../core/problems.js";
import type { Problem } from "../../core/problems.js";
import { err, ok } from "../../core/result.js";
import type { Result } from "../../core/result.js";
import { CSV_COLUMNS, issueField, seasonFileSchema } from "../../core/season-input.js";
import type { CsvKind, RaceResultsInput, RowInput } from "../../core/season-input.js";
import type { Season } from "../../core/season.js";
import { validateSeasonInput } from "../../core/season-edits.js";
import { readCsvRows } from "../read-csv-rows.js";
import { readTextFile } from "../read-text-file.js";

export { issueField };

export const SEASON_FILE = "season.json";

export interface SeasonBundle {
  readonly dir: string;
  readonly season: Season;
  readonly rules: PointsRules;
  /** The rules document as written (JSON), kept so it can be stored and exported unchanged. */
  readonly rulesDocument: unknown;
}

/** JSON.parse with the line of a syntax error. */
export function parseJson(text: string, file: string): Result<unknown, Problem> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const message = (e as Error).message.replace(/, ".*" is not valid JSON$/s, "");
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : syntaxErrorOffset(text);
    const line = text.slice(0, offset).split("\n").length;
    return err(problem("MALFORMED_JSON", `${message}: the file is not valid JSON`, { file, line }));
  }
}

/**
 * Where JSON text goes wrong, for engines whose messages give no position: the shortest prefix
 * that fails for a reason other than ending too early holds the error as its last character.
 */
function syntaxErrorOffset(text: string): number {
  const failsInside = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      const message = (e as Error).message;
      const at = /position (\d+)/.exec(message);
      if (at && Number(at[1]) >= n) return false; // the prefix merely ends early
      return !/end of JSON input|Unterminated string|Unexpected end/i.test(message);
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** The dotted path of a schema issue; for unknown keys, the keys themselves. */

export function readSeasonBundle(dir: string): Result<SeasonBundle, Problem[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return err([
      problem("FILE_MISSING", `${dir} is not a folder holding a season bundle`, { file: dir }),
    ]);
  const text = readTextFile(join(dir, SEASON_FILE), SEASON_FILE);
  if (!text.ok) return err([text.error]);
  const json = parseJson(text.value, SEASON_FILE);
  if (!json.ok) return err([json.error]);
  const parsed = seasonFileSchema.safeParse(json.value);
  if (!parsed.success)
    return err(
      parsed.error.issues.map((i) =>
        problem(i.code === "unrecognized_keys" ? "UNKNOWN_COLUMN" : "INVALID_FIELD", i.message, {
          file: SEASON_FILE,
          field: issueField(i),
        }),
      ),
    );
  const seasonFile = parsed.data;
  const problems: Problem[] = [];

  const csv = (file: string | undefined, kind: CsvKind): RowInput[] => {
    if (file === undefined) return [];
    const t = readTextFile(join(dir, file), file);
    if (!t.ok) {
      problems.push(t.error);
      return [];
    }
    const rows = readCsvRows(t.value, file, CSV_COLUMNS[kind]);
    if (!rows.ok) {
      problems.push(...rows.error);
      return [];
    }
    return rows.value;
  };

  const rulesText = readTextFile(join(dir, seasonFile.rules), seasonFile.rules);
  let rulesDocument: unknown;
  if (!rulesText.ok) problems.push(rulesText.error);
  else {
    const rulesJson = parseJson(rulesText.value, seasonFile.rules);
    if (!rulesJson.ok) problems.push(rulesJson.error);
    else rulesDocument = rulesJson.value;
  }

  const entries = csv(seasonFile.entries, "entries");
  const drivers = csv(seasonFile.drivers, "drivers");
  const decisions = csv(seasonFile.decisions, "decisions");
  const results: RaceResultsInput[] = [];
  for (const round of seasonFile.rounds)
    for (const race of round.races ?? [])
      if (race.results !== undefined)
        results.push({ raceId: race.id, rows: csv(race.results, "results") });

  if (problems.length > 0) return err(problems);
  // The same validation every change made by race control goes through.
  const valid = validateSeasonInput(
    { file: SEASON_FILE, season: seasonFile, entries, drivers, decisions, results },
    rulesDocument,
    seasonFile.rules,
  );
  if (!valid.ok) return err(valid.error);
  return ok({ dir, ...valid.value, rulesDocument });
}
