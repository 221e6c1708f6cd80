// Turns an uploaded race classification (bytes) into rows of Paddock's results columns, for
// seasonFromInput to validate against the season. This checks only what the file alone can tell:
// its encoding, its layout, the shape of its rows and the form of positions, laps, times and
// statuses. Every problem names the file, the line and the user's own column name.
import { problem } from "../core/problems.js";
import type { Problem, ProblemCode } from "../core/problems.js";
import {
  LAP_TIME_EXAMPLES,
  formatGap,
  formatRaceTime,
  parseGap,
  parseLapTime,
  parseRaceTime,
} from "../core/race-time.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import { CSV_COLUMNS } from "../core/season-input.js";
import type { RowInput } from "../core/season-input.js";
import { decodeText } from "./decode-text.js";
import type { TextEncoding } from "./decode-text.js";
import { readPaddockResultsJson } from "./paddock-results-json.js";
import { guessDelimiter, readDelimited } from "./read-delimited.js";
import type { DelimitedRecord } from "./read-delimited.js";
import { classificationFromLaps, isLapAnalysis } from "./lap-analysis.js";
import {
  LAYOUT_LABELS,
  RESULT_COLUMNS,
  TIMING_COLUMNS,
  detectLayout,
  timingDriverColumns,
  timingStatus,
} from "./result-layouts.js";
import type { ColumnMapping, ImportLayout, ResultColumn } from "./result-layouts.js";

export interface ParsedClassification {
  readonly file: string;
  readonly encoding: TextEncoding;
  readonly layout: ImportLayout;
  readonly header: readonly string[];
  /** Source column each Paddock column was read from, so problems found later can name the user's column. */
  readonly sourceColumn: Partial<Record<ResultColumn, string>>;
  /** Rows keyed by Paddock results columns; file = the file name given; line = the physical line in the source. */
  readonly rows: readonly RowInput[];
  /** What the parser inferred, for the preview (e.g. "fastest laps derived from FL_TIME per class"). */
  readonly notes: readonly string[];
  /** The header's line in the file (delimited files); absent for JSON. */
  readonly headerLine?: number;
  /** Header names none of whose columns is read (checkClassification: a duplicate of one is harmless). */
  readonly ignoredColumns?: readonly string[];
  /**
   * Each row's driver columns (row order): the file's column of each name in its `drivers` cell,
   * in order, so a problem about one driver names that driver's column (DRIVER_2), not the first.
   * Absent where the drivers come from one column (sourceColumn.drivers).
   */
  readonly driverColumns?: readonly (readonly string[])[];
}

export interface ParseClassificationOptions {
  readonly layout?: ImportLayout | "auto";
  readonly mapping?: ColumnMapping;
  readonly maxBytes?: number;
}

/** Where each Paddock column comes from in a delimited file, and how its cells are read. */
interface ColumnPlan {
  readonly index: Partial<Record<ResultColumn, number>>;
  /** Each driver's columns, joined with a space (IMSA splits first and second names). */
  readonly driverGroups: readonly (readonly number[])[];
  /** The file's column for the drivers, holding several names separated by ";" or "/". */
  readonly driverList?: number;
  /** Timing and custom files are checked and rewritten in Paddock's forms; Paddock's own are not. */
  readonly normalize: boolean;
}

export function parseClassification(
  bytes: Uint8Array,
  file: string,
  options: ParseClassificationOptions = {},
): Result<ParsedClassification, Problem[]> {
  const decoded = decodeText(bytes, file, { maxBytes: options.maxBytes });
  if (!decoded.ok) return err([decoded.error]);
  const { text, encoding } = decoded.value;
  const notes: string[] = [];
  if (encoding !== "utf-8") notes.push(`read as ${ENCODING_NAMES[encoding]}`);
  let layout = options.layout ?? "auto";
  if (layout === "auto" && options.mapping) layout = "custom";
  if (options.mapping && layout !== "custom")
    notes.push(`column mapping not used: the ${layout} layout names its own columns`);

  if (layout === "paddock-json" || (layout === "auto" && /^\s*[[{]/.test(text))) {
    const read = readPaddockResultsJson(text, file);
    if (!read.ok) return err(read.error);
    const sourceColumn: Partial<Record<ResultColumn, string>> = {};
    for (const c of RESULT_COLUMNS) if (read.value.header.includes(c)) sourceColumn[c] = c;
    if (layout === "auto") notes.push(`layout: ${LAYOUT_LABELS["paddock-json"]}`);
    return ok({ file, encoding, layout: "paddock-json", ...read.value, sourceColumn, notes });
  }

  if (layout === "custom" && !options.mapping) return err([unknownLayout(file, 1)]);
  const delimiter = options.mapping?.delimiter ?? guessDelimiter(text);
  const records = readDelimited(text, file, delimiter);
  if (!records.ok) return err([records.error]);
  // The first record with a non-blank cell is the header; readRows takes the rest, one by one.
  const rest = records.value[Symbol.iterator]();
  let head: DelimitedRecord | undefined;
  while (!head) {
    const r = rest.next();
    if (r.done) break;
    if (!isBlank(r.value.fields)) head = r.value;
  }
  if (!head)
    return err([
      problem("MISSING_COLUMN", `${file} is empty: no header, no rows`, { file, line: 1 }),
    ]);
  const header = head.fields.map((h) => h.trim());
  if (layout === "alkamel-analysis" || (layout === "auto" && isLapAnalysis(header))) {
    const laps = classificationFromLaps(header, { [Symbol.iterator]: () => rest }, file);
    if (!laps.ok) return err(laps.error);
    const named = (name: string) => header.find((h) => h.toUpperCase() === name) ?? name;
    return ok({
      file,
      encoding,
      layout: "alkamel-analysis",
      header,
      sourceColumn: {
        number: named("NUMBER"),
        laps: named("LAP_NUMBER"),
        time: named("ELAPSED"),
        class: named("CLASS"),
        team: named("TEAM"),
        drivers: named("DRIVER_NAME"),
        best_lap: named("LAP_TIME"),
        best_lap_number: named("LAP_NUMBER"),
      },
      rows: laps.value.rows,
      notes: [...notes, `layout: ${LAYOUT_LABELS["alkamel-analysis"]}`, ...laps.value.notes],
      headerLine: head.line,
    });
  }
  const csvLayout = layout === "auto" ? detectLayout(header) : layout;
  // detectLayout never answers paddock-json: JSON was recognised above by its first character.
  if (csvLayout === undefined || csvLayout === "paddock-json" || csvLayout === "alkamel-analysis")
    return err([unknownLayout(file, head.line, header)]);
  if (layout === "auto")
    notes.push(`layout: ${LAYOUT_LABELS[csvLayout]}, recognised by its columns`);
  const planned = planColumns(csvLayout, header, file, head.line, options.mapping);
  if (!planned.ok) return err(planned.error);
  const { plan, sourceColumn } = planned.value;
  notes.push(...planNotes(plan, header));

  const read = readRows({ [Symbol.iterator]: () => rest }, header, plan, sourceColumn, file);
  if (!read.ok) return err(read.error);
  notes.push(...read.value.notes);
  const usedNames = new Set(usedColumns(plan).map((i) => (header[i] ?? "").toUpperCase()));
  return ok({
    file,
    encoding,
    layout: csvLayout,
    header,
    sourceColumn,
    rows: read.value.rows,
    notes,
    headerLine: head.line,
    ignoredColumns: plan.normalize
      ? header.filter((h) => h !== "" && !usedNames.has(h.toUpperCase()))
      : [],
    ...(plan.driverGroups.length > 0 ? { driverColumns: read.value.driverColumns } : {}),
  });
}

const ENCODING_NAMES: Readonly<Record<TextEncoding, string>> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 (with a byte-order mark)",
  "utf-16le": "UTF-16 little-endian",
  "utf-16be": "UTF-16 big-endian",
  "windows-1252": "Windows-1252 (the file is not UTF-8)",
};

function unknownLayout(file: string, line: number, header?: readonly string[]): Problem {
  const columns = header ? ` (columns ${header.filter(Boolean).slice(0, 8).join(", ")})` : "";
  return problem(
    "UNKNOWN_LAYOUT",
    `${file} is in no layout Paddock knows${columns}: choose a layout or give a column mapping`,
    { file, line },
  );
}

/** The first header index of a name, exact first, then ignoring case. */
function findColumn(header: readonly string[], name: string): number | undefined {
  const exact = header.indexOf(name.trim());
  if (exact >= 0) return exact;
  const upper = name.trim().toUpperCase();
  const i = header.findIndex((h) => h.toUpperCase() === upper);
  return i >= 0 ? i : undefined;
}

function planColumns(
  layout: Exclude<ImportLayout, "paddock-json" | "alkamel-analysis">,
  header: readonly string[],
  file: string,
  line: number,
  mapping: ColumnMapping | undefined,
): Result<{ plan: ColumnPlan; sourceColumn: Partial<Record<ResultColumn, string>> }, Problem[]> {
  const problems: Problem[] = [];
  const missing = (field: string, message: string) =>
    problems.push(problem("MISSING_COLUMN", message, { file, line, field }));
  const index: Partial<Record<ResultColumn, number>> = {};
  const sourceColumn: Partial<Record<ResultColumn, string>> = {};
  const use = (column: ResultColumn, i: number) => {
    index[column] = i;
    sourceColumn[column] = header[i] ?? "";
  };
  let plan: ColumnPlan;

  switch (layout) {
    case "paddock-csv": {
      // The bundle's own results file: the same checks as readCsvRows makes on a bundle.
      const known = new Set<string>(RESULT_COLUMNS);
      header.forEach((h, i) => {
        const name = h.toLowerCase();
        if (!known.has(name))
          problems.push(
            problem(
              "UNKNOWN_COLUMN",
              `column "${h}" is not a results column (${RESULT_COLUMNS.join(", ")})`,
              { file, line, field: h },
            ),
          );
        else if (index[name as ResultColumn] !== undefined)
          problems.push(
            problem("DUPLICATE_COLUMN", `column "${h}" appears twice in the header`, {
              file,
              line,
              field: h,
            }),
          );
        else use(name as ResultColumn, i);
      });
      for (const c of CSV_COLUMNS.results.required)
        if (index[c] === undefined) missing(c, `column "${c}" is required`);
      plan = { index, driverGroups: [], normalize: false };
      break;
    }
    case "alkamel":
    case "imsa": {
      for (const column of RESULT_COLUMNS) {
        const names = TIMING_COLUMNS[column] ?? [];
        const i = names.map((n) => findColumn(header, n)).find((x) => x !== undefined);
        if (i !== undefined) use(column, i);
      }
      for (const c of CSV_COLUMNS.results.required)
        if (index[c] === undefined) {
          const name = TIMING_COLUMNS[c]?.[0] ?? c;
          missing(name, `column ${name} is required (the ${c} of each car)`);
        }
      const driverGroups = timingDriverColumns(header);
      if (driverGroups.length > 0) sourceColumn.drivers = header[driverGroups[0]?.[0] ?? 0];
      plan = { index, driverGroups, normalize: true };
      break;
    }
    case "custom": {
      const m = mapping ?? { columns: {} };
      const locate = (name: string): number | undefined => {
        const i = findColumn(header, name);
        if (i === undefined)
          missing(name, `the mapping names column "${name}", which the file does not have`);
        return i;
      };
      for (const column of RESULT_COLUMNS) {
        const name = m.columns[column];
        if (name === undefined) continue;
        const i = locate(name);
        if (i !== undefined) use(column, i);
      }
      // fastestLapTime is the older name of columns.best_lap: one column, named either way.
      if (m.fastestLapTime !== undefined) {
        if (m.columns.best_lap === undefined) {
          const i = locate(m.fastestLapTime);
          if (i !== undefined) use("best_lap", i);
        } else if (findColumn(header, m.fastestLapTime) !== index.best_lap)
          problems.push(
            problem(
              "INVALID_FIELD",
              `the mapping names two best-lap columns: "${m.columns.best_lap}" (columns.best_lap) and "${m.fastestLapTime}" (fastestLapTime)`,
              { file, line, field: m.fastestLapTime },
            ),
          );
      }
      for (const c of CSV_COLUMNS.results.required)
        if (m.columns[c] === undefined) missing(c, `the mapping must name the column holding ${c}`);
      const driverList = index.drivers;
      delete index.drivers;
      const driverGroups = (m.driverColumns ?? [])
        .map((name) => locate(name))
        .filter((i) => i !== undefined)
        .map((i) => [i]);
      if (sourceColumn.drivers === undefined && driverGroups[0] !== undefined)
        sourceColumn.drivers = header[driverGroups[0][0] ?? 0];
      plan = { index, driverGroups, driverList, normalize: true };
      break;
    }
  }
  if (problems.length > 0) return err(problems);
  return ok({ plan, sourceColumn });
}

/** The header indexes a plan reads. */
function usedColumns(plan: ColumnPlan): number[] {
  const used = new Set<number>(Object.values(plan.index));
  for (const g of plan.driverGroups) for (const i of g) used.add(i);
  if (plan.driverList !== undefined) used.add(plan.driverList);
  return [...used];
}

function planNotes(plan: ColumnPlan, header: readonly string[]): string[] {
  if (!plan.normalize) return [];
  const used = new Set(usedColumns(plan));
  const ignored = header.filter((h, i) => h !== "" && !used.has(i));
  const notes: string[] = [];
  if (plan.driverList !== undefined)
    notes.push(`drivers read from ${header[plan.driverList]}, split at ";" and "/"`);
  if (plan.driverGroups.length > 0)
    notes.push(
      `drivers joined from ${plan.driverGroups.map((g) => g.map((i) => header[i]).join(" + ")).join(", ")}`,
    );
  if (ignored.length > 0) notes.push(`columns not imported: ${ignored.join(", ")}`);
  return notes;
}

const WHOLE = /^\d+$/;

function readRows(
  records: Iterable<DelimitedRecord>,
  header: readonly string[],
  plan: ColumnPlan,
  sourceColumn: Partial<Record<ResultColumn, string>>,
  file: string,
): Result<{ rows: RowInput[]; notes: string[]; driverColumns: string[][] }, Problem[]> {
  const problems: Problem[] = [];
  const report = (code: ProblemCode, message: string, line: number, field?: string) =>
    problems.push(
      problem(code, message, { file, line, ...(field !== undefined ? { field } : {}) }),
    );
  // A trailing delimiter gives the header an empty last name; rows may or may not repeat it.
  let needed = header.length;
  while (needed > 0 && header[needed - 1] === "") needed--;
  const columns = (Object.entries(plan.index) as [ResultColumn, number][])
    .sort(([, a], [, b]) => a - b)
    .map(([column, i]) => ({ column, i, name: header[i] ?? column }));
  const hasDrivers = plan.driverGroups.length > 0 || plan.driverList !== undefined;
  const rows: RowInput[] = [];
  // Kept beside the rows so the fastest laps can be marked once every row is read.
  const cellsOf: Record<string, string>[] = [];
  const driverColumns: string[][] = [];
  // Rows mostly fill the same driver columns: one list each, shared.
  const columnLists = new Map<string, string[]>();
  const statusWords = new Map<string, string>();
  let times = 0;

  for (const { line, fields } of records) {
    if (isBlank(fields)) continue;
    if (fields.length < needed) {
      const field = header[fields.length] ?? "";
      report(
        "MALFORMED_CSV",
        `line ${line} has ${fields.length} of the header's ${needed} fields (from ${field} on, missing): is the file cut short?`,
        line,
        field,
      );
      continue;
    }
    if (!isBlank(fields, header.length)) {
      report(
        "MALFORMED_CSV",
        `line ${line} has ${fields.length} fields, more than the header's ${header.length}: is a ";" or "," inside an unquoted cell?`,
        line,
      );
      continue;
    }
    const cells: Record<string, string> = {};
    for (const { column, i, name } of columns) {
      const value = (fields[i] ?? "").trim();
      if (!plan.normalize || value === "") {
        cells[column] = value;
        continue;
      }
      const read = normalize(column, value, name);
      if (typeof read !== "string") report("INVALID_FIELD", read.invalid, line, name);
      cells[column] = typeof read === "string" ? read : value;
      if (column === "time") times++;
      if (column === "status") statusWords.set(value, cells[column] ?? "");
    }
    if (hasDrivers) {
      const drivers = driverNames(fields, plan, header);
      cells.drivers = drivers.names;
      const key = drivers.columns.join("\n");
      const shared = columnLists.get(key) ?? drivers.columns;
      columnLists.set(key, shared);
      driverColumns.push(shared);
    }
    if (plan.index.source === undefined) cells.source = file;
    // A lap number without the lap's time (an untimed lap) is no best lap.
    if (plan.normalize && cells.best_lap_number !== undefined && !cells.best_lap)
      cells.best_lap_number = "";
    rows.push({ file, line, cells });
    cellsOf.push(cells);
  }
  if (problems.length > 0) return err(problems);

  const notes: string[] = [];
  const bestLapColumn = plan.index.best_lap;
  if (plan.normalize && bestLapColumn !== undefined && plan.index.fastest_lap === undefined) {
    markFastestLaps(cellsOf);
    notes.push(
      `fastest laps derived from ${header[bestLapColumn] ?? "best_lap"} per ${plan.index.class !== undefined ? "class" : "race"}`,
    );
  }
  if (times > 0) notes.push("race times written as h:mm:ss.sss");
  const words = [...statusWords].filter(([word, status]) => word !== status);
  if (words.length > 0)
    notes.push(`status words read as: ${words.map(([w, s]) => `${w} → ${s}`).join(", ")}`);
  if (sourceColumn.status === undefined && plan.normalize)
    notes.push("no status column: every car is taken as classified");
  return ok({ rows, notes, driverColumns });
}

/** Whether every field from `from` on is empty or spaces. */
function isBlank(fields: readonly string[], from = 0): boolean {
  for (let i = from; i < fields.length; i++) if ((fields[i] ?? "").trim() !== "") return false;
  return true;
}

/** A non-empty cell in Paddock's form, or why it cannot be read. */
function normalize(
  column: ResultColumn,
  value: string,
  name: string,
): string | { readonly invalid: string } {
  switch (column) {
    case "pos":
    case "class_pos":
      return WHOLE.test(value) && Number(value) >= 1
        ? value
        : { invalid: `${name} must be a whole number from 1, not "${value}"` };
    case "laps":
    case "laps_led":
      return WHOLE.test(value)
        ? value
        : { invalid: `${name} must be a whole number from 0, not "${value}"` };
    case "best_lap_number":
      // Timing writes 0 for a car without a timed lap: no best lap.
      if (!WHOLE.test(value))
        return { invalid: `${name} must be a whole number from 1, not "${value}"` };
      return Number(value) === 0 ? "" : value;
    case "best_lap": {
      if (parseRaceTime(value) === 0) return "";
      const ms = parseLapTime(value);
      return ms !== undefined
        ? formatRaceTime(ms)
        : { invalid: `${name} "${value}" is not a lap time (${LAP_TIME_EXAMPLES})` };
    }
    case "time": {
      const ms = parseRaceTime(value);
      return ms !== undefined
        ? formatRaceTime(ms)
        : { invalid: `${name} "${value}" is not a race time (e.g. 5:44'41.101 or 2:02:06.175)` };
    }
    case "gap": {
      const gap = parseGap(value);
      return gap
        ? formatGap(gap)
        : { invalid: `${name} "${value}" is not a gap (e.g. +22.481, 1 Lap, or - for the leader)` };
    }
    case "status":
      return (
        timingStatus(value) ?? {
          invalid: `${name} "${value}" is not a status Paddock knows (Classified, Running, Not classified, Retired, DNF, Disqualified, DNS)`,
        }
      );
    default:
      return value;
  }
}

/**
 * The car's drivers as Paddock's ";" list, blanks skipped, and the column of each name (IMSA's
 * split names: "DRIVER2_FIRSTNAME + DRIVER2_SECONDNAME").
 */
function driverNames(
  fields: readonly string[],
  plan: ColumnPlan,
  header: readonly string[],
): { names: string; columns: string[] } {
  let names = "";
  const columns: string[] = [];
  const add = (name: string, column: string) => {
    if (name === "") return;
    names = names === "" ? name : `${names};${name}`;
    columns.push(column);
  };
  if (plan.driverList !== undefined)
    for (const n of (fields[plan.driverList] ?? "").split(/[;/]/))
      add(n.trim(), header[plan.driverList] ?? "drivers");
  for (const group of plan.driverGroups) {
    let name = "";
    const used: string[] = [];
    for (const i of group) {
      const part = (fields[i] ?? "").trim();
      if (part === "") continue;
      name = name === "" ? part : `${name} ${part}`;
      used.push(header[i] ?? "drivers");
    }
    add(name, used.join(" + "));
  }
  return { names, columns };
}

/** "yes" on the car (or cars, on a tie) with the lowest best lap of its class. */
function markFastestLaps(cells: readonly Record<string, string>[]): void {
  const best = new Map<string, number>();
  const classOf = (c: Record<string, string>) => (c.class ?? "").toLowerCase();
  const lapOf = (c: Record<string, string>) => parseLapTime(c.best_lap ?? "");
  for (const c of cells) {
    const ms = lapOf(c);
    if (ms !== undefined && ms < (best.get(classOf(c)) ?? Infinity)) best.set(classOf(c), ms);
  }
  for (const c of cells) {
    const ms = lapOf(c);
    if (ms !== undefined && ms === best.get(classOf(c))) c.fastest_lap = "yes";
  }
}
