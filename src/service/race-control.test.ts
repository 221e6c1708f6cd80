// Race control against the memory store and the Endurance Cup fixture: imports with a preview,
// decisions, publication, the audit log and optimistic concurrency. Expected values are read
// from the fixture files, never from the code under test.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { computeStandings } from "../core/compute-standings.js";
import { formatPoints } from "../core/points.js";
import { readSeasonBundle } from "../formats/season-bundle/read-season-bundle.js";
import { MemoryStore } from "../store/memory-store.js";
import { VersionConflictError } from "../store/season-store.js";
import { RaceControl } from "./race-control.js";
import { commitImport, previewImport } from "./result-import.js";
import { ProblemsError } from "./service-errors.js";

const ROOT = join(import.meta.dirname, "..", "..");
const IMPORTS = join(ROOT, "fixtures", "imports");
const SEASON = "endurance-cup-2025";
const alice = { username: "alice" };

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(IMPORTS, name)));
}

/** The file's rows as the timing system wrote them: header name -> cell, with the line. */
function alkamelRows(name: string): { line: number; cells: Record<string, string> }[] {
  const text = readFileSync(join(IMPORTS, name), "utf8").replace(/^\uFEFF/, "");
  const [head, ...lines] = text.split(/\r?\n/);
  const header = (head ?? "").split(";").map((h) => h.trim());
  return lines
    .map((l, i) => ({ line: i + 2, parts: l.split(";") }))
    .filter((x) => x.parts.length > 1)
    .map(({ line, parts }) => ({
      line,
      cells: Object.fromEntries(header.map((h, i) => [h, (parts[i] ?? "").trim()])),
    }));
}

describe("race control", () => {
  let store: MemoryStore;
  let control: RaceControl;
  let clock: number;

  beforeEach(async () => {
    store = new MemoryStore();
    clock = Date.parse("2025-04-20T18:00:00Z");
    control = new RaceControl(store, { now: () => new Date((clock += 60_000)) });
    const read = readSeasonBundle(join(ROOT, "fixtures", "seasons", SEASON));
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    await store.putSeason(
      { season: read.value.season, rulesDocument: read.value.rulesDocument },
      { actor: "alice", action: "load-bundle", reason: "", summary: "" },
    );
  });

  it("previews an Al Kamel (WEC) file with a BOM: entries matched, aliases resolved, points shown, nothing written", async () => {
    const before = await store.getSeason(SEASON);
    const preview = await previewImport(control, SEASON, {
      raceId: "r1",
      bytes: fixture("round-1-alkamel.csv"),
      file: "round-1-alkamel.csv",
    });
    expect(preview.problems).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.layout).toBe("alkamel");
    expect(preview.encoding).toBe("utf-8-bom");
    const source = alkamelRows("round-1-alkamel.csv");
    expect(preview.rows.map((r) => [r.line, r.number])).toEqual(
      source.map((s) => [s.line, s.cells.NUMBER]),
    );
    // "TOYOTA GAZOO RACING" is an alias of Toyota Gazoo Racing.
    const toyota = preview.rows.find((r) => r.number === "8");
    expect(toyota?.teamName).toBe("Toyota Gazoo Racing");
    expect(toyota?.viaAlias).toBe(true);
    expect(toyota?.entryId).not.toBeNull();
    // The first classified car of each class in the file wins its class and scores 25.
    for (const klass of ["HYPERCAR", "LMP2", "LMGT3"]) {
      const winner = source.find((s) => s.cells.CLASS === klass && s.cells.STATUS === "Classified");
      const row = preview.rows.find((r) => r.line === winner?.line);
      expect(row?.classPosition).toBe(1);
      expect(row?.points.find((p) => p.championshipId === "teams")?.points).toBe("25");
    }
    expect(await store.getSeason(SEASON)).toEqual(before);
    expect(await store.listChanges(SEASON)).toHaveLength(1);
  });

  it("previews a JSON file written on one line row by row, as it does the same file laid out", async () => {
    const text = readFileSync(join(IMPORTS, "round-4.json"), "utf8");
    const preview = (t: string) =>
      previewImport(control, SEASON, {
        raceId: "r4",
        bytes: new TextEncoder().encode(t),
        file: "round-4.json",
      });
    const laidOut = await preview(text);
    const oneLine = await preview(JSON.stringify(JSON.parse(text)));
    expect(laidOut.ok).toBe(true);
    expect(new Set(oneLine.rows.map((r) => r.line))).toEqual(new Set([1]));
    const withoutLine = (rows: typeof laidOut.rows) => rows.map(({ line: _l, ...rest }) => rest);
    expect(withoutLine(oneLine.rows)).toEqual(withoutLine(laidOut.rows));
  });

  it("commits an import, decisions and publication as recorded versions, and refuses a stale one", async () => {
    const base = (await store.getSeason(SEASON))?.version;
    const imported = await commitImport(
      control,
      alice,
      SEASON,
      { raceId: "r1", bytes: fixture("round-1-alkamel.csv"), file: "round-1-alkamel.csv" },
      { expectedVersion: base, reason: "official timing export" },
    );
    const source = alkamelRows("round-1-alkamel.csv");
    expect(imported.rows).toBe(source.length);
    const race = imported.season.rounds[0]?.races[0];
    expect(race?.resultStatus).toBe("provisional");
    expect(imported.season.rounds[0]?.status).toBe("completed");

    // A second import prepared from the same base version is refused, and changes nothing.
    await expect(
      commitImport(
        control,
        alice,
        SEASON,
        { raceId: "r1", bytes: fixture("round-1-alkamel.csv"), file: "round-1-alkamel.csv" },
        { expectedVersion: base },
      ),
    ).rejects.toBeInstanceOf(VersionConflictError);

    // Disqualify the HYPERCAR winner: the second car in class inherits 25 points.
    const hyper = source.filter(
      (s) => s.cells.CLASS === "HYPERCAR" && s.cells.STATUS === "Classified",
    );
    const [first, second] = hyper;
    const dsq = await control.addDecision(
      alice,
      SEASON,
      {
        kind: "disqualify",
        race: "r1",
        number: first?.cells.NUMBER ?? "",
        reason: "skid block wear",
      },
      { reason: "stewards' bulletin 12" },
    );
    const stored = await store.getSeason(SEASON);
    if (!stored) throw new Error("gone");
    const standings = computeStandings(dsq.season, stored.rules);
    const teamsHyper = standings.tables.find(
      (t) => t.championshipId === "teams" && t.classId === "HYPERCAR",
    );
    const secondEntry = dsq.season.entries.find((e) => e.number === second?.cells.NUMBER);
    const leader = teamsHyper?.rows[0];
    expect(leader?.competitor.id).toBe(secondEntry?.teamId);
    expect(formatPoints(leader?.total ?? { n: 0, d: 1 })).toBe("25");

    await control.publish(alice, SEASON, "r1", "official", { reason: "results final" });
    const now = await store.getSeason(SEASON);
    expect(now?.season.rounds[0]?.races[0]?.resultStatus).toBe("official");
    expect(now?.season.rounds[0]?.races[0]?.publishedAt).toMatch(/^2025-04-20T18:/);

    const log = await store.listChanges(SEASON);
    expect(log.map((c) => c.action)).toEqual([
      "publish",
      "decision",
      "import-results",
      "load-bundle",
    ]);
    expect(log.map((c) => c.actor)).toEqual(["alice", "alice", "alice", "alice"]);
    expect(log[2]?.reason).toBe("official timing export");
    // The version before the disqualification still has the original winner.
    const asImported = await store.getSeasonVersion(SEASON, log[2]?.version ?? "");
    expect(asImported?.season.decisions).toEqual([]);
  });

  it.each(
    readdirSync(join(IMPORTS, "bad")).filter((name) => {
      const expected = JSON.parse(
        readFileSync(join(IMPORTS, "bad", name, "expected.json"), "utf8"),
      ) as { stage: string };
      return expected.stage === "season";
    }),
  )(
    "rejects the broken file %s with its code, line and field, and writes nothing",
    async (name) => {
      const expected = JSON.parse(
        readFileSync(join(IMPORTS, "bad", name, "expected.json"), "utf8"),
      ) as {
        file: string;
        code: string;
        line: number;
        field: string;
        round: number;
      };
      const before = await store.getSeason(SEASON);
      const request = {
        raceId: `r${expected.round}`,
        bytes: new Uint8Array(readFileSync(join(IMPORTS, "bad", name, expected.file))),
        file: expected.file,
      };
      const preview = await previewImport(control, SEASON, request);
      expect(preview.ok).toBe(false);
      expect(preview.problems).toContainEqual(
        expect.objectContaining({
          code: expected.code,
          line: expected.line,
          field: expected.field,
        }),
      );
      const failure = await commitImport(control, alice, SEASON, request, {}).catch(
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(ProblemsError);
      expect((failure as ProblemsError).problems).toContainEqual(
        expect.objectContaining({
          code: expected.code,
          line: expected.line,
          field: expected.field,
        }),
      );
      expect(await store.getSeason(SEASON)).toEqual(before);
      expect(await store.listChanges(SEASON)).toHaveLength(1);
    },
  );
});
