// Per-result facts stored in a season bundle (issue 10, points 1 and 4): the published tables of
// fixtures/rules-history/<case>/bundle/ reproduced from the bundle's results files, and the new
// results columns written back so that reading them again gives the same season.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { positionText, publishedPoints } from "../../../test/support/published-tables.js";
import type { PublishedRow } from "../../../test/support/published-tables.js";
import { computeStandings } from "../../core/compute-standings.js";
import { cmp, formatPoints } from "../../core/points.js";
import type { Season } from "../../core/season.js";
import { readSeasonBundle } from "./read-season-bundle.js";
import type { SeasonBundle } from "./read-season-bundle.js";
import { explainTabular } from "../tables/season-views.js";
import { withoutSources } from "./testing/without-sources.js";
import { writeSeasonBundle } from "./write-season-bundle.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const HISTORY = join(ROOT, "fixtures", "rules-history");
const tmp = mkdtempSync(join(tmpdir(), "paddock-facts-bundle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

function read(dir: string): SeasonBundle {
  const r = readSeasonBundle(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.error.slice(0, 5), null, 2));
  return r.value;
}

/** The cases with a bundle: the folder, and the published table of its case file. */
function bundleCases(): [string, Record<string, PublishedRow[]>][] {
  return readdirSync(HISTORY, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(HISTORY, d.name, "bundle", "season.json")))
    .map((d) => {
      const file = readdirSync(join(HISTORY, d.name)).find((f) => f.endsWith(".json"));
      const c = JSON.parse(readFileSync(join(HISTORY, d.name, file ?? ""), "utf8")) as {
        expected: Record<string, PublishedRow[]>;
      };
      return [d.name, c.expected];
    });
}

describe("published tables reproduced from per-result facts in a bundle", () => {
  it("finds the bundles", () => {
    expect(bundleCases().map(([name]) => name)).toEqual(
      expect.arrayContaining(["f1-1957-british-gp", "f1-1958-german-gp"]),
    );
  });

  it.each(bundleCases())("%s/bundle", (name, expected) => {
    const bundle = read(join(HISTORY, name, "bundle"));
    const standings = computeStandings(bundle.season, bundle.rules);
    for (const [key, rows] of Object.entries(expected)) {
      const table = standings.tables.find((t) => t.championshipId === key);
      if (!table) throw new Error(`no table ${key}`);
      const got = table.rows.slice(0, rows.length);
      expect(got.map((r) => [r.competitor.name, positionText(r)])).toEqual(
        rows.map(([who, , pos]) => [who, pos]),
      );
      got.forEach((r, i) => {
        const want = publishedPoints((rows[i] as PublishedRow)[1]);
        expect(cmp(r.total, want), `${r.competitor.name}: ${formatPoints(r.total)}`).toBe(0);
      });
    }
  });
});

describe("explain tells a result's own facts", () => {
  it.each([
    [
      "f1-1958-german-gp",
      8,
      "Bruce McLaren",
      [
        [
          "withheld",
          "INELIGIBLE_RESULT",
          "2",
          "result declared ineligible for points: keeps its position, its points go to nobody",
        ],
      ],
    ],
    [
      "f1-1957-british-gp",
      5,
      "Peter Collins",
      [
        [
          "withheld",
          "SCALE",
          "0",
          "P4 on the f1-1950 scale, 0 of the car's points as the result states",
        ],
        ["withheld", "NO_POSITION", "0", "no classified position is known"],
      ],
    ],
  ])("%s, round %i: %s", (name, round, who, want) => {
    const bundle = read(join(HISTORY, name, "bundle"));
    const table = explainTabular(
      bundle.season,
      computeStandings(bundle.season, bundle.rules),
      round,
      who,
    );
    expect(table.rows.map((r) => [r[5], r[6], r[7], r[8]])).toEqual(want);
  });
});

function rewrite(season: Season, rulesDocument: unknown) {
  const out = join(tmp, `bundle-${++n}`);
  const written = writeSeasonBundle(out, season, rulesDocument);
  if (!written.ok) throw new Error(JSON.stringify(written.error));
  return { out, again: read(out) };
}
const header = (dir: string, file: string) =>
  readFileSync(join(dir, file), "utf8").split("\n")[0]?.split(",");

describe("per-result facts written back", () => {
  it.each(bundleCases().map(([name]) => name))(
    "%s: read, write, read again gives the same season",
    (name) => {
      const original = read(join(HISTORY, name, "bundle"));
      const { again } = rewrite(original.season, original.rulesDocument);
      expect(withoutSources(again.season)).toStrictEqual(withoutSources(original.season));
    },
  );

  it("writes the new columns only into a results file that uses them", () => {
    const original = read(join(HISTORY, "f1-1957-british-gp", "bundle"));
    const { out } = rewrite(original.season, original.rulesDocument);
    expect(header(out, "results/r5.csv")).toEqual(
      expect.arrayContaining(["fastest_lap_driver", "driver_shares"]),
    );
    expect(header(out, "results/r5.csv")).not.toContain("ineligible");
    expect(header(out, "results/r5.csv")).not.toContain("entry");
    const alms = read(join(ROOT, "data", "alms-2003"));
    const written = rewrite(alms.season, alms.rulesDocument).out;
    for (const file of readdirSync(join(written, "results")))
      expect(header(written, `results/${file}`)).toEqual([
        ...["pos", "number", "class_pos", "class", "team", "drivers", "chassis", "engine"],
        ...["tyre", "laps", "time", "gap", "status", "pole", "fastest_lap", "best_lap"],
        ...["best_lap_number", "laps_led", "note", "source"],
      ]);
  });

  it("names the entry only where the number and team do not find it (a car swap)", () => {
    const original = read(join(HISTORY, "f1-1958-german-gp", "bundle"));
    const s = original.season;
    // A second Vanwall #8 joins the race: the two #8 rows need their entry ids.
    const spare = { ...s.entries.find((e) => e.id === "vanwall-8")!, id: "vanwall-8-spare" };
    const first = s.results[0]!;
    const swapped: Season = {
      ...s,
      entries: [...s.entries, spare],
      results: [
        first,
        { ...first, position: null, status: "dnf" as const, entryId: spare.id },
        ...s.results.slice(1),
      ].map((r, index) => ({ ...r, index })),
    };
    const { out, again } = rewrite(swapped, original.rulesDocument);
    const lines = readFileSync(join(out, "results/r8.csv"), "utf8").split("\n");
    const entryColumn = lines[0]!.split(",").indexOf("entry");
    expect(lines.slice(1, 4).map((l) => l.split(",")[entryColumn])).toEqual([
      "vanwall-8",
      "vanwall-8-spare",
      "",
    ]);
    expect(again.season.results.slice(0, 2).map((r) => r.entryId)).toEqual([
      "vanwall-8",
      "vanwall-8-spare",
    ]);
  });

  it("refuses to write a fastest-lap driver who is not of the car", () => {
    const original = read(join(HISTORY, "f1-1957-british-gp", "bundle"));
    const s = original.season;
    const bad: Season = {
      ...s,
      results: s.results.map((r, i) => (i === 1 ? { ...r, fastestLapDriverId: "tony-brooks" } : r)),
    };
    const written = writeSeasonBundle(join(tmp, "refused"), bad, original.rulesDocument);
    expect(written.ok ? [] : written.error.map((p) => [p.code, p.file, p.field])).toEqual([
      ["INVALID_FIELD", "results/r5.csv", "fastest_lap_driver"],
      ["INVALID_FIELD", "results/r5.csv", "fastest_lap"],
    ]);
  });
});
