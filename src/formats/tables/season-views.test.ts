// The results table the CLI, the API and the exports share: each car's best lap and the car
// credited with the fastest lap, as sprint-cup-2024's r1 gives them (read here with csv-parse).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { computeStandings } from "../../core/compute-standings.js";
import { readSeasonBundle } from "../season-bundle/read-season-bundle.js";
import { resultsTabular } from "./season-views.js";

const DIR = join(import.meta.dirname, "..", "..", "..", "fixtures", "seasons", "sprint-cup-2024");

function bundle() {
  const read = readSeasonBundle(DIR);
  if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 3)));
  return read.value;
}

describe("resultsTabular", () => {
  const { season, rules } = bundle();
  const standings = computeStandings(season, rules);
  const raceOf = (id: string) => {
    const race = season.rounds.flatMap((r) => r.races).find((r) => r.id === id);
    if (!race) throw new Error(`no race ${id}`);
    return race;
  };
  /** The table's rows as records by column name. */
  const records = (id: string, classId?: string) => {
    const t = resultsTabular(season, rules, standings, raceOf(id), classId);
    return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i] ?? ""])));
  };

  it.each([
    { race: "r1", classId: undefined },
    { race: "r1", classId: "PRO" },
    { race: "r1", classId: "AM" },
  ])(
    "$race ($classId): each car's best lap and fastest-lap mark, as the file gives them",
    ({ race, classId }) => {
      const raw = parse(readFileSync(join(DIR, "results", `${race}.csv`), "utf8"), {
        columns: true,
      }) as Record<string, string>[];
      const byCar = new Map(raw.map((c) => [c.number, c]));
      const rows = records(race, classId);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const cells = byCar.get(row.number);
        expect(row["best lap"], `#${row.number}`).toBe(cells?.best_lap ?? "");
        expect(row["fastest lap"], `#${row.number}`).toBe(
          cells?.fastest_lap === "yes" ? "yes" : "",
        );
      }
    },
  );

  it("leaves the best-lap cells empty for a race whose file gives none", () => {
    const rows = records("r3");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r["best lap"] === "")).toBe(true);
  });
});
