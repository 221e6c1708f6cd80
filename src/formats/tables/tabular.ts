// A plain table (title, columns, rows of text) and its writers: a terminal table, CSV, Markdown
// and JSON records. Every listing of the CLI (and later the API's CSV) goes through here.
import { createRequire } from "node:module";
import type { stringify as stringifyCsv } from "csv-stringify/sync";
import type { OutputFormat } from "../../core/vocabulary.js";

// The CSV writer is loaded when CSV is asked for, not by every command that imports this module.
const load = createRequire(import.meta.url);
const stringify: typeof stringifyCsv = (input, options) =>
  (load("csv-stringify/sync") as { stringify: typeof stringifyCsv }).stringify(input, options);

export interface Tabular {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines printed under a terminal or Markdown table (legend, notes). */
  readonly notes?: readonly string[];
}

/**
 * A cell a spreadsheet would run as a formula (a team named "=HYPERLINK(…)") gets a leading
 * apostrophe, the spreadsheets' own mark for "this is text" (OWASP's advice for CSV injection).
 * Numbers, negative ones included ("-10"), are left alone.
 */
export function inertCsvCell(cell: string): string {
  return /^[=+@\t\r]/.test(cell) || /^-(?![\d.]+$)/.test(cell) ? `'${cell}` : cell;
}

export function toCsv(tables: readonly Tabular[]): string {
  // Several tables in one CSV share a header only if their columns agree; else one block each.
  const out: string[] = [];
  let header: string | undefined;
  for (const t of tables) {
    const h = t.columns.join("\u0000");
    if (h !== header) {
      if (out.length > 0) out.push("");
      out.push(stringify([t.columns as string[]]).trimEnd());
      header = h;
    }
    if (t.rows.length > 0)
      out.push(stringify(t.rows.map((row) => row.map(inertCsvCell))).trimEnd());
  }
  return out.join("\n") + "\n";
}

const HTML_ENTITY: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * A cell as Markdown text: `\` and `|` escaped so it stays one cell; `&`, `<` and `>` as HTML
 * entities, so a Markdown renderer shows a name like `<script>` as text instead of passing the
 * tag through; `[` and `]` escaped, so a name cannot become a link. Line breaks become spaces.
 */
export function escapeMarkdown(cell: string): string {
  return cell
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[[\]]/g, (ch) => `\\${ch}`)
    .replace(/[&<>]/g, (ch) => HTML_ENTITY[ch] ?? ch)
    .replace(/\r?\n|\r/g, " ");
}

export function toMarkdown(tables: readonly Tabular[]): string {
  return (
    tables
      .map((t) => {
        const lines = [`### ${escapeMarkdown(t.title)}`, ""];
        lines.push(`| ${t.columns.map(escapeMarkdown).join(" | ")} |`);
        lines.push(`| ${t.columns.map(() => "---").join(" | ")} |`);
        for (const r of t.rows) lines.push(`| ${r.map(escapeMarkdown).join(" | ")} |`);
        if (t.notes && t.notes.length > 0)
          lines.push("", ...t.notes.map((n) => `${escapeMarkdown(n)}  `));
        return lines.join("\n");
      })
      .join("\n\n") + "\n"
  );
}

/**
 * The columns a cell takes in a terminal: one per character, combining marks and zero-width
 * characters not counted ("Lühr" written with a combining umlaut is 4). East Asian wide
 * characters and emoji are counted as one column, a known limit. (Intl.Segmenter would count
 * graphemes, but starting it costs 10-35 ms, a tenth of the CLI's start-up budget.)
 */
export function displayWidth(text: string): number {
  if (!/[^\x20-\x7e]/.test(text)) return text.length;
  return [...text.replace(/[\p{M}\u200b-\u200f\u2060\ufeff]/gu, "")].length;
}

/**
 * A cell as the terminal shows it: control characters (line breaks, escape sequences that could
 * move the cursor or recolour the terminal) become spaces.
 */
// eslint-disable-next-line no-control-regex
const terminalText = (cell: string) => cell.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");

/**
 * A boxed terminal table, header row ruled off, one line per row: the layout cli-table3 drew
 * (compact style), drawn here because cli-table3 built a regular expression for every cell it
 * measured, about 40 ms of `paddock standings alms-2003`.
 */
function boxTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = columns.map(terminalText);
  const body = rows.map((r) => columns.map((_, i) => terminalText(r[i] ?? "")));
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i] ?? ""))),
  );
  const rule = (left: string, mid: string, right: string) =>
    left + widths.map((w) => "─".repeat(w + 2)).join(mid) + right;
  const line = (cells: readonly string[]) =>
    "│" +
    cells.map((c, i) => ` ${c}${" ".repeat((widths[i] ?? 0) - displayWidth(c))} `).join("│") +
    "│";
  return [
    rule("┌", "┬", "┐"),
    line(head),
    rule("├", "┼", "┤"),
    ...body.map(line),
    rule("└", "┴", "┘"),
  ].join("\n");
}

export function toTerminal(tables: readonly Tabular[]): string {
  return (
    tables
      .map((t) => [t.title, boxTable(t.columns, t.rows), ...(t.notes ?? [])].join("\n"))
      .join("\n\n") + "\n"
  );
}

/** JSON records: one object per row keyed by column, grouped by table title. */
export function toJsonRecords(tables: readonly Tabular[]): unknown {
  return tables.map((t) => ({
    title: t.title,
    rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i] ?? ""]))),
  }));
}

export function render(tables: readonly Tabular[], format: OutputFormat, json?: unknown): string {
  switch (format) {
    case "table":
      return toTerminal(tables);
    case "csv":
      return toCsv(tables);
    case "markdown":
      return toMarkdown(tables);
    case "json":
      return JSON.stringify(json ?? toJsonRecords(tables), null, 2) + "\n";
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}
