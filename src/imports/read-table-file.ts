// A table a person uploads or pastes (an entry list): CSV in any of the encodings results files
// come in, or the first sheet of an Excel workbook (.xlsx, read with exceljs). The first row is
// the header; each row keeps the line (or sheet row) it stands on, for problems to name.
import ExcelJS from "exceljs";
import type { TableRow } from "../core/entry-list.js";
import { problem } from "../core/problems.js";
import type { Problem } from "../core/problems.js";
import { err, ok } from "../core/result.js";
import type { Result } from "../core/result.js";
import { decodeText } from "./decode-text.js";
import { guessDelimiter, readDelimited } from "./read-delimited.js";

export interface ReadTable {
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
  readonly format: "csv" | "xlsx";
}

/** Entry lists are small: a few hundred cars at most. */
export const MAX_TABLE_BYTES = 5 * 1024 * 1024;

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

function rowsOf(
  header: readonly string[],
  records: Iterable<{ line: number; fields: readonly string[] }>,
) {
  const rows: TableRow[] = [];
  for (const r of records) {
    if (r.fields.every((f) => f.trim() === "")) continue;
    rows.push({
      line: r.line,
      cells: Object.fromEntries(header.map((h, i) => [h, (r.fields[i] ?? "").trim()])),
    });
  }
  return rows;
}

async function readXlsx(bytes: Uint8Array, file: string): Promise<Result<ReadTable, Problem[]>> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    return err([
      problem(
        "MALFORMED_CSV",
        `${file} is not a readable Excel workbook (${(e as Error).message}): save it again as .xlsx or CSV`,
        { file },
      ),
    ]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) return err([problem("EMPTY_FILE", `${file} has no sheet`, { file })]);
  const records: { line: number; fields: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const fields: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) fields.push(row.getCell(i).text ?? "");
    records.push({ line, fields });
  });
  const [head, ...body] = records;
  if (!head)
    return err([problem("EMPTY_FILE", `${file}'s first sheet is empty`, { file, line: 1 })]);
  const header = head.fields.map((h) => h.trim());
  while (header.length > 0 && header[header.length - 1] === "") header.pop();
  return ok({ header, rows: rowsOf(header, body), format: "xlsx" });
}

/** The file's header and rows, or the problem that keeps it from being read. */
export async function readTableFile(
  bytes: Uint8Array,
  file: string,
): Promise<Result<ReadTable, Problem[]>> {
  if (bytes.length > MAX_TABLE_BYTES)
    return err([
      problem("FILE_TOO_LARGE", `${file} is larger than an entry list can be (5 MiB)`, { file }),
    ]);
  if (isZip(bytes)) return readXlsx(bytes, file);
  const decoded = decodeText(bytes, file);
  if (!decoded.ok) return err([decoded.error]);
  const text = decoded.value.text;
  const read = readDelimited(text, file, guessDelimiter(text));
  if (!read.ok) return err([read.error]);
  const [head, ...body] = [...read.value];
  if (!head) return err([problem("EMPTY_FILE", `${file} is empty`, { file, line: 1 })]);
  return ok({
    header: head.fields.map((h) => h.trim()),
    rows: rowsOf(
      head.fields.map((h) => h.trim()),
      body,
    ),
    format: "csv",
  });
}
