// The consistency of an uploaded classification as a whole, once each row has been read: what
// parseClassification cannot see one row at a time, and what seasonFromInput would accept because
// a season bundle may legitimately hold it. Pure: the parsed file in, problems out, in two lists.
//
// Errors block the import whatever the user says: the file cannot be the race's classification.
//   EMPTY_FILE        a header (or a results list) and no rows: importing it would wipe the race's
//                     classification. Clearing a race's results is its own recorded action.
//   DUPLICATE_COLUMN  a column Paddock reads is named twice in the header: which one is meant?
//   MISSING_FIELD     an empty class cell, when the file has a class column: class positions and
//                     class points would rest on a guess.
//   (Duplicate positions are refused by the season's validation: DUPLICATE_POSITION.)
//
// Warnings can be real (a timing system's odd but official classification), so they only stop the
// import until someone confirms they have checked them (--accept-warnings, acceptWarnings=true,
// the preview's "I have checked the warnings"):
//   POSITION_GAP            positions skip a number (1, 2, 4) or do not start at 1
//   CLASSIFIED_ZERO_LAPS    a classified car with 0 laps
//   LAPS_OUT_OF_ORDER       a classified car with more laps than the classified car ahead of it
//   TIME_OUT_OF_ORDER       on the same laps, a classified car faster than the one ahead of it
//   FASTEST_LAP_BEYOND_LAPS a best lap's lap number (best_lap_number, FL_LAPNUM) is beyond the
//                           car's laps
//   DUPLICATE_COLUMN        a column Paddock does not import is named twice (nothing is read from it)
// Order checks compare classified cars only: retired, not classified and disqualified cars are
// listed after them by each timing system's own rules.
//
// Every problem names the file, the line and the file's own column name.
import { problem } from "../core/problems.js";
import type { Problem, ProblemCode } from "../core/problems.js";
import { parseRaceTime } from "../core/race-time.js";
import { parseStatus } from "../core/season-from-input.js";
import type { RowInput } from "../core/season-input.js";
import type { ParsedClassification } from "./parse-classification.js";
import type { ResultColumn } from "./result-layouts.js";

export interface ClassificationCheck {
  /** Refuse the import. */
  readonly errors: readonly Problem[];
  /** Refuse the import until confirmed. */
  readonly warnings: readonly Problem[];
}

/** How to empty a race's results on purpose, for the EMPTY_FILE message. */
export const CLEAR_RESULTS_HINT =
  "to empty a race's classification, clear its results instead (the race's Import page in /admin, " +
  "or DELETE /api/seasons/<season>/races/<race>/results): a recorded change of its own";

const WHOLE = /^\d+$/;

export function checkClassification(parsed: ParsedClassification): ClassificationCheck {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const { file, rows } = parsed;
  const column = (c: ResultColumn) => parsed.sourceColumn[c] ?? c;
  const at = (
    list: Problem[],
    code: ProblemCode,
    message: string,
    line: number | undefined,
    field?: string,
  ) =>
    list.push(
      problem(code, message, {
        file,
        ...(line !== undefined ? { line } : {}),
        ...(field !== undefined ? { field } : {}),
      }),
    );

  // The header: a name given twice (trimmed, ignoring case; blank names are trailing delimiters).
  const headerLine = parsed.headerLine ?? 1;
  const ignored = new Set((parsed.ignoredColumns ?? []).map((h) => h.trim().toUpperCase()));
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const h of parsed.layout === "paddock-json" ? [] : parsed.header) {
    const key = h.trim().toUpperCase();
    if (key === "") continue;
    if (seen.has(key) && !reported.has(key)) {
      reported.add(key);
      if (ignored.has(key))
        at(
          warnings,
          "DUPLICATE_COLUMN",
          `column "${h}" is named twice in the header; Paddock does not import it, but is this the export you meant?`,
          headerLine,
          h,
        );
      else
        at(
          errors,
          "DUPLICATE_COLUMN",
          `column "${h}" is named twice in the header: Paddock cannot tell which one holds the ${h}; remove or rename one`,
          headerLine,
          h,
        );
    }
    seen.add(key);
  }

  if (rows.length === 0) {
    at(
      errors,
      "EMPTY_FILE",
      `${file} has ${parsed.layout === "paddock-json" ? "no results" : "a header but no rows"}: importing it would empty the race's classification; ${CLEAR_RESULTS_HINT}`,
      parsed.layout === "paddock-json" ? headerLine : headerLine + 1,
    );
    return { errors, warnings };
  }

  if (parsed.sourceColumn.class !== undefined)
    for (const row of rows)
      if ((row.cells.class ?? "").trim() === "")
        at(
          errors,
          "MISSING_FIELD",
          `${column("class")} is empty: every car's class must be given (the file has a ${column("class")} column)`,
          row.line,
          column("class"),
        );

  const cell = (row: RowInput, c: ResultColumn) => (row.cells[c] ?? "").trim();
  const whole = (row: RowInput, c: ResultColumn) => {
    const t = cell(row, c);
    return WHOLE.test(t) ? Number(t) : undefined;
  };
  const classified = (row: RowInput) => parseStatus(cell(row, "status")) === "classified";

  // Positions: every number from 1 to the last one given.
  const byPosition = rows
    .map((row) => ({ row, pos: whole(row, "pos") }))
    .filter((x): x is { row: RowInput; pos: number } => x.pos !== undefined && x.pos >= 1)
    .sort((a, b) => a.pos - b.pos || a.row.line - b.row.line);
  let previous = 0;
  for (const { row, pos } of byPosition) {
    if (pos > previous + 1) {
      const missing =
        pos === previous + 2 ? `${previous + 1} is` : `${previous + 1} to ${pos - 1} are`;
      at(
        warnings,
        "POSITION_GAP",
        previous === 0
          ? `${column("pos")} starts at ${pos}: no car is given position ${missing.replace(/ (is|are)$/, "")}`
          : `${column("pos")} jumps from ${previous} to ${pos}: position ${missing} given to no car`,
        row.line,
        column("pos"),
      );
    }
    previous = Math.max(previous, pos);
  }

  for (const row of rows)
    if (classified(row) && cell(row, "laps") === "0")
      at(
        warnings,
        "CLASSIFIED_ZERO_LAPS",
        `a classified car with ${column("laps")} 0: did car #${cell(row, "number")} start? (${column("status")} ${cell(row, "status") || "empty, taken as classified"})`,
        row.line,
        column("laps"),
      );

  // Classified cars in position order: laps never rise; on the same laps, times never fall.
  const ordered = byPosition.filter((x) => classified(x.row));
  for (let i = 1; i < ordered.length; i++) {
    const ahead = ordered[i - 1];
    const behind = ordered[i];
    if (!ahead || !behind) continue;
    const lapsAhead = whole(ahead.row, "laps");
    const lapsBehind = whole(behind.row, "laps");
    if (lapsAhead === undefined || lapsBehind === undefined) continue;
    if (lapsBehind > lapsAhead) {
      at(
        warnings,
        "LAPS_OUT_OF_ORDER",
        `P${behind.pos} (#${cell(behind.row, "number")}) has ${lapsBehind} ${column("laps")}, more than P${ahead.pos} (#${cell(ahead.row, "number")}, line ${ahead.row.line}) with ${lapsAhead}`,
        behind.row.line,
        column("laps"),
      );
      continue;
    }
    if (lapsBehind !== lapsAhead) continue;
    const timeAhead = parseRaceTime(cell(ahead.row, "time"));
    const timeBehind = parseRaceTime(cell(behind.row, "time"));
    if (timeAhead !== undefined && timeBehind !== undefined && timeBehind < timeAhead)
      at(
        warnings,
        "TIME_OUT_OF_ORDER",
        `P${behind.pos} (#${cell(behind.row, "number")}) finished the same ${lapsBehind} laps in ${cell(behind.row, "time")}, faster than P${ahead.pos} (#${cell(ahead.row, "number")}, line ${ahead.row.line}) in ${cell(ahead.row, "time")}`,
        behind.row.line,
        column("time"),
      );
  }

  for (const row of rows) {
    const lap = whole(row, "best_lap_number");
    const laps = whole(row, "laps");
    if (lap === undefined || laps === undefined || lap <= laps) continue;
    at(
      warnings,
      "FASTEST_LAP_BEYOND_LAPS",
      `${column("best_lap_number")} ${lap}: the best lap is on a lap car #${cell(row, "number")} never drove (${column("laps")} ${laps})`,
      row.line,
      column("best_lap_number"),
    );
  }

  const byLine = (a: Problem, b: Problem) => (a.line ?? 0) - (b.line ?? 0);
  return { errors: errors.sort(byLine), warnings: warnings.sort(byLine) };
}
