// Corrections and the id rule, through race control on the memory store and the Endurance Cup
// fixture: every write checks ids, what others still point at cannot be removed, a season stored
// with a broken id can be repaired, and every correction is recorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import type { RaceControl } from "./race-control.js";
import { ROOT, storeWithSeason } from "./testing/fixture-store.js";
import { commitImport } from "./result-import.js";
import { ProblemsError } from "./service-errors.js";

const SEASON = "endurance-cup-2025";
const alice = { username: "alice" };

/** The problems a rejected change carries: [code, field]. */
async function problemsOf(p: Promise<unknown>): Promise<[string, string | undefined][]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProblemsError) return e.problems.map((x) => [x.code, x.field]);
    throw e;
  }
  throw new Error("the change was accepted");
}

describe("corrections and ids", () => {
  let store: MemoryStore;
  let control: RaceControl;

  beforeEach(async () => {
    ({ store, control } = await storeWithSeason(SEASON));
  });

  const version = async () => (await store.getSeason(SEASON))?.version;

  it.each([
    [
      "a team id with a quote",
      (c: RaceControl) => c.putTeam(alice, SEASON, { id: "'", name: "Quote" }, {}),
      "teams.11.id",
    ],
    [
      "a class id with a space",
      (c: RaceControl) => c.addClass(alice, SEASON, { id: "bad class", name: "Bad" }, {}),
      "classes.3.id",
    ],
    [
      "a race id with a space",
      (c: RaceControl) =>
        c.addRound(
          alice,
          SEASON,
          {
            number: 5,
            name: "Five",
            circuit: "",
            status: "scheduled",
            races: [{ id: "r 5", name: "Race" }],
          },
          {},
        ),
      "rounds.4.races.0.id",
    ],
    [
      "an entry id with a slash",
      (c: RaceControl) =>
        c.addEntry(
          alice,
          SEASON,
          { id: "a/b", number: "99", class: "LMP2", team: "Cool Racing" },
          {},
        ),
      "id",
    ],
  ])("refuses %s and writes nothing", async (_name, write, field) => {
    const before = await version();
    const problems = await problemsOf(write(control));
    expect(problems.map(([, f]) => f)).toContain(field);
    expect(await version()).toBe(before);
  });

  it("repairs a season stored with an id that breaks the rule, and it can be edited again", async () => {
    const stored = await store.getSeason(SEASON);
    if (!stored) throw new Error("no season");
    const broken = {
      ...stored.season,
      teams: stored.season.teams.map((t) => (t.id === "wrt" ? { ...t, id: "W R T!" } : t)),
      entries: stored.season.entries.map((e) =>
        e.teamId === "wrt" ? { ...e, teamId: "W R T!" } : e,
      ),
    };
    await store.putSeason(
      { season: broken, rulesDocument: stored.rulesDocument },
      { actor: "old", action: "x", reason: "", summary: "" },
    );
    const refused = control.addClass(alice, SEASON, { id: "LMP3", name: "LMP3" }, {});
    await expect(refused).rejects.toThrow(/repair/);
    const repaired = await control.repairIds(alice, SEASON, {
      reason: "ids from before the id check",
    });
    expect(repaired.renamed).toEqual([{ kind: "team", from: "W R T!", to: "w-r-t" }]);
    await control.addClass(alice, SEASON, { id: "LMP3", name: "LMP3" }, {});
    const after = await store.getSeason(SEASON);
    const wrtEntries = stored.season.entries.filter((e) => e.teamId === "wrt").map((e) => e.id);
    expect(after?.season.entries.filter((e) => e.teamId === "w-r-t").map((e) => e.id)).toEqual(
      wrtEntries,
    );
    const changes = await store.listChanges(SEASON);
    expect(changes.map((c) => c.action)).toContain("repair-ids");
    // Nothing left to repair: nothing written.
    expect((await control.repairIds(alice, SEASON, {})).renamed).toEqual([]);
  });

  it("edits an entry and removes one with its line-ups, recorded with the reason", async () => {
    await control.editEntry(
      alice,
      SEASON,
      "toyota-8",
      { chassis: "Toyota GR010 Evo" },
      { reason: "typo" },
    );
    let s = (await store.getSeason(SEASON))?.season;
    expect(s?.entries.find((e) => e.id === "toyota-8")?.chassis).toBe("Toyota GR010 Evo");
    expect(s?.lineups.some((l) => l.entryId === "toyota-7")).toBe(true);
    await control.removeEntry(alice, SEASON, "toyota-7", { reason: "entered twice" });
    s = (await store.getSeason(SEASON))?.season;
    expect(s?.entries.some((e) => e.id === "toyota-7")).toBe(false);
    expect(s?.lineups.some((l) => l.entryId === "toyota-7")).toBe(false);
    const [last, previous] = await store.listChanges(SEASON);
    expect([last?.action, last?.reason]).toEqual(["remove-entry", "entered twice"]);
    expect([previous?.action, previous?.reason]).toEqual(["edit-entry", "typo"]);
  });

  it("refuses to remove what results, entries or decisions still name", async () => {
    await commitImport(
      control,
      alice,
      SEASON,
      {
        raceId: "r1",
        bytes: new Uint8Array(
          readFileSync(join(ROOT, "fixtures", "imports", "round-1-alkamel.csv")),
        ),
        file: "round-1-alkamel.csv",
      },
      {},
    );
    const before = await version();
    expect(await problemsOf(control.removeEntry(alice, SEASON, "toyota-7", {}))).toEqual([
      ["IN_USE", "entry"],
    ]);
    expect(await problemsOf(control.removeTeam(alice, SEASON, "toyota", {}))).toEqual([
      ["IN_USE", "team"],
    ]);
    expect(await problemsOf(control.removeClass(alice, SEASON, "LMP2", {}))).toEqual([
      ["IN_USE", "class"],
    ]);
    expect(await problemsOf(control.removeEntry(alice, SEASON, "no-such-car", {}))).toEqual([
      ["UNKNOWN_ENTRY", "entry"],
    ]);
    expect(await version()).toBe(before);
    // Emptying a race is its own action; then the race itself can go.
    await control.clearResults(alice, SEASON, "r1", { reason: "wrong file" });
    expect((await store.getSeason(SEASON))?.season.results.some((r) => r.raceId === "r1")).toBe(
      false,
    );
    await control.removeRace(alice, SEASON, "r1", {});
    const s = (await store.getSeason(SEASON))?.season;
    expect(s?.rounds.find((r) => r.number === 1)?.races).toEqual([]);
  });

  it("removes a class and a team nobody uses, and deletes a season keeping its history", async () => {
    await control.addClass(alice, SEASON, { id: "LMP3", name: "LMP3" }, {});
    await control.putTeam(alice, SEASON, { id: "spare", name: "Spare Team" }, {});
    await control.removeClass(alice, SEASON, "LMP3", {});
    await control.removeTeam(alice, SEASON, "spare", {});
    const s = (await store.getSeason(SEASON))?.season;
    expect(s?.classes.map((k) => k.id)).toEqual(["HYPERCAR", "LMP2", "LMGT3"]);
    expect(s?.teams.some((t) => t.id === "spare")).toBe(false);
    await control.deleteSeason(alice, SEASON, { reason: "created by mistake" });
    expect(await store.getSeason(SEASON)).toBeUndefined();
    expect((await store.listChanges(SEASON)).length).toBeGreaterThan(4);
  });

  it("copies an earlier season's setup into a new season, and adds several rounds in one change", async () => {
    const from = (await store.getSeason(SEASON))?.season;
    if (!from) throw new Error("no season");
    await control.createSeason(
      alice,
      {
        format: "paddock-season/1",
        id: "endurance-cup-2026",
        series: { id: from.series.id, name: from.series.name },
        year: 2026,
        name: "Endurance Cup 2026",
        classes: [{ id: "HYPERCAR", name: "Hypercar" }],
        rounds: [],
        teams: [],
        rules: "rules.json",
        entries: "entries.csv",
      },
      (await store.getSeason(SEASON))?.rulesDocument,
    );
    await control.copySetup(alice, "endurance-cup-2026", SEASON, { reason: "same grid" });
    await control.addRounds(
      alice,
      "endurance-cup-2026",
      [1, 2, 3].map((n) => ({
        number: n,
        name: `Round ${n}`,
        circuit: "",
        status: "scheduled" as const,
        races: [{ id: `r${n}`, name: "Race" }],
      })),
      {},
    );
    const copy = (await store.getSeason("endurance-cup-2026"))?.season;
    expect(copy?.classes.map((k) => k.id)).toEqual(from.classes.map((k) => k.id));
    expect(copy?.teams.map((t) => t.id)).toEqual(from.teams.map((t) => t.id));
    expect(copy?.entries.map((e) => [e.id, e.number, e.classId, e.teamId])).toEqual(
      from.entries.map((e) => [e.id, e.number, e.classId, e.teamId]),
    );
    expect(copy?.lineups.length).toBe(from.lineups.length);
    expect(copy?.rounds.map((r) => r.number)).toEqual([1, 2, 3]);
    const actions = (await store.listChanges("endurance-cup-2026")).map((c) => c.action);
    expect(actions).toEqual(["add-rounds", "copy-setup", "create-season"]);
  });
});
