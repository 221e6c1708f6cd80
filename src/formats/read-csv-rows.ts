// CSV rows with their line numbers, checked against the columns a file kind allows.
import { parse } from "csv-parse/sync";
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import type { RowInput } from "../core/season-input.js";

interface CsvErrorShape {
  code?: string;
  message: string;
  lines?: number;
}

export function readCsvRows(
  text: string,
  file: string,
  columns: { readonly required: readonly string[]; readonly optional: readonly string[] },
): Result<RowInput[], Problem[]> {
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      raw: true,
      skip_empty_lines: true,
      bom: true,
    }) as typeof records;
  } catch (e) {
    const ce = e as CsvErrorShape;
    // csv-parse reports where it gave up; for an unclosed quote the user needs where it opened.
    if (ce.code === "CSV_QUOTE_NOT_CLOSED") ce.lines = unclosedQuoteLine(text) ?? ce.lines;
    return err([
      problem(
        "MALFORMED_CSV",
        `${ce.message.replace(/ on line \d+$/, "").replace(/ at line \d+$/, "")} (${ce.code ?? "CSV error"})`,
        {
          file,
          ...(ce.lines !== undefined ? { line: ce.lines } : {}),
        },
      ),
    ]);
  }
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const names =
    header.trim() === ""
      ? []
      : ((parse(header) as string[][])[0]?.map((h) => h.trim().toLowerCase()) ?? []);
  const problems: Problem[] = [];
  const allowed = new Set<string>([...columns.required, ...columns.optional]);
  for (const name of columns.required)
    if (!names.includes(name))
      problems.push(
        problem(
          "MISSING_COLUMN",
          `column "${name}" is required (columns: ${[...columns.required].join(", ")})`,
          { file, line: 1, field: name },
        ),
      );
  const seen = new Set<string>();
  for (const name of names) {
    if (!allowed.has(name))
      problems.push(
        problem(
          "UNKNOWN_COLUMN",
          `column "${name}" is not one this file can hold (${[...allowed].join(", ")})`,
          { file, line: 1, field: name },
        ),
      );
    if (seen.has(name))
      problems.push(
        problem("MALFORMED_CSV", `column "${name}" appears twice in the header`, {
          file,
          line: 1,
          field: name,
        }),
      );
    seen.add(name);
  }
  if (problems.length > 0) return err(problems);
  return ok(
    records.map(({ record, info, raw }) => ({
      file,
      line: firstLine(info.lines, raw),
      cells: record,
    })),
  );
}

/** The line a record starts on: csv-parse gives the line it ends on, and the record's raw text. */
function firstLine(lastLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n)+/, "").replace(/\r?\n$/, "");
  let inner = 0;
  for (const ch of body) if (ch === "\n") inner++;
  return lastLine - inner;
}

/** The line where the last quoted field that never closes was opened. */
export function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let inQuote = false;
  let openedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      if (inQuote && text[i + 1] === '"') i++;
      else {
        inQuote = !inQuote;
        if (inQuote) openedAt = line;
      }
    } else if (ch === "\n") line++;
  }
  return inQuote ? openedAt : undefined;
}
