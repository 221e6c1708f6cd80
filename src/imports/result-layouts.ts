// The layouts a race classification arrives in, and how each names Paddock's results columns.
// Timing systems are read by column name, never by position: Al Kamel's columns vary by series
// and session, and IMSA's put the drivers in first/second-name blocks at the end.
import { z } from "zod";
import { CSV_COLUMNS } from "../core/season-input.js";
import { parseStatus } from "../core/season-from-input.js";
import type { FinishStatus } from "../core/vocabulary.js";

export const IMPORT_LAYOUTS = [
  "paddock-csv",
  "paddock-json",
  "alkamel",
  "alkamel-analysis",
  "imsa",
  "custom",
] as const;
export type ImportLayout = (typeof IMPORT_LAYOUTS)[number];

/** What each layout is, for people choosing one. */
export const LAYOUT_LABELS: Readonly<Record<ImportLayout, string>> = {
  "paddock-csv": "Paddock results CSV (a season bundle's results file)",
  "paddock-json": "Paddock results JSON (paddock-results/1)",
  alkamel: "Al Kamel Systems classification CSV (WEC, ELMS, Asian Le Mans Series)",
  "alkamel-analysis":
    "Al Kamel Systems lap-by-lap analysis CSV, turned into a classification (laps, total time, best lap per car)",
  imsa: "IMSA classification CSV",
  custom: "another CSV, read through a column mapping",
};

/** Paddock's results columns: CSV_COLUMNS.results required + optional (src/core/season-input.ts). */
export type ResultColumn =
  (typeof CSV_COLUMNS.results.required)[number] | (typeof CSV_COLUMNS.results.optional)[number];
export const RESULT_COLUMNS: readonly ResultColumn[] = [
  ...CSV_COLUMNS.results.required,
  ...CSV_COLUMNS.results.optional,
];

export interface ColumnMapping {
  readonly delimiter?: "," | ";" | "\t";
  /** Paddock column -> the file's column name (matched after trimming, case-insensitively). */
  readonly columns: Partial<Record<ResultColumn, string>>;
  /** extra source columns joined into `drivers` */
  readonly driverColumns?: readonly string[];
  /**
   * The older name of `columns.best_lap`: a column of each car's best lap time. Either way, unless
   * `fastest_lap` is mapped, the car with the best lap of its class gets `fastest_lap`.
   */
  readonly fastestLapTime?: string;
}

/** A column mapping as a user uploads it (JSON), e.g. fixtures/imports/round-3-mapping.json. */
export const columnMappingSchema = z
  .object({
    delimiter: z.enum([",", ";", "\t"]).optional(),
    columns: z.partialRecord(
      z.enum(RESULT_COLUMNS as [ResultColumn, ...ResultColumn[]]),
      z.string().min(1),
    ),
    driverColumns: z.array(z.string().min(1)).optional(),
    fastestLapTime: z.string().min(1).optional(),
  })
  .strict();

/** The column names a timing layout may give each Paddock column, first match wins. */
export const TIMING_COLUMNS: Readonly<Partial<Record<ResultColumn, readonly string[]>>> = {
  pos: ["POSITION"],
  number: ["NUMBER"],
  class_pos: ["CLASS_POSITION"],
  class: ["CLASS"],
  team: ["TEAM"],
  chassis: ["VEHICLE"],
  tyre: ["TYRES", "TIRES"],
  laps: ["LAPS"],
  time: ["TOTAL_TIME"],
  gap: ["GAP_FIRST"],
  status: ["STATUS"],
  // Each car's best lap and the lap it was set on; the best of each class gets `fastest_lap`.
  best_lap: ["FL_TIME"],
  best_lap_number: ["FL_LAPNUM"],
};

/** Columns only timing exports have; three of them make a header a timing layout. */
const TIMING_SIGNATURE = new Set([
  "POSITION",
  "NUMBER",
  "CLASS_POSITION",
  "TOTAL_TIME",
  "GAP_FIRST",
  "GAP_PREVIOUS",
  "FL_LAPNUM",
  "FL_TIME",
  "FL_KPH",
  "VEHICLE",
  "TYRES",
  "TIRES",
  "DRIVER_1",
]);
// Al Kamel: DRIVER_1 … DRIVER_5. IMSA: DRIVER1_FIRSTNAME, DRIVER1_SECONDNAME (and _COUNTRY etc.).
const DRIVER_COLUMN = /^DRIVER_?(\d+)$/;
const DRIVER_NAME_PART =
  /^DRIVER_?(\d+)_(FIRSTNAME|FIRST_NAME|SECONDNAME|SECOND_NAME|LASTNAME|LAST_NAME|SURNAME)$/;

const key = (name: string) => name.trim().toUpperCase();

/** The layout a CSV header belongs to, or undefined when it is none Paddock knows. */
export function detectLayout(header: readonly string[]): ImportLayout | undefined {
  const names = header.map(key);
  if (names.some((n) => DRIVER_NAME_PART.test(n))) return "imsa";
  if (names.filter((n) => TIMING_SIGNATURE.has(n)).length >= 3)
    return names.includes("TIRES") ? "imsa" : "alkamel";
  const lower = header.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(RESULT_COLUMNS);
  if (
    (lower.includes("pos") || lower.includes("number")) &&
    lower.filter((n) => known.has(n)).length >= 2
  )
    return "paddock-csv";
  return undefined;
}

/**
 * The header indexes naming each driver of a car, in driver order: one index for a whole name
 * (Al Kamel's DRIVER_2), first name then second name where the layout splits them (IMSA).
 */
export function timingDriverColumns(header: readonly string[]): number[][] {
  const groups = new Map<number, { whole?: number; first?: number; second?: number }>();
  header.forEach((h, i) => {
    const name = key(h);
    const whole = DRIVER_COLUMN.exec(name);
    const part = whole ? undefined : DRIVER_NAME_PART.exec(name);
    const n = Number((whole ?? part)?.[1]);
    if (!whole && !part) return;
    const g = groups.get(n) ?? {};
    if (whole) g.whole ??= i;
    else if (part?.[2]?.startsWith("FIRST")) g.first ??= i;
    else g.second ??= i;
    groups.set(n, g);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, g]) =>
      g.whole !== undefined ? [g.whole] : [g.first, g.second].filter((i) => i !== undefined),
    );
}

// Words timing systems print that a season bundle does not use.
const TIMING_STATUS_WORDS: Readonly<Record<string, FinishStatus>> = {
  running: "classified",
  "not running": "dnf",
  "did not finish": "dnf",
  "not started": "dns",
  dq: "dsq",
  disq: "dsq",
};

/** A timing system's status word as a finish status, case-insensitively; empty is classified. */
export function timingStatus(text: string): FinishStatus | undefined {
  return parseStatus(text) ?? TIMING_STATUS_WORDS[text.trim().toLowerCase().replace(/\s+/g, " ")];
}
