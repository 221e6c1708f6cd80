import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { computeStandings } from "../../core/compute-standings.js";
import { parseLapTime } from "../../core/race-time.js";
import { parseRoundList } from "../../core/season-from-input.js";
import { CSV_COLUMNS } from "../../core/season-input.js";
import type { CsvKind } from "../../core/season-input.js";
import type { Season } from "../../core/season.js";
import { readSeasonBundle } from "./read-season-bundle.js";
import type { SeasonBundle } from "./read-season-bundle.js";
import { withoutSources, withoutTrailLines } from "./testing/without-sources.js";
import { formatRoundList, writeSeasonBundle } from "./write-season-bundle.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const BUNDLES = {
  "alms-2003": join(ROOT, "data", "alms-2003"),
  "sprint-cup-2024": join(ROOT, "fixtures", "seasons", "sprint-cup-2024"),
  "valid-minimal": join(ROOT, "fixtures", "bundles", "valid-minimal"),
};
const tmp = mkdtempSync(join(tmpdir(), "paddock-write-bundle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(tmp, `bundle-${++n}`);

function read(dir: string): SeasonBundle {
  const r = readSeasonBundle(dir);
  if (!r.ok) throw new Error(JSON.stringify(r.error.slice(0, 5), null, 2));
  return r.value;
}

describe("writeSeasonBundle", () => {
  it.each(Object.entries(BUNDLES))(
    "%s: read, write, read again gives the same season and standings",
    (_name, dir) => {
      const original = read(dir);
      const out = freshDir();
      const written = writeSeasonBundle(out, original.season, original.rulesDocument);
      expect(written.ok).toBe(true);
      const again = read(out);
      // Compared without source references: they now point into the written files.
      expect(withoutSources(again.season)).toStrictEqual(withoutSources(original.season));
      expect(again.rulesDocument).toStrictEqual(original.rulesDocument);
      expect(again.rules).toStrictEqual(original.rules);
      expect(withoutTrailLines(computeStandings(again.season, again.rules))).toStrictEqual(
        withoutTrailLines(computeStandings(original.season, original.rules)),
      );
      // The source references of the rewrite are right about the rewritten files.
      const row = again.season.results[0];
      const line = readFileSync(join(out, row?.source.file ?? ""), "utf8").split("\n")[
        (row?.source.line ?? 0) - 1
      ];
      expect(line?.startsWith(`${row?.position ?? ""},`)).toBe(true);
    },
  );

  it("keeps a round's short name (season.json short_name), and refuses one not in capitals", () => {
    const original = read(BUNDLES["alms-2003"]);
    const season: Season = {
      ...original.season,
      rounds: original.season.rounds.map((r) => (r.number === 9 ? { ...r, shortName: "PET" } : r)),
    };
    const out = freshDir();
    expect(writeSeasonBundle(out, season, original.rulesDocument).ok).toBe(true);
    const file = JSON.parse(readFileSync(join(out, "season.json"), "utf8")) as {
      rounds: { number: number | null; short_name?: string }[];
    };
    expect(file.rounds.map((r) => [r.number, r.short_name ?? null])).toEqual(
      original.season.rounds.map((r) => [r.number, r.number === 9 ? "PET" : null]),
    );
    expect(read(out).season.rounds.map((r) => r.shortName ?? null)).toEqual(
      original.season.rounds.map((r) => (r.number === 9 ? "PET" : null)),
    );

    const bad = file.rounds.map((r) => (r.number === 9 ? { ...r, short_name: "pet" } : r));
    writeFileSync(join(out, "season.json"), JSON.stringify({ ...file, rounds: bad }, null, 2));
    const refused = readSeasonBundle(out);
    expect(refused.ok ? [] : refused.error.map((p) => [p.code, p.file, p.field])).toEqual([
      ["INVALID_FIELD", "season.json", `rounds.${bad.findIndex((r) => r.number === 9)}.short_name`],
    ]);
  });

  it("writes a canonical form: writing what it wrote gives the same files", () => {
    const first = freshDir();
    const original = read(BUNDLES["alms-2003"]);
    writeSeasonBundle(first, original.season, original.rulesDocument);
    const second = freshDir();
    const again = read(first);
    writeSeasonBundle(second, again.season, again.rulesDocument);
    const files = (dir: string) =>
      [...readdirSync(dir), ...readdirSync(join(dir, "results")).map((f) => `results/${f}`)]
        .filter((f) => f !== "results")
        .sort();
    expect(files(second)).toEqual(files(first));
    for (const f of files(first))
      expect(readFileSync(join(second, f), "utf8")).toBe(readFileSync(join(first, f), "utf8"));
  });

  it("writes only the columns the reader knows", () => {
    const out = freshDir();
    const original = read(BUNDLES["sprint-cup-2024"]);
    const written = writeSeasonBundle(out, original.season, original.rulesDocument);
    if (!written.ok) throw new Error("not written");
    const kindOf = (file: string): CsvKind | undefined =>
      file.startsWith("results/")
        ? "results"
        : ({ "entries.csv": "entries", "drivers.csv": "drivers", "decisions.csv": "decisions" }[
            file
          ] as CsvKind | undefined);
    for (const file of written.value.files) {
      const kind = kindOf(file);
      if (!kind) continue;
      const [header] = parse(readFileSync(join(out, file), "utf8"), { to: 1 }) as string[][];
      const known = [...CSV_COLUMNS[kind].required, ...CSV_COLUMNS[kind].optional] as string[];
      expect(header?.filter((c) => !known.includes(c))).toEqual([]);
      for (const c of CSV_COLUMNS[kind].required) expect(header).toContain(c);
    }
  });

  it("keeps the drivers' order when it differs from the order of their line-ups", () => {
    const original = read(BUNDLES["valid-minimal"]);
    const season: Season = { ...original.season, drivers: [...original.season.drivers].reverse() };
    const out = freshDir();
    expect(writeSeasonBundle(out, season, original.rulesDocument).ok).toBe(true);
    expect(withoutSources(read(out).season)).toStrictEqual(withoutSources(season));
  });

  it.each([
    {
      name: "a driver listed in a result whose name holds ';'",
      change: (s: Season): Season => ({
        ...s,
        drivers: s.drivers.map((d, i) => (i === 0 ? { ...d, name: "Anna; Schmidt" } : d)),
      }),
      code: "INVALID_FIELD",
    },
    {
      name: "a result for a race that is not on the calendar",
      change: (s: Season): Season => ({
        ...s,
        results: s.results.map((r, i) => (i === 0 ? { ...r, raceId: "r9" } : r)),
      }),
      code: "UNKNOWN_RACE",
    },
    {
      name: "an id season.json does not accept",
      change: (s: Season): Season => ({ ...s, id: "mini 2024" }),
      code: "INVALID_FIELD",
    },
    ...["1'47.123", "1:47.1", "fast", "0:00.000"].map((bestLap) => ({
      name: `a best lap "${bestLap}" the reader would not read back as itself`,
      change: (s: Season): Season => ({
        ...s,
        results: s.results.map((r, i) => (i === 0 ? { ...r, bestLap } : r)),
      }),
      code: "INVALID_FIELD",
    })),
    {
      name: "a best lap's lap number without a best lap",
      change: (s: Season): Season => ({
        ...s,
        results: s.results.map((r, i) => (i === 0 ? { ...r, bestLapNumber: 3 } : r)),
      }),
      code: "INVALID_FIELD",
    },
  ])("refuses $name, and writes nothing", ({ change, code }) => {
    const original = read(BUNDLES["valid-minimal"]);
    const out = freshDir();
    const written = writeSeasonBundle(out, change(original.season), original.rulesDocument);
    expect(written.ok ? [] : written.error.map((p) => p.code)).toContain(code);
    expect(existsSync(out)).toBe(false);
  });
});

describe("best laps in a bundle", () => {
  // sprint-cup-2024's r1 gives best laps; the rows as the file has them, read with csv-parse.
  const file = join(BUNDLES["sprint-cup-2024"], "results", "r1.csv");
  const raw = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];

  it("reads best_lap and best_lap_number, absent where empty", () => {
    const season = read(BUNDLES["sprint-cup-2024"]).season;
    const r1 = season.results.filter((r) => r.raceId === "r1");
    expect(r1.map((r) => [r.number, r.bestLap, r.bestLapNumber])).toEqual(
      raw.map((c) => [
        c.number,
        c.best_lap || undefined,
        c.best_lap_number ? Number(c.best_lap_number) : undefined,
      ]),
    );
    expect(raw.some((c) => c.best_lap === "")).toBe(true);
    // The cars credited with the fastest lap hold the best lap of their class.
    for (const r of r1.filter((x) => x.fastestLap)) {
      const rivals = r1.filter((x) => x.classId === r.classId && x.bestLap !== undefined);
      const ms = (x: { bestLap?: string }) => parseLapTime(x.bestLap ?? "") ?? Infinity;
      expect(rivals.every((x) => ms(x) >= ms(r))).toBe(true);
    }
  });

  it("writes them back as the file has them, and a race without them with empty cells", () => {
    const original = read(BUNDLES["sprint-cup-2024"]);
    const out = freshDir();
    expect(writeSeasonBundle(out, original.season, original.rulesDocument).ok).toBe(true);
    const written = (race: string) =>
      parse(readFileSync(join(out, "results", `${race}.csv`), "utf8"), {
        columns: true,
      }) as Record<string, string>[];
    expect(written("r1").map((c) => [c.number, c.best_lap, c.best_lap_number])).toEqual(
      raw.map((c) => [c.number, c.best_lap, c.best_lap_number]),
    );
    expect(written("r3").every((c) => c.best_lap === "" && c.best_lap_number === "")).toBe(true);
  });

  it("writes a best lap given in another form in the canonical one", () => {
    const dir = freshDir();
    const original = read(BUNDLES["valid-minimal"]);
    expect(writeSeasonBundle(dir, original.season, original.rulesDocument).ok).toBe(true);
    const path = join(dir, "results", "r1.csv");
    const rows = parse(readFileSync(path, "utf8"), { columns: true }) as Record<string, string>[];
    rows[0] = { ...rows[0], best_lap: "1'47.1", best_lap_number: "012" };
    const header = Object.keys(rows[0] ?? {});
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    writeFileSync(
      path,
      [header, ...rows.map((r) => header.map((h) => r[h] ?? ""))]
        .map((line) => line.map(quote).join(","))
        .join("\n") + "\n",
    );
    const again = read(dir);
    expect(again.season.results[0]).toMatchObject({ bestLap: "1:47.100", bestLapNumber: 12 });
    const out = freshDir();
    expect(writeSeasonBundle(out, again.season, again.rulesDocument).ok).toBe(true);
    const [first] = parse(readFileSync(join(out, "results", "r1.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    expect([first?.best_lap, first?.best_lap_number]).toEqual(["1:47.100", "12"]);
  });
});

describe("formatRoundList", () => {
  it.each([
    { list: null, text: "" },
    { list: [], text: ";" },
    { list: [5], text: "5" },
    { list: [1, 2], text: "1;2" },
    { list: [1, 2, 3, 6], text: "1-3;6" },
    { list: [1, 2, 3, 4, 5, 6, 7, 8, 9], text: "1-9" },
    { list: [2, 5, 7, 8, 9], text: "2;5;7-9" },
  ])("$list -> '$text', which the reader takes back", ({ list, text }) => {
    expect(formatRoundList(list)).toBe(text);
    expect(parseRoundList(text)).toEqual(list);
  });
});
