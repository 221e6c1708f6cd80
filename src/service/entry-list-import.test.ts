// Bulk entry lists: a CSV or Excel file of cars and line-ups, previewed and then written all or
// nothing. Expected values are read from the fixture file itself (its rows, teams and drivers).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { nameKey } from "../core/names.js";
import type { MemoryStore } from "../store/memory-store.js";
import { commitEntryList, previewEntryList } from "./entry-list-import.js";
import type { RaceControl } from "./race-control.js";
import { ROOT, storeWithSeason } from "./testing/fixture-store.js";
import { ProblemsError } from "./service-errors.js";

const SEASON = "endurance-cup-2025";
const FILE = "endurance-cup-extra-cars.csv";
const alice = { username: "alice" };
const text = readFileSync(join(ROOT, "fixtures", "entry-lists", FILE), "utf8");
const [headLine, ...lines] = text.trim().split("\n");
const header = (headLine ?? "").split(";");
const cars = lines.map((l) => Object.fromEntries(l.split(";").map((v, i) => [header[i], v])));
const bytes = (s: string) => new TextEncoder().encode(s);

async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Entry list");
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("entry lists in bulk", () => {
  let store: MemoryStore;
  let control: RaceControl;

  beforeEach(async () => {
    ({ store, control } = await storeWithSeason(SEASON));
  });

  it("previews a CSV: each car with its class, team (new or matched across case) and drivers; nothing written", async () => {
    const before = await store.getSeason(SEASON);
    const preview = await previewEntryList(control, SEASON, { bytes: bytes(text), file: FILE });
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((r) => [r.line, r.number])).toEqual(
      cars.map((c, i) => [i + 2, c["No."]]),
    );
    // Known teams: by name or by an alias the season lists for them.
    const known = new Set(before?.season.teams.flatMap((t) => [t.name, ...t.aliases].map(nameKey)));
    expect(preview.newTeams.map((t) => t.name)).toEqual(
      [...new Set(cars.map((c) => c.Entrant ?? ""))].filter((n) => !known.has(nameKey(n))),
    );
    expect(preview.rows.map((r) => r.drivers.map((d) => d.name))).toEqual(
      cars.map((c) => ["Driver 1", "Driver 2", "Driver 3"].map((k) => c[k] ?? "").filter(Boolean)),
    );
    expect((await store.getSeason(SEASON))?.version).toBe(before?.version);
  });

  it("writes the whole list in one recorded change, and an Excel file reads the same", async () => {
    const before = await store.getSeason(SEASON);
    const xlsx = await xlsxOf([header, ...lines.map((l) => l.split(";"))]);
    const fromXlsx = await previewEntryList(control, SEASON, { bytes: xlsx, file: "entries.xlsx" });
    const fromCsv = await previewEntryList(control, SEASON, { bytes: bytes(text), file: FILE });
    expect(fromXlsx.format).toBe("xlsx");
    expect(fromXlsx.rows).toEqual(fromCsv.rows);
    const done = await commitEntryList(
      control,
      alice,
      SEASON,
      { bytes: xlsx, file: "entries.xlsx" },
      { reason: "entry list" },
    );
    expect(done.entries).toBe(cars.length);
    const after = (await store.getSeason(SEASON))?.season;
    expect(after?.entries.length).toBe((before?.season.entries.length ?? 0) + cars.length);
    const drivers = cars.flatMap((c) =>
      ["Driver 1", "Driver 2", "Driver 3"].map((k) => c[k] ?? "").filter(Boolean),
    );
    expect(after?.lineups.length).toBe((before?.season.lineups.length ?? 0) + drivers.length);
    const [change] = await store.listChanges(SEASON);
    expect([change?.action, change?.reason]).toEqual(["import-entries", "entry list"]);
    // ß/SS and accents: a results file's "JURGEN GROSSMANN" is the driver the entry list named.
    const grossmann = after?.drivers.find((d) => nameKey(d.name) === nameKey("JURGEN GROSSMANN"));
    expect(grossmann?.name).toBe("Jürgen Großmann");
  });

  it.each([
    [
      "a class the season does not have",
      (t: string) => t.replace(";LMGT3;", ";GT4;"),
      "UNKNOWN_CLASS",
      5,
      "Class",
    ],
    ["an empty class cell", (t: string) => t.replace(";LMGT3;", ";;"), "MISSING_FIELD", 5, "Class"],
    [
      "a car already entered",
      (t: string) => t.replace("23;LMP2", "37;LMP2"),
      "DUPLICATE_CAR",
      6,
      "No.",
    ],
    [
      "a column named twice",
      (t: string) => t.replace("Tyres", "Engine"),
      "DUPLICATE_COLUMN",
      1,
      "Engine",
    ],
    [
      "a column it does not know",
      (t: string) => t.replace("Tyres", "Sponsor"),
      "UNKNOWN_COLUMN",
      1,
      "Sponsor",
    ],
    ["a header and no cars", (t: string) => t.split("\n")[0] ?? "", "EMPTY_FILE", 2, undefined],
  ])(
    "refuses %s, naming line and column, and writes nothing",
    async (_n, edit, code, line, field) => {
      const before = await store.getSeason(SEASON);
      const bad = bytes(edit(text));
      const preview = await previewEntryList(control, SEASON, { bytes: bad, file: FILE });
      expect(preview.ok).toBe(false);
      expect(preview.problems.map((p) => [p.code, p.file, p.line, p.field])).toContainEqual([
        code,
        FILE,
        line,
        field,
      ]);
      await expect(
        commitEntryList(control, alice, SEASON, { bytes: bad, file: FILE }, {}),
      ).rejects.toBeInstanceOf(ProblemsError);
      expect((await store.getSeason(SEASON))?.version).toBe(before?.version);
    },
  );
});
