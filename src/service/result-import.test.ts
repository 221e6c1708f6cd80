// The import's consistency layer through the service: errors refuse the commit, warnings refuse it
// until accepted, and an accepted warning is named in the change log. Memory store, Endurance Cup.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { MemoryStore } from "../store/memory-store.js";
import { RaceControl } from "./race-control.js";
import { commitImport, previewImport } from "./result-import.js";
import { ProblemsError, UnconfirmedWarningsError } from "./service-errors.js";

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
