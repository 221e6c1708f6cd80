// Delimited text as records of fields, each with the physical line it starts on. Files with
// quotes go through csv-parse; its own line count drifts on CRLF files with quoted line breaks, so
// lines are counted here from the line breaks inside each record's cells. Files without a quote
// (timing exports never quote) are split directly: the same records, several times faster.
import { Buffer } from "node:buffer";
import { parse } from "csv-parse/sync";
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";

export const DELIMITERS = [";", ",", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface DelimitedRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** The delimiter the first non-empty line uses most, outside quotes; ties go to ";" then ",". */
export function guessDelimiter(text: string): Delimiter {
  const first = /[^\r\n]*\S[^\r\n]*/.exec(text)?.[0] ?? "";
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ",";
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

interface CsvErrorShape {
  code?: string;
  message: string;
  bytes?: number;
}

/** Every record of the text, blank lines skipped; an unclosed quote is a problem at its line. */
export function readDelimited(
  text: string,
  file: string,
  delimiter: Delimiter,
): Result<Iterable<DelimitedRecord>, Problem> {
  return text.includes('"') ? readQuoted(text, file, delimiter) : ok(splitPlain(text, delimiter));
}

/** Physical lines end in LF; only files from old Macs end them in CR alone. */
const lineBreakOf = (text: string) => (text.includes("\n") ? "\n" : "\r");

/**
 * What csv-parse makes of text without quotes: records end at the first kind of line break met
 * (CRLF, LF or CR, as its auto-discovery does), fields at the delimiter, empty lines are skipped.
 * Lazy, so a large file's fields are garbage as soon as their row is read.
 */
export function* splitPlain(text: string, delimiter: Delimiter): Generator<DelimitedRecord> {
  const lineBreak = lineBreakOf(text);
  const separator = /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
  // A record's line is one more than the line breaks before it; the next one is kept at hand.
  let line = 1;
  let nextBreak = text.indexOf(lineBreak);
  for (let start = 0; start < text.length;) {
    const found = text.indexOf(separator, start);
    const end = found < 0 ? text.length : found;
    while (nextBreak >= 0 && nextBreak < start) {
      line++;
      nextBreak = text.indexOf(lineBreak, nextBreak + 1);
    }
    if (end > start) yield { line, fields: text.slice(start, end).split(delimiter) };
    start = end + separator.length;
  }
}

/** Any delimited text, through csv-parse (quotes, escaped quotes, line breaks inside cells). */
export function readQuoted(
  text: string,
  file: string,
  delimiter: Delimiter,
): Result<DelimitedRecord[], Problem> {
  const lineBreak = lineBreakOf(text);
  // csv-parse ends records at the first kind of line break it meets outside quotes.
  const quotes = scanQuotes(text, delimiter);
  const separatorLines = (quotes.separator ?? "\n").includes(lineBreak) ? 1 : 0;
  let parsed: string[][];
  try {
    parsed = parse(text, {
      delimiter,
      relax_column_count: true, // short and long rows are reported by the caller, all of them
      relax_quotes: true, // a quote inside a field (Team "Alpha") is a character, as Excel has it
      skip_empty_lines: false, // every line is a record, so lines can be counted (see below)
    }) as string[][];
  } catch (e) {
    const ce = e as CsvErrorShape;
    const bytes = Buffer.from(text, "utf8");
    const line =
      (ce.code === "CSV_QUOTE_NOT_CLOSED" ? quotes.unclosedAt : undefined) ??
      lineAt(bytes, Math.min(ce.bytes ?? 0, bytes.length), lineBreak === "\n" ? 0x0a : 0x0d);
    const what =
      ce.code === "CSV_QUOTE_NOT_CLOSED"
        ? `a quote opened on line ${line} is never closed`
        : ce.message.replace(/ (?:at|on) line \d+.*$/s, "");
    return err(problem("MALFORMED_CSV", `${what} (${ce.code ?? "CSV error"})`, { file, line }));
  }
  // Cells keep the line breaks quoted in them, and every line is a record (an empty line is
  // [""]), so a record starts one line after the breaks in the records before it. This is exact
  // and far cheaper than csv-parse's per-record info.
  const records: DelimitedRecord[] = [];
  let line = 1;
  for (const fields of parsed) {
    if (fields.length > 1 || fields[0] !== "") records.push({ line, fields });
    for (const f of fields)
      for (let i = f.indexOf(lineBreak); i >= 0; i = f.indexOf(lineBreak, i + 1)) line++;
    line += separatorLines;
  }
  return ok(records);
}

function lineAt(bytes: Uint8Array, end: number, lineBreak: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === lineBreak) line++;
  return line;
}

/**
 * What csv-parse (with relax_quotes) sees of the quotes: the record separator, the first line
 * break outside a quoted cell, and the line of a quote that is never closed. A quote opens a
 * quoted cell only at the start of a cell; elsewhere it is a character.
 */
export function scanQuotes(
  text: string,
  delimiter: string,
): { separator?: string; unclosedAt?: number } {
  const lineBreak = lineBreakOf(text);
  let separator: string | undefined;
  let line = 1;
  let cellStart = true;
  let quoted = false;
  let openedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === lineBreak) line++;
    if (quoted) {
      if (ch !== '"') continue;
      if (text[i + 1] === '"') i++;
      else quoted = false;
      continue;
    }
    if (ch === '"' && cellStart) {
      quoted = true;
      openedAt = line;
      cellStart = false;
      continue;
    }
    if (separator === undefined && (ch === "\r" || ch === "\n"))
      separator = ch === "\r" && text[i + 1] === "\n" ? "\r\n" : ch;
    if (separator !== undefined && text.startsWith(separator, i)) {
      if (separator === "\r\n" && lineBreak === "\n") line++;
      i += separator.length - 1;
      cellStart = true;
    } else cellStart = ch === delimiter;
  }
  return {
    ...(separator !== undefined ? { separator } : {}),
    ...(quoted ? { unclosedAt: openedAt } : {}),
  };
}
