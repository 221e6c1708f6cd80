// The import's consistency layer through the service: errors refuse the commit, warnings refuse it
// until accepted, and an accepted warning is named in the change log. Memory store, Endurance Cup.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import type { ColumnMapping } from "../imports/result-layouts.js";
import { MemoryStore } from "../store/memory-store.js";
import { RaceControl } from "./race-control.js";
import { commitImport, previewImport } from "./result-import.js";
import { ProblemsError, UnconfirmedWarningsError } from "./service-errors.js";
import { storeWithSeason } from "./testing/fixture-store.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SEASON = "endurance-cup-2025";
const FILE = "round-1-alkamel.csv";
const alice = { username: "alice" };
const good = readFileSync(join(ROOT, "fixtures", "imports", FILE), "utf8");
const bytes = (text: string) => new TextEncoder().encode(text);
// P3 on 201 laps finishes before P2: a TIME_OUT_OF_ORDER warning on line 4.
const warned = good.replace("6:01'22.971", "6:00'59.000");
const headerOnly = good.split("\r\n")[0] + "\r\n";

describe("result import: errors and warnings", () => {
  let store: MemoryStore;
  let control: RaceControl;

  beforeEach(async () => {
    store = new MemoryStore();
    control = new RaceControl(store);
    const read = readSeasonBundle(join(ROOT, "fixtures", "seasons", SEASON));
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    await store.putSeason(
      { season: read.value.season, rulesDocument: read.value.rulesDocument },
      { actor: "alice", action: "load-bundle", reason: "", summary: "" },
    );
    await commitImport(
      control,
      alice,
      SEASON,
      { raceId: "r1", bytes: bytes(good), file: FILE },
      {},
    );
  });

  it("refuses a header with no rows instead of emptying the race, and says how to clear it", async () => {
    const request = { raceId: "r1", bytes: bytes(headerOnly), file: FILE };
    const preview = await previewImport(control, SEASON, request);
    expect(preview.ok).toBe(false);
    expect(preview.problems).toMatchObject([{ code: "EMPTY_FILE", file: FILE, line: 2 }]);
    expect(preview.problems[0]?.message).toMatch(/now has 12 rows/);
    expect(preview.problems[0]?.message).toMatch(/clear its results/);
    const before = (await store.listChanges(SEASON)).length;
    await expect(
      commitImport(control, alice, SEASON, { ...request, acceptWarnings: true }, {}),
    ).rejects.toBeInstanceOf(ProblemsError);
    expect((await store.listChanges(SEASON)).length).toBe(before);
    expect(
      (await store.getSeason(SEASON))?.season.results.filter((r) => r.raceId === "r1"),
    ).toHaveLength(12);
  });

  it("shows warnings apart from errors, refuses them unconfirmed, and records them when accepted", async () => {
    const request = { raceId: "r1", bytes: bytes(warned), file: FILE };
    const preview = await previewImport(control, SEASON, request);
    expect(preview.ok).toBe(true);
    expect(preview.problems).toEqual([]);
    expect(preview.warnings).toMatchObject([
      { code: "TIME_OUT_OF_ORDER", file: FILE, line: 4, field: "TOTAL_TIME" },
    ]);
    expect(preview.rows.find((r) => r.line === 4)?.warnings).toHaveLength(1);

    const refused = await commitImport(control, alice, SEASON, request, {}).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(UnconfirmedWarningsError);
    expect((refused as UnconfirmedWarningsError).problems).toEqual(preview.warnings);

    const done = await commitImport(
      control,
      alice,
      SEASON,
      { ...request, acceptWarnings: true },
      {},
    );
    expect(done.rows).toBe(12);
    const [last] = await store.listChanges(SEASON);
    expect(last?.summary).toMatch(
      /warnings accepted: TIME_OUT_OF_ORDER line 4 \(alkamel, utf-8-bom\)$/,
    );
  });

  it("reports the season's errors before unconfirmed warnings", async () => {
    const text = warned.replace("\r\n12;81;", "\r\n12;999;");
    const refused = await commitImport(
      control,
      alice,
      SEASON,
      {
        raceId: "r1",
        bytes: bytes(text),
        file: FILE,
      },
      {},
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProblemsError);
    expect(refused).not.toBeInstanceOf(UnconfirmedWarningsError);
    expect((refused as ProblemsError).problems).toMatchObject([{ code: "UNKNOWN_CAR", line: 13 }]);
  });
});

// Cars, teams and drivers the season does not know, added from the file in one confirmed step.
// Expected values: fixtures/imports/unknown-cars/expected.json.
describe("result import: adding what the file introduces", () => {
  const dir = join(ROOT, "fixtures", "imports", "unknown-cars");
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as {
    file: string;
    race: string;
    rows: number;
    withoutAdding: { code: string; line: number; field: string }[];
    count: number;
    summary: string;
    adds: {
      entries: { entryId: string; number: string; teamId: string }[];
      teams: { id: string; name: string }[];
      drivers: { id: string; name: string }[];
      lineups: unknown[];
    };
  };
  const request = {
    raceId: expected.race,
    bytes: readFileSync(join(dir, expected.file)),
    file: expected.file,
  };
  let store: MemoryStore;
  let control: RaceControl;

  beforeEach(async () => {
    ({ store, control } = await storeWithSeason(SEASON));
  });

  it("previews the unknowns as errors naming line and column, with a hint, and lists what adding would add", async () => {
    const preview = await previewImport(control, SEASON, request);
    expect(preview.ok).toBe(false);
    expect(preview.addUnknown).toBe(false);
    expect(preview.problems.map((p) => ({ code: p.code, line: p.line, field: p.field }))).toEqual(
      expected.withoutAdding,
    );
    for (const p of preview.problems)
      expect(p.message).toContain(
        "add it from this file with --add-unknown (API: addUnknown=true)",
      );
    expect(preview.additions).toEqual(expected.adds);
    expect(preview.additionProblems).toEqual([]);
    expect(preview.unknownCars).toEqual(expected.adds.entries.map((e) => e.number));
  });

  it("previews with addUnknown: no errors, each new car's row on its new entry, with points", async () => {
    const preview = await previewImport(control, SEASON, { ...request, addUnknown: true });
    expect(preview.problems).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.addUnknown).toBe(true);
    expect(preview.additions).toEqual(expected.adds);
    for (const e of expected.adds.entries) {
      const row = preview.rows.find((r) => r.number === e.number);
      expect(row).toMatchObject({ entryId: e.entryId, addsEntry: e.entryId, teamId: e.teamId });
      expect(row?.points.length).toBeGreaterThan(0);
    }
  });

  it("refuses to commit without addUnknown, saying how to add them; nothing written", async () => {
    const before = await store.getSeason(SEASON);
    const refused = await commitImport(control, alice, SEASON, request, {}).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ProblemsError);
    const e = refused as ProblemsError;
    expect(e.message).toContain(`names ${expected.count} car(s), team(s) or driver(s)`);
    expect(e.message).toContain("--add-unknown");
    expect(e.problems.map((p) => ({ code: p.code, line: p.line, field: p.field }))).toEqual(
      expected.withoutAdding,
    );
    expect((await store.getSeason(SEASON))?.version).toBe(before?.version);
  });

  it("commits with addUnknown: entries, teams, drivers, line-ups and results in one version and one record", async () => {
    const before = await store.getSeason(SEASON);
    const changes = (await store.listChanges(SEASON)).length;
    const done = await commitImport(
      control,
      alice,
      SEASON,
      { ...request, addUnknown: true },
      { reason: "first classification" },
    );
    expect(done.rows).toBe(expected.rows);
    expect(done.additions).toEqual(expected.adds);
    const after = await store.getSeason(SEASON);
    expect(Number(after?.version)).toBe(Number(before?.version) + 1);
    const log = await store.listChanges(SEASON);
    expect(log).toHaveLength(changes + 1);
    expect(log[0]).toMatchObject({ action: "import-results", reason: "first classification" });
    expect(log[0]?.summary).toBe(
      `race ${expected.race}: ${expected.rows} result rows from ${expected.file}, added ${expected.summary} (alkamel, utf-8)`,
    );
    const season = after?.season;
    for (const e of expected.adds.entries)
      expect(season?.entries.find((x) => x.id === e.entryId)).toMatchObject({
        number: e.number,
        teamId: e.teamId,
      });
    expect(season?.teams.map((t) => t.id)).toEqual(
      expect.arrayContaining(expected.adds.teams.map((t) => t.id)),
    );
    expect(season?.drivers.map((d) => d.id)).toEqual(
      expect.arrayContaining(expected.adds.drivers.map((d) => d.id)),
    );
    expect(season?.lineups.length).toBe(
      (before?.season.lineups.length ?? 0) + expected.adds.lineups.length,
    );
    const results = season?.results.filter((r) => r.raceId === expected.race) ?? [];
    expect(results).toHaveLength(expected.rows);
    expect(results.every((r) => r.entryId !== null)).toBe(true);

    // The same file again: nothing left to add.
    const again = await previewImport(control, SEASON, request);
    expect(again).toMatchObject({ ok: true, additions: { entries: [], teams: [], drivers: [] } });
  });
});

describe("result import: a driver the season does not know is named by the file's own column", () => {
  const fixture = (name: string) => readFileSync(join(ROOT, "fixtures", "imports", name));
  const mapping = JSON.parse(
    readFileSync(join(ROOT, "fixtures", "imports", "round-3-mapping.json"), "utf8"),
  ) as ColumnMapping;
  const latin1 = (b: Buffer, from: string, to: string) =>
    Buffer.from(b.toString("latin1").replace(from, to), "latin1");
  const cases = [
    {
      layout: "alkamel: DRIVER_n",
      race: "r1",
      file: "round-1-alkamel.csv",
      bytes: bytes(good.replace("Brendon HARTLEY", "Brandon HARTLY")),
      field: "DRIVER_2",
    },
    {
      layout: "imsa: the driver's first and second name columns",
      race: "r2",
      file: "round-2-imsa.csv",
      bytes: bytes(fixture("round-2-imsa.csv").toString("utf8").replace("Laurens;", "Lorenz;")),
      field: "DRIVER2_FIRSTNAME + DRIVER2_SECONDNAME",
    },
    {
      layout: "custom: the mapped drivers column",
      race: "r3",
      file: "round-3-custom.csv",
      bytes: latin1(fixture("round-3-custom.csv"), "/ James Calado", "/ Jim Calado"),
      field: "Drivers",
      mapping,
    },
    {
      layout: "paddock-json: drivers",
      race: "r4",
      file: "round-4.json",
      bytes: bytes(
        fixture("round-4.json").toString("utf8").replace('"Mike Conway"', '"M. Conway"'),
      ),
      field: "drivers",
    },
  ];
  it.each(cases)("$layout", async ({ race, file, bytes: content, field, ...rest }) => {
    const { control } = await storeWithSeason(SEASON);
    const preview = await previewImport(control, SEASON, {
      raceId: race,
      bytes: content,
      file,
      ...("mapping" in rest ? { mapping: rest.mapping } : {}),
    });
    const drivers = preview.problems.filter((p) => p.code === "UNKNOWN_DRIVER");
    expect(drivers).toEqual([expect.objectContaining({ file, line: expect.any(Number), field })]);
    expect(drivers[0]?.message).toContain("--add-unknown");
  });
});
