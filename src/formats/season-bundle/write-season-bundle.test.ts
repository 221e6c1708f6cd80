import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { computeStandings } from "../../core/compute-standings.js";
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
  ])("refuses $name, and writes nothing", ({ change, code }) => {
    const original = read(BUNDLES["valid-minimal"]);
    const out = freshDir();
    const written = writeSeasonBundle(out, change(original.season), original.rulesDocument);
    expect(written.ok ? [] : written.error.map((p) => p.code)).toContain(code);
    expect(existsSync(out)).toBe(false);
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
