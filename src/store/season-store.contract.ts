// The SeasonStore contract: one suite every implementation runs (memory, SQLite, PostgreSQL), so
// they cannot drift apart. A store passes when what getSeason returns is exactly what was put
// (deep and strict equality: nulls, empty strings, list order, source references, exact points).
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parsePoints } from "../core/points.js";
import type { Points } from "../core/points.js";
import type { Decision, ResultRow, Season } from "../core/season.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { UNATTRIBUTED, VersionConflictError } from "./season-store.js";
import type { SeasonStore, SeasonSummary, StoredSeason } from "./season-store.js";

const ROOT = join(import.meta.dirname, "..", "..");

/** The bundles every store must keep exactly. */
export const CONTRACT_BUNDLES = {
  "alms-2003": join(ROOT, "data", "alms-2003"),
  "sprint-cup-2024": join(ROOT, "fixtures", "seasons", "sprint-cup-2024"),
  "valid-minimal": join(ROOT, "fixtures", "bundles", "valid-minimal"),
} as const;
export type ContractBundle = keyof typeof CONTRACT_BUNDLES;

const loaded = new Map<ContractBundle, StoredSeason>();

/** A bundle as a season to store (read once per test file). */
export function contractSeason(name: ContractBundle): StoredSeason {
  const known = loaded.get(name);
  if (known) return known;
  const read = readSeasonBundle(CONTRACT_BUNDLES[name]);
  if (!read.ok) throw new Error(`${name}: ${JSON.stringify(read.error.slice(0, 3))}`);
  const stored = { season: read.value.season, rulesDocument: read.value.rulesDocument };
  loaded.set(name, stored);
  return stored;
}

function points(text: string): Points {
  const p = parsePoints(text);
  if (!p) throw new Error(`bad points ${text}`);
  return p;
}

/** The season without one result row (the last row of its first race). */
export function withoutOneResult(season: Season): { season: Season; removed: ResultRow } {
  const raceId = season.results[0]?.raceId;
  const rows = season.results.filter((r) => r.raceId === raceId);
  const removed = rows[rows.length - 1];
  if (!removed) throw new Error("the season has no results");
  return { season: { ...season, results: season.results.filter((r) => r !== removed) }, removed };
}

/** The minimal season with the values a store could most easily get wrong. */
function awkwardSeason(): Season {
  const s = contractSeason("valid-minimal").season;
  const [first, second, ...rest] = s.entries;
  if (!first || !second) throw new Error("valid-minimal has fewer than two entries");
  const decision = s.decisions[0] as Decision;
  const team = s.teams[0];
  if (!team) throw new Error("valid-minimal has no teams");
  return {
    ...s,
    // Decomposed accents (NFD) must come back decomposed, emoji and CJK whole.
    name: "2024 Mi\u0301nimal — Endurance 🏁 日本語",
    teams: [
      { ...team, name: "Équipe Ünïcode", nationality: "FRA", aliases: ["A", "a b", "ü"] },
      ...s.teams.slice(1),
    ],
    rounds: s.rounds.map((r, i) => (i === 0 ? { ...r, date: null, note: "  spaced  " } : r)),
    // A source reference with no line, and one with nothing at all.
    entries: [
      { ...first, source: { file: "entries.csv" }, manufacturer: "", rounds: [] },
      { ...second, source: {}, rounds: [2, 1] },
      ...rest,
    ],
    // Results in an order no parser produces: read back as put, not re-sorted. Best laps: one
    // over an hour with its lap number, one without, the rest absent (not undefined).
    results: [...s.results]
      .reverse()
      .map((r, i) =>
        i === 0
          ? { ...r, bestLap: "1:02:03.004", bestLapNumber: 1 }
          : i === 1
            ? { ...r, bestLap: "0:47.010" }
            : r,
      ),
    decisions: [
      decision,
      { ...decision, id: "third", points: points("100/3"), date: null, source: {} },
      { ...decision, id: "half", points: points("12.5"), reason: "" },
      { ...decision, id: "minus", points: points("-3"), overturns: "half" },
    ],
    provenance: ["", "line one\nline two", "\"quoted\", and 'single'"],
  };
}

export interface StoreTraits {
  /** Opens another store on the database of the last open(), for stores that can share one. */
  readonly reopen?: () => Promise<SeasonStore>;
  /**
   * The store checks keys and references, as a SQL database does, so a season that breaks them
   * is refused; without this trait such a season may be stored whole.
   */
  readonly checksKeys?: boolean;
}

/**
 * Runs the contract against stores from `open`, which must return a new, empty store each time.
 * The suite closes every store it opens after each test; `cleanup` runs once at the end.
 */
export function describeSeasonStore(
  name: string,
  open: () => Promise<SeasonStore>,
  cleanup?: () => Promise<void>,
  traits: StoreTraits = {},
): void {
  describe(`SeasonStore contract: ${name}`, () => {
    const opened: SeasonStore[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    if (cleanup) afterAll(cleanup);

    const versionOf = async (store: SeasonStore, id: string) =>
      (await store.listSeasons()).find((s) => s.id === id)?.version;

    it("starts empty", async () => {
      const store = await fresh();
      expect(await store.listSeasons()).toEqual([]);
      expect(await store.getSeason("alms-2003")).toBeUndefined();
      expect(await store.deleteSeason("alms-2003")).toBe(false);
    });

    it.each(Object.keys(CONTRACT_BUNDLES) as ContractBundle[])(
      "gives back %s exactly as it was put",
      async (bundle) => {
        const store = await fresh();
        const stored = contractSeason(bundle);
        await store.putSeason(stored);
        const got = await store.getSeason(stored.season.id);
        expect(got?.season).toStrictEqual(stored.season);
        expect(got?.rulesDocument).toStrictEqual(stored.rulesDocument);
        const read = readSeasonBundle(CONTRACT_BUNDLES[bundle]);
        expect(got?.rules).toStrictEqual(read.ok ? read.value.rules : undefined);
      },
    );

    it("gives back awkward values exactly: NFD text, emoji, empty lists, bare source refs, thirds of a point", async () => {
      const store = await fresh();
      const season = awkwardSeason();
      const { rulesDocument } = contractSeason("valid-minimal");
      await store.putSeason({ season, rulesDocument });
      const got = await store.getSeason(season.id);
      expect(got?.season).toStrictEqual(season);
      expect(got?.season.name).toBe("2024 Mi\u0301nimal — Endurance 🏁 日本語");
      expect(got?.season.decisions.map((d) => d.points)).toStrictEqual([
        { n: 5, d: 1 },
        { n: 100, d: 3 },
        { n: 25, d: 2 },
        { n: -3, d: 1 },
      ]);
    });

    it("keeps each car's best lap and its lap number, and no best lap where there is none", async () => {
      const store = await fresh();
      const stored = contractSeason("sprint-cup-2024");
      // The fixture's r1 gives best laps (fixtures/seasons/sprint-cup-2024/results/r1.csv).
      const laps = (s: Season | undefined) =>
        (s?.results ?? [])
          .filter((r) => r.raceId === "r1")
          .map((r) => [r.number, r.bestLap ?? null, r.bestLapNumber ?? null]);
      expect(laps(stored.season).filter(([, lap]) => lap !== null).length).toBeGreaterThan(0);
      expect(laps(stored.season).filter(([, lap]) => lap === null).length).toBeGreaterThan(0);
      const { version } = await store.putSeason(stored);
      const got = (await store.getSeason(stored.season.id))?.season;
      expect(laps(got)).toStrictEqual(laps(stored.season));
      // The history keeps them too.
      const kept = (await store.getSeasonVersion(stored.season.id, version))?.season;
      expect(laps(kept)).toStrictEqual(laps(stored.season));
      // Rows without one hold no bestLap key at all (so seasons compare strictly equal).
      for (const r of got?.results ?? [])
        if (r.bestLap === undefined) expect(Object.keys(r)).not.toContain("bestLap");
    });

    it("keeps a round's short name where one is given, and no key where none is", async () => {
      const store = await fresh();
      const stored = contractSeason("alms-2003");
      // Round 9's short name as the encyclopedia's 2003 table heads it; the others derive theirs.
      const season: Season = {
        ...stored.season,
        rounds: stored.season.rounds.map((r) => (r.number === 9 ? { ...r, shortName: "PET" } : r)),
      };
      const { version } = await store.putSeason({ ...stored, season });
      for (const got of [
        (await store.getSeason(season.id))?.season,
        (await store.getSeasonVersion(season.id, version))?.season,
      ]) {
        expect(got?.rounds.map((r) => r.shortName ?? null)).toStrictEqual(
          season.rounds.map((r) => (r.number === 9 ? "PET" : null)),
        );
        expect(Object.keys(got?.rounds[0] ?? {})).not.toContain("shortName");
      }
    });

    it("keeps the entry a decision names (two cars with one number), and null where none", async () => {
      const store = await fresh();
      const read = readSeasonBundle(join(ROOT, "fixtures", "decision-entry", "bundle"));
      if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 3)));
      const named = { season: read.value.season, rulesDocument: read.value.rulesDocument };
      const first = await store.putSeason(named);
      // The same season with its decision naming the car by number alone (another car: #9).
      const plain: Season = {
        ...named.season,
        decisions: named.season.decisions.map((d) => ({
          ...d,
          target: { ...d.target, number: "9", entryId: null },
        })),
      };
      const second = await store.putSeason({ ...named, season: plain });
      const entryIds = (s: Season | undefined) => s?.decisions.map((d) => d.target.entryId);
      expect(
        entryIds((await store.getSeasonVersion(named.season.id, first.version))?.season),
      ).toEqual(["scuderia-2-spare"]);
      expect((await store.getSeasonVersion(named.season.id, first.version))?.season).toStrictEqual(
        named.season,
      );
      expect((await store.getSeason(named.season.id))?.season).toStrictEqual(plain);
      expect(
        entryIds((await store.getSeasonVersion(named.season.id, second.version))?.season),
      ).toEqual([null]);
    });

    it("keeps accented names: Lucas Lühr and Tomáš Enge", async () => {
      const store = await fresh();
      await store.putSeason(contractSeason("alms-2003"));
      const got = await store.getSeason("alms-2003");
      const drivers = got?.season.drivers ?? [];
      expect(drivers.find((d) => d.name === "Lucas Lühr")).toMatchObject({ aliases: ["Luhr"] });
      expect(drivers.find((d) => d.name === "Tomáš Enge")).toMatchObject({ aliases: ["Enge"] });
    });

    it("lists summaries, newest year first, then by series name, then by id", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const almsB: StoredSeason = { ...alms, season: { ...alms.season, id: "alms-2003-b" } };
      const put: SeasonSummary[] = [];
      for (const stored of [
        almsB,
        contractSeason("valid-minimal"),
        alms,
        contractSeason("sprint-cup-2024"),
      ])
        put.push(await store.putSeason(stored));
      const list = await store.listSeasons();
      expect(list.map((s) => s.id)).toEqual([
        "sprint-cup-2024", // 2024, "Club GT Sprint Cup"
        "mini-2024", // 2024, "Minimal Endurance Series"
        "alms-2003",
        "alms-2003-b",
      ]);
      expect(list.find((s) => s.id === "alms-2003")).toEqual({
        id: "alms-2003",
        seriesId: "alms",
        seriesName: "American Le Mans Series",
        year: 2003,
        name: "2003 American Le Mans Series",
        rounds: 9, // the cancelled, unnumbered Grand Prix of Mexico does not count
        completedRounds: 9,
        version: expect.any(String),
      });
      const sprint = contractSeason("sprint-cup-2024").season;
      const numbered = sprint.rounds.filter((r) => r.number !== null);
      expect(list.find((s) => s.id === "sprint-cup-2024")).toMatchObject({
        rounds: numbered.length,
        completedRounds: numbered.filter((r) => r.status === "completed").length,
      });
      // What putSeason returned is what the listing says.
      expect([...put].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [...list].sort((a, b) => a.id.localeCompare(b.id)),
      );
    });

    it("replaces a season whole: new version, and rows left out of the new one are gone", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const first = await store.putSeason(alms);
      const { season: smaller, removed } = withoutOneResult(alms.season);
      const second = await store.putSeason({ ...alms, season: smaller });
      expect(second.version).not.toBe(first.version);
      expect(await versionOf(store, "alms-2003")).toBe(second.version);
      const got = await store.getSeason("alms-2003");
      expect(got?.season).toStrictEqual(smaller);
      expect(
        got?.season.results.filter((r) => r.raceId === removed.raceId && r.index === removed.index),
      ).toEqual([]);
      // Every write makes a new version, even of identical content.
      const third = await store.putSeason({ ...alms, season: smaller });
      expect([first.version, second.version]).not.toContain(third.version);
      expect(await store.listSeasons()).toHaveLength(1);
    });

    it("deletes a season and nothing else; a season put again gets a version never seen before", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const minimal = contractSeason("valid-minimal");
      const before = await store.putSeason(alms);
      await store.putSeason(minimal);
      expect(await store.deleteSeason("alms-2003")).toBe(true);
      expect(await store.getSeason("alms-2003")).toBeUndefined();
      expect((await store.listSeasons()).map((s) => s.id)).toEqual(["mini-2024"]);
      expect((await store.getSeason("mini-2024"))?.season).toStrictEqual(minimal.season);
      expect(await store.deleteSeason("alms-2003")).toBe(false);
      const again = await store.putSeason(alms);
      expect(again.version).not.toBe(before.version);
      expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
    });

    it("refuses a season whose rules document is invalid and keeps the previous version", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const first = await store.putSeason(alms);
      const { season: smaller } = withoutOneResult(alms.season);
      await expect(
        store.putSeason({ season: smaller, rulesDocument: { format: "paddock-rules/1" } }),
      ).rejects.toThrow(/rules document of alms-2003 is invalid/);
      expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
      expect(await versionOf(store, "alms-2003")).toBe(first.version);
    });

    it("writes all or nothing when a put fails midway (a duplicate result key built on purpose)", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const first = await store.putSeason(alms);
      const { season: smaller } = withoutOneResult(alms.season);
      const last = smaller.results[smaller.results.length - 1] as ResultRow;
      // Everything before the results (classes, entries, drivers, most results) would be written
      // before the duplicate (race, row index) breaks the results' primary key.
      const broken: Season = { ...smaller, results: [...smaller.results, { ...last }] };
      const outcome = await store.putSeason({ ...alms, season: broken }).then(
        () => "stored" as const,
        (e: unknown) => e,
      );
      if (traits.checksKeys) expect(outcome).toBeInstanceOf(Error);
      const got = await store.getSeason("alms-2003");
      if (outcome === "stored") {
        expect(got?.season).toStrictEqual(broken);
      } else {
        expect(got?.season).toStrictEqual(alms.season);
        expect(await versionOf(store, "alms-2003")).toBe(first.version);
      }
    });

    it.runIf(traits.checksKeys)(
      "leaves no trace of a new season whose put fails midway",
      async () => {
        const store = await fresh();
        const minimal = contractSeason("valid-minimal");
        const s = minimal.season;
        const broken: Season = { ...s, drivers: [...s.drivers, ...s.drivers.slice(0, 1)] };
        await expect(store.putSeason({ ...minimal, season: broken })).rejects.toThrow();
        expect(await store.listSeasons()).toEqual([]);
        expect(await store.getSeason(s.id)).toBeUndefined();
        await store.putSeason(minimal);
        expect((await store.getSeason(s.id))?.season).toStrictEqual(s);
      },
    );

    it("shares a series between its seasons: a new series name renames it for all, with new versions", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const before = await store.putSeason(alms);
      const renamed = { id: "alms", name: "ALMS" };
      await store.putSeason({
        ...alms,
        season: { ...alms.season, id: "alms-2004", year: 2004, series: renamed },
      });
      const got = await store.getSeason("alms-2003");
      expect(got?.season).toStrictEqual({ ...alms.season, series: renamed });
      expect(await versionOf(store, "alms-2003")).not.toBe(before.version);
      expect((await store.listSeasons()).map((s) => s.seriesName)).toEqual(["ALMS", "ALMS"]);
    });

    it("serialises concurrent puts of one season: the listed version is the stored content's", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const { season: smaller } = withoutOneResult(alms.season);
      const a = alms;
      const b = { ...alms, season: smaller };
      const [va, vb] = await Promise.all([store.putSeason(a), store.putSeason(b)]);
      expect(va.version).not.toBe(vb.version);
      const listed = await versionOf(store, "alms-2003");
      expect([va.version, vb.version]).toContain(listed);
      const got = await store.getSeason("alms-2003");
      expect(got?.season).toStrictEqual(listed === va.version ? a.season : b.season);
    });

    it("records every write with who, when, what and why, newest first, and keeps each version readable", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const first = await store.putSeason(alms, {
        actor: "alice",
        action: "load-bundle",
        reason: "season opened",
        summary: "2003 loaded",
        at: "2026-01-01T10:00:00.000Z",
      });
      const { season: smaller } = withoutOneResult(alms.season);
      const second = await store.putSeason(
        { ...alms, season: smaller },
        {
          actor: "bob",
          action: "import-results",
          reason: "timing file",
          summary: "one row fewer",
          expectedVersion: first.version,
          at: "2026-01-02T10:00:00.000Z",
        },
      );
      const changes = await store.listChanges("alms-2003");
      expect(changes.map((c) => [c.version, c.actor, c.action, c.reason, c.summary, c.at])).toEqual(
        [
          [
            second.version,
            "bob",
            "import-results",
            "timing file",
            "one row fewer",
            "2026-01-02T10:00:00.000Z",
          ],
          [
            first.version,
            "alice",
            "load-bundle",
            "season opened",
            "2003 loaded",
            "2026-01-01T10:00:00.000Z",
          ],
        ],
      );
      expect((await store.getSeasonVersion("alms-2003", first.version))?.season).toStrictEqual(
        alms.season,
      );
      expect((await store.getSeasonVersion("alms-2003", second.version))?.season).toStrictEqual(
        smaller,
      );
      expect(await store.getSeasonVersion("alms-2003", "999")).toBeUndefined();
      // A delete is recorded too, and the history outlives the season.
      expect(
        await store.deleteSeason("alms-2003", {
          ...UNATTRIBUTED,
          actor: "carol",
          action: "delete",
        }),
      ).toBe(true);
      const after = await store.listChanges("alms-2003");
      expect(after).toHaveLength(3);
      expect(after[0]?.actor).toBe("carol");
      expect((await store.getSeasonVersion("alms-2003", first.version))?.season).toStrictEqual(
        alms.season,
      );
    });

    it("refuses a write prepared from an older version (optimistic concurrency) and writes nothing", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const first = await store.putSeason(alms);
      const { season: smaller } = withoutOneResult(alms.season);
      const editor = { ...UNATTRIBUTED, expectedVersion: first.version };
      const winner = await store.putSeason({ ...alms, season: smaller }, editor);
      await expect(store.putSeason(alms, editor)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await versionOf(store, "alms-2003")).toBe(winner.version);
      expect((await store.getSeason("alms-2003"))?.season).toStrictEqual(smaller);
      expect(await store.listChanges("alms-2003")).toHaveLength(2);
      // null: only a new season.
      await expect(
        store.putSeason(alms, { ...UNATTRIBUTED, expectedVersion: null }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      const minimal = contractSeason("valid-minimal");
      await store.putSeason(minimal, { ...UNATTRIBUTED, expectedVersion: null });
      await expect(
        store.deleteSeason("alms-2003", { ...UNATTRIBUTED, expectedVersion: first.version }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.getSeason("alms-2003")).toBeDefined();
    });

    it("lets exactly one of two concurrent writers from the same version win", async () => {
      const store = await fresh();
      const alms = contractSeason("alms-2003");
      const first = await store.putSeason(alms);
      const { season: smaller } = withoutOneResult(alms.season);
      const editor = { ...UNATTRIBUTED, expectedVersion: first.version };
      const outcomes = await Promise.allSettled([
        store.putSeason({ ...alms, season: smaller }, editor),
        store.putSeason(alms, editor),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === "rejected");
      expect(lost?.status === "rejected" ? lost.reason : undefined).toBeInstanceOf(
        VersionConflictError,
      );
      expect(await store.listChanges("alms-2003")).toHaveLength(2);
    });

    it("saves column mappings per series and replaces one saved under the same name", async () => {
      const store = await fresh();
      const saved = {
        seriesId: "endurance-cup",
        name: "timing-x",
        mapping: { delimiter: ",", columns: { pos: "Pos", number: "Car" } },
        savedBy: "alice",
        savedAt: "2026-01-01T00:00:00.000Z",
      };
      await store.saveImportMapping(saved);
      await store.saveImportMapping({ ...saved, seriesId: "other" });
      expect(await store.listImportMappings("endurance-cup")).toEqual([saved]);
      const replaced = { ...saved, mapping: { columns: { pos: "P" } }, savedBy: "bob" };
      await store.saveImportMapping(replaced);
      expect(await store.listImportMappings("endurance-cup")).toEqual([replaced]);
    });

    const reopen = traits.reopen;
    it.runIf(reopen !== undefined)(
      "two stores on one database see each other's writes",
      async () => {
        const one = await fresh();
        if (!reopen) return;
        const two = await reopen();
        opened.push(two);
        const alms = contractSeason("alms-2003");
        const first = await one.putSeason(alms);
        expect((await two.getSeason("alms-2003"))?.season).toStrictEqual(alms.season);
        const { season: smaller } = withoutOneResult(alms.season);
        const second = await two.putSeason({ ...alms, season: smaller });
        expect((await one.getSeason("alms-2003"))?.season).toStrictEqual(smaller);
        expect(await one.listSeasons()).toEqual(await two.listSeasons());
        expect(await versionOf(one, "alms-2003")).toBe(second.version);
        expect(second.version).not.toBe(first.version);
        expect(await two.deleteSeason("alms-2003")).toBe(true);
        expect(await one.getSeason("alms-2003")).toBeUndefined();
      },
    );
  });
}
