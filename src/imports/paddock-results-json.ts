// Paddock's own JSON classification (paddock-results/1): the results columns as keys of one
// object per row. Numbers may be JSON numbers or text, drivers an array or a ";" list.
import { z } from "zod";
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import type { RowInput } from "../core/season-input.js";
import { issueField, parseJson } from "../formats/season-bundle/read-season-bundle.js";
import type { ResultColumn } from "./result-layouts.js";

export const PADDOCK_RESULTS_FORMAT = "paddock-results/1";

const text = z.union([z.string(), z.number(), z.null()], { error: "must be text or a number" });
const whole = (min: number) =>
  z.union([z.number().int().min(min, `must be a whole number from ${min}`), z.string(), z.null()], {
    error: `must be a whole number from ${min}, or text`,
  });
const flag = z.union([z.boolean(), z.string(), z.null()], { error: "must be true, false or text" });

export const paddockResultRowSchema = z
  .object({
    pos: whole(1).optional(),
    number: text,
    class_pos: whole(1).optional(),
    class: text.optional(),
    team: text.optional(),
    drivers: z
      .union([z.array(z.string()), z.string(), z.null()], {
        error: 'must be a list of names or a ";"-separated text',
      })
      .optional(),
    chassis: text.optional(),
    engine: text.optional(),
    tyre: text.optional(),
    laps: whole(0).optional(),
    time: text.optional(),
    gap: text.optional(),
    status: text.optional(),
    pole: flag.optional(),
    fastest_lap: flag.optional(),
    best_lap: text.optional(),
    best_lap_number: whole(1).optional(),
    laps_led: whole(0).optional(),
    entry: text.optional(),
    fastest_lap_driver: text.optional(),
    driver_shares: z
      .union([z.array(z.union([z.string(), z.number()])), z.string(), z.null()], {
        error: 'must be a list of shares (numbers or "1/2") or a ";"-separated text',
      })
      .optional(),
    ineligible: text.optional(),
    note: text.optional(),
    source: text.optional(),
  } satisfies Record<ResultColumn, z.ZodType>)
  .strict();
export type PaddockResultRow = z.infer<typeof paddockResultRowSchema>;

export const paddockResultsSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(PADDOCK_RESULTS_FORMAT),
    results: z.array(paddockResultRowSchema),
  })
  .strict();
export type PaddockResultsInput = z.infer<typeof paddockResultsSchema>;

function cellText(
  value: string | number | boolean | readonly (string | number)[] | null | undefined,
): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value))
    return value
      .map((d) => String(d).trim())
      .filter(Boolean)
      .join(";");
  return String(value);
}

export interface PaddockResultsRead {
  readonly header: string[];
  readonly rows: RowInput[];
}

/** The rows of a paddock-results/1 document, each with the line its object starts on. */
export function readPaddockResultsJson(
  source: string,
  file: string,
): Result<PaddockResultsRead, Problem[]> {
  const json = parseJson(source, file);
  if (!json.ok) return err([json.error]);
  const parsed = paddockResultsSchema.safeParse(json.value);
  const lines = elementLines(source);
  if (!parsed.success)
    return err(
      parsed.error.issues.map((issue) => {
        const [top, index, ...rest] = issue.path;
        const line = top === "results" && typeof index === "number" ? lines[index] : undefined;
        const field = line !== undefined ? issueField({ ...issue, path: rest }) : issueField(issue);
        const code = issue.code === "unrecognized_keys" ? "UNKNOWN_COLUMN" : "INVALID_FIELD";
        return problem(code, `${field}: ${issue.message}`, {
          file,
          ...(line !== undefined ? { line } : {}),
          field,
        });
      }),
    );
  const header: string[] = [];
  const seen = new Set<string>();
  const rows = parsed.data.results.map((result, i): RowInput => {
    const cells: Record<string, string> = {};
    for (const [k, v] of Object.entries(result)) {
      cells[k] = cellText(v);
      if (!seen.has(k)) header.push(k);
      seen.add(k);
    }
    if (!("source" in cells)) cells.source = file;
    return { file, line: lines[i] ?? 1, cells };
  });
  return ok({ header, rows });
}

/**
 * The line on which each element of the top-level "results" array starts. JSON.parse keeps no
 * positions, so the (already valid) text is scanned once; a repeated "results" key wins last, as
 * in JSON.parse.
 */
function elementLines(source: string): number[] {
  let lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inResults = false;
  let expectElement = false;
  let lastString = "";
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\n") line++;
    if (ch === "\n" || ch === " " || ch === "\t" || ch === "\r") continue;
    if (expectElement && ch !== "]") lines.push(line);
    expectElement = false;
    if (ch === '"') {
      const start = i + 1;
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === "\\") i++;
      if (depth === 1) lastString = source.slice(start, i);
    } else if (ch === "{" || ch === "[") {
      depth++;
      if (ch === "[" && depth === 2 && lastString === "results") {
        inResults = true;
        expectElement = true;
        lines = [];
      }
    } else if (ch === "}" || ch === "]") {
      if (depth === 2) inResults = false;
      depth--;
    } else if (ch === "," && inResults && depth === 2) expectElement = true;
  }
  return lines;
}
