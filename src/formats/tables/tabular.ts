// A plain table (title, columns, rows of text) and its writers: a terminal table, CSV, Markdown
// and JSON records. Every listing of the CLI (and later the API's CSV) goes through here.
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import type { OutputFormat } from "../../core/vocabulary.js";

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

export function toTerminal(tables: readonly Tabular[]): string {
  return (
    tables
      .map((t) => {
        const table = new Table({
          head: [...t.columns],
          style: { head: [], border: [], compact: true },
        });
        for (const r of t.rows) table.push([...r]);
        return [t.title, table.toString(), ...(t.notes ?? [])].join("\n");
      })
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
