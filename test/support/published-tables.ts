// The published championship tables of fixtures/rules-history, for the tests that reproduce them
// (from the row form, through a season bundle, from a checkpoint): the cases as written, and how
// computed standings are compared with a published table. Expected values come from the files.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Standings, StandingRow } from "../../src/core/compute-standings.js";
import { add, cmp, formatPoints, parsePoints, ZERO } from "../../src/core/points.js";
import type { Points } from "../../src/core/points.js";
import type { SeasonSpec } from "../../src/core/testing/season-builder.js";

export const HISTORY = join(import.meta.dirname, "..", "..", "fixtures", "rules-history");

/** A published row: competitor, points as printed ("8 1/7", "25.5"), position as printed ("6=", "EX", ""). */
export type PublishedRow = [name: string, points: string, position: string];

export interface HistoryCase {
  title: string;
  sources: string[];
  rules: unknown;
  season: SeasonSpec;
  /** Per table ("championshipId" or "championshipId class"): the published rows, in order. */
  expected: Record<string, PublishedRow[]>;
  /** true: the table has exactly these rows; false (default): these are its first rows. */
  whole?: boolean;
  /** Per table: its last rows as published (excluded competitors are listed last). */
  last?: Record<string, PublishedRow[]>;
}

/** Every case file (folder/file.json) with its contents. */
export function historyCases(): [string, HistoryCase][] {
  const out: [string, HistoryCase][] = [];
  for (const dir of readdirSync(HISTORY, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(HISTORY, dir.name))
      .filter((f) => f.endsWith(".json"))
      .sort())
      out.push([
        `${dir.name}/${file}`,
        JSON.parse(readFileSync(join(HISTORY, dir.name, file), "utf8")) as HistoryCase,
      ]);
  }
  return out;
}

/** "8 1/7", "1/7", "25.5", "-3" as exact points. */
export function publishedPoints(text: string): Points {
  let total = ZERO;
  for (const part of text.trim().split(/\s+/)) {
    const p = parsePoints(part);
    if (!p) throw new Error(`"${text}" is not a published points value`);
    total = add(total, p);
  }
  return total;
}

/** A row's position as a table prints it: "3", "3=", "EX", "". */
export function positionText(r: StandingRow): string {
  if (r.positionMarker) return r.positionMarker;
  if (r.position === null) return "";
  return `${r.position}${r.tied ? "=" : ""}`;
}

/**
 * How the computed standings differ from the case's published tables: each table's rows (all of
 * them for a whole case, else its first rows; and its last rows where given) by name and
 * position, then points. Empty when they agree.
 */
export function publishedDifferences(standings: Standings, c: HistoryCase): string[] {
  const out: string[] = [];
  const checks = [
    ...Object.entries(c.expected).map(([key, rows]) => [key, rows, "first"] as const),
    ...Object.entries(c.last ?? {}).map(([key, rows]) => [key, rows, "last"] as const),
  ];
  for (const [key, rows, where] of checks) {
    const [id, klass] = key.split(" ");
    const table = standings.tables.find(
      (t) => t.championshipId === id && (t.classId ?? "") === (klass ?? ""),
    );
    if (!table) {
      out.push(`no table ${key}`);
      continue;
    }
    const slice =
      where === "last"
        ? table.rows.slice(-rows.length)
        : c.whole
          ? table.rows
          : table.rows.slice(0, rows.length);
    const got = slice.map((r) => `${r.competitor.name} ${positionText(r)}`);
    const want = rows.map(([name, , position]) => `${name} ${position}`);
    if (got.join("\n") !== want.join("\n"))
      out.push(
        `${key} (${where} rows): got\n  ${got.join("\n  ")}\nwanted\n  ${want.join("\n  ")}`,
      );
    else
      slice.forEach((r, i) => {
        const wanted = publishedPoints((rows[i] as PublishedRow)[1]);
        if (cmp(r.total, wanted) !== 0)
          out.push(
            `${key}: ${r.competitor.name} has ${formatPoints(r.total)}, published ${formatPoints(wanted)}`,
          );
      });
  }
  return out;
}
