// Published championship tables reproduced from rules written as data: each case under
// fixtures/rules-history/<name>/ holds a rules document, the result rows that matter and the
// standings as published (the source is cited in the case and in the folder's README). The
// expected values come from those files only.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeStandings } from "./compute-standings.js";
import type { StandingRow } from "./compute-standings.js";
import { add, cmp, formatPoints, parsePoints, ZERO } from "./points.js";
import type { Points } from "./points.js";
import { rulesFromInput } from "./points-rules.js";
import { makeSeason } from "./testing/season-builder.js";
import type { SeasonSpec } from "./testing/season-builder.js";

/** A published row: competitor, points as printed ("8 1/7", "25.5"), position as printed ("6=", "EX", ""). */
type PublishedRow = [name: string, points: string, position: string];

interface HistoryCase {
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

const root = join(import.meta.dirname, "..", "..", "fixtures", "rules-history");

function cases(): [string, HistoryCase][] {
  const out: [string, HistoryCase][] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(root, dir.name))
      .filter((f) => f.endsWith(".json"))
      .sort())
      out.push([
        `${dir.name}/${file}`,
        JSON.parse(readFileSync(join(root, dir.name, file), "utf8")) as HistoryCase,
      ]);
  }
  return out;
}

/** "8 1/7", "1/7", "25.5", "-3" as exact points. */
function published(text: string): Points {
  let total = ZERO;
  for (const part of text.trim().split(/\s+/)) {
    const p = parsePoints(part);
    if (!p) throw new Error(`"${text}" is not a published points value`);
    total = add(total, p);
  }
  return total;
}

function positionText(r: StandingRow): string {
  if (r.positionMarker) return r.positionMarker;
  if (r.position === null) return "";
  return `${r.position}${r.tied ? "=" : ""}`;
}

describe("published tables reproduced from rules as data (fixtures/rules-history)", () => {
  it.each(cases())("%s", (_file, c) => {
    expect(c.sources.length, "a case cites its source").toBeGreaterThan(0);
    const rules = rulesFromInput(c.rules);
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    const standings = computeStandings(makeSeason(c.season), rules.value);
    const checks = [
      ...Object.entries(c.expected).map(([key, rows]) => [key, rows, "first"] as const),
      ...Object.entries(c.last ?? {}).map(([key, rows]) => [key, rows, "last"] as const),
    ];
    for (const [key, rows, where] of checks) {
      const [id, klass] = key.split(" ");
      const table = standings.tables.find(
        (t) => t.championshipId === id && (t.classId ?? "") === (klass ?? ""),
      );
      if (!table) throw new Error(`no table ${key}`);
      const slice =
        where === "last"
          ? table.rows.slice(-rows.length)
          : c.whole
            ? table.rows
            : table.rows.slice(0, rows.length);
      const got = slice.map((r) => [r.competitor.name, r.total, positionText(r)] as const);
      expect(
        got.map(([n, , p]) => [n, p]),
        key,
      ).toEqual(rows.map(([n, , p]) => [n, p]));
      got.forEach(([name, total], i) => {
        const want = published((rows[i] as PublishedRow)[1]);
        expect(cmp(total, want), `${key}: ${name} has ${formatPoints(total)}`).toBe(0);
      });
    }
  });
});
