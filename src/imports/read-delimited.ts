// Delimited text as records of fields, each with the physical line it starts on. Files with
// quotes go through csv-parse; its own line count drifts on CRLF files with quoted line breaks, so
// lines are counted here from the byte offset where each record ends. Files without a quote
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
  const bytes = Buffer.from(text, "utf8");
  const lineBreak = lineBreakOf(text) === "\n" ? 0x0a : 0x0d;
  // csv-parse ends records at the first kind of line break it meets.
  const separator = Buffer.from(/\r\n|\n|\r/.exec(text)?.[0] ?? "\n");
  const separatorLines = separator.includes(lineBreak) ? 1 : 0;
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(bytes, {
      delimiter,
      info: true,
      relax_column_count: true, // short and long rows are reported by the caller, all of them
      relax_quotes: true, // a quote inside a field (Team "Alpha") is a character, as Excel has it
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const ce = e as CsvErrorShape;
    const line =
      (ce.code === "CSV_QUOTE_NOT_CLOSED" ? unclosedQuoteLine(text, delimiter) : undefined) ??
      lineAt(bytes, Math.min(ce.bytes ?? 0, bytes.length), lineBreak);
    const what =
      ce.code === "CSV_QUOTE_NOT_CLOSED"
        ? `a quote opened on line ${line} is never closed`
        : ce.message.replace(/ (?:at|on) line \d+.*$/s, "");
    return err(problem("MALFORMED_CSV", `${what} (${ce.code ?? "CSV error"})`, { file, line }));
  }
  const records: DelimitedRecord[] = [];
  let at = 0;
  let line = 1;
  for (const { record, info } of parsed) {
    // Skipped empty lines (bare record separators) sit between the previous record's end and
    // this one's first character.
    while (at < info.bytes && startsWith(bytes, at, separator)) {
      line += separatorLines;
      at += separator.length;
    }
    records.push({ line, fields: record });
    for (; at < info.bytes; at++) if (bytes[at] === lineBreak) line++;
  }
  return ok(records);
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function lineAt(bytes: Uint8Array, end: number, lineBreak: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === lineBreak) line++;
  return line;
}

/** The line where a quoted field that never closes was opened (quotes open only a field). */
export function unclosedQuoteLine(text: string, delimiter: string): number | undefined {
  const lineBreak = lineBreakOf(text);
  let line = 1;
  let fieldStart = true;
  let quoted = false;
  let openedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === lineBreak) line++;
    if (quoted) {
      if (ch !== '"') continue;
      if (text[i + 1] === '"') i++;
      else quoted = false;
    } else if (ch === '"' && fieldStart) {
      quoted = true;
      openedAt = line;
      fieldStart = false;
    } else fieldStart = ch === delimiter || ch === "\n" || ch === "\r";
  }
  return quoted ? openedAt : undefined;
}
