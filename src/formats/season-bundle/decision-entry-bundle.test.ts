// A decisions file naming the entry a decision concerns (the `entry` column): two cars with number
// 2 in one race, one disqualified. Read, scored as the hand-worked case of
// fixtures/decision-entry/car-swap.json says, written back and read again to the same season.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { computeStandings } from "../../core/compute-standings.js";
import { formatPoints } from "../../core/points.js";
import { seasonWithRaceResults } from "../../core/season-from-input.js";
import { readSeasonBundle } from "./read-season-bundle.js";
import type { SeasonBundle } from "./read-season-bundle.js";
import { withoutSources } from "./testing/without-sources.js";
import { writeSeasonBundle } from "./write-season-bundle.js";

const FIXTURE = join(import.meta.dirname, "..", "..", "..", "fixtures", "decision-entry");
const BUNDLE = join(FIXTURE, "bundle");
const CASE = "disqualify #2 entry scuderia-2-spare (Bob's car) only";
const expected = (
  JSON.parse(readFileSync(join(FIXTURE, "car-swap.json"), "utf8")) as {
    cases: { name: string; expected: Record<string, [string, string][]> }[];
  }
).cases.find((c) => c.name === CASE)?.expected;

const tmp = mkdtempSync(join(tmpdir(), "paddock-decision-entry-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function read(dir: string): SeasonBundle {
  const r = readSeasonBundle(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.error.slice(0, 5), null, 2));
  return r.value;
}

function totals(b: SeasonBundle): Record<string, [string, string][]> {
  return Object.fromEntries(
    computeStandings(b.season, b.rules).tables.map((t) => [
      t.championshipId,
      t.rows.map((r) => [r.competitor.name, formatPoints(r.total)] as [string, string]),
    ]),
  );
}

describe("decisions.csv's entry column", () => {
  it("disqualifies the named car only, as worked by hand", () => {
    const b = read(BUNDLE);
    expect(b.season.decisions.map((d) => [d.id, d.target.number, d.target.entryId])).toEqual([
      ["D1", "2", "scuderia-2-spare"],
    ]);
    expect(expected).toBeDefined();
    expect(totals(b)).toEqual(expected);
  });

  it("is written back (only where a decision names an entry) and reads to the same season", () => {
    const original = read(BUNDLE);
    const out = join(tmp, "written");
    expect(writeSeasonBundle(out, original.season, original.rulesDocument).ok).toBe(true);
    const rows = parse(readFileSync(join(out, "decisions.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.number, r.entry])).toEqual([["D1", "2", "scuderia-2-spare"]]);
    const again = read(out);
    expect(withoutSources(again.season)).toStrictEqual(withoutSources(original.season));
    expect(totals(again)).toEqual(expected);

    // The same season with the decision naming no entry: no entry column is written.
    const plain = join(tmp, "plain");
    const season = {
      ...original.season,
      decisions: original.season.decisions.map((d) => ({
        ...d,
        target: { ...d.target, number: "5", entryId: null },
      })),
    };
    expect(writeSeasonBundle(plain, season, original.rulesDocument).ok).toBe(true);
    const header = readFileSync(join(plain, "decisions.csv"), "utf8").split("\n")[0] ?? "";
    expect(header.split(",")).not.toContain("entry");
  });

  it("refuses the number alone where two cars carry it, naming the line and the column", () => {
    const original = read(BUNDLE);
    const out = join(tmp, "ambiguous");
    expect(writeSeasonBundle(out, original.season, original.rulesDocument).ok).toBe(true);
    writeFileSync(
      join(out, "decisions.csv"),
      "id,kind,race,number,reason\nD1,disqualify,r1,2,underweight\n",
    );
    const r = readSeasonBundle(out);
    expect(r.ok ? [] : r.error.map((p) => [p.code, p.file, p.line, p.field])).toEqual([
      ["AMBIGUOUS_CAR", "decisions.csv", 2, "entry"],
    ]);
  });
});

describe("a race's results replaced (an import of that race alone)", () => {
  it("are refused when a decision names an entry the new results no longer have", () => {
    const season = read(BUNDLE).season;
    const named = season.decisions.find((d) => d.target.entryId !== null);
    expect(named).toBeDefined();
    const raceId = named?.target.raceId as string;
    // The race's rows, less the named entry's.
    const rows = season.results
      .filter((r) => r.raceId === raceId && r.entryId !== named?.target.entryId)
      .map((r, i) => ({
        file: `results/${raceId}.csv`,
        line: i + 2,
        cells: {
          pos: String(r.position ?? ""),
          number: r.number ?? "",
          team: r.teamId ?? "",
          status: r.status,
          entry: r.entryId ?? "",
        },
      }));
    const replaced = seasonWithRaceResults(season, raceId, rows);
    expect(replaced.ok ? [] : replaced.error.map((p) => [p.code, p.field])).toEqual([
      ["UNKNOWN_CAR", "entry"],
    ]);
  });
});
