// Acceptance: Paddock computes the 2003 American Le Mans Series exactly as published. Expected
// values come from fixtures/alms-2003 (copies of the reference facts), never from the code.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { computeStandings } from "../src/core/compute-standings.js";
import type { Standings } from "../src/core/compute-standings.js";
import { formatPoints } from "../src/core/points.js";
import { positionRace } from "../src/core/race-positions.js";
import { titleScenarios } from "../src/core/title-scenarios.js";
import { readSeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";
import type { SeasonBundle } from "../src/formats/season-bundle/read-season-bundle.js";

const root = join(import.meta.dirname, "..");
const fixtures = join(root, "fixtures", "alms-2003");
const readCsv = (file: string) =>
  parse(readFileSync(join(fixtures, file), "utf8"), { columns: true }) as Record<string, string>[];
const published = readCsv("standings-published.csv");
const winners = readCsv("class-winners.csv");
const CLASSES = ["LMP900", "LMP675", "GTS", "GT"];
const ROUNDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

let bundle: SeasonBundle;
let standings: Standings;
beforeAll(() => {
  const read = readSeasonBundle(join(root, "data", "alms-2003"));
  if (!read.ok) throw new Error(JSON.stringify(read.error.slice(0, 5)));
  bundle = read.value;
  standings = computeStandings(bundle.season, bundle.rules);
});

describe("2003 ALMS teams' standings equal the published tables", () => {
  it("the reference holds 34 team rows", () => {
    expect(published).toHaveLength(34);
  });

  describe.each(CLASSES)("%s", (klass) => {
    const expected = published.filter((r) => r["class"] === klass);

    it("engine: every position, team, round cell and total", () => {
      const table = standings.tables.find(
        (t) => t.championshipId === "teams" && t.classId === klass,
      );
      expect(table).toBeDefined();
      const got = table!.rows.map((r) => ({
        pos: String(r.position),
        team: r.competitor.name,
        cells: r.cells.map((c) => (c.points.n === 0 ? "" : formatPoints(c.points))),
        total: formatPoints(r.total),
      }));
      const want = expected.map((r) => ({
        pos: r["pos"],
        team: r["team"],
        cells: ROUNDS.map((n) => r[`r${n}`] ?? ""),
        total: r["total"],
      }));
      expect(got).toEqual(want);
    });

    it("CLI: `paddock standings alms-2003 --class C --format csv` prints the same table", () => {
      const out = execFileSync(
        process.execPath,
        [
          join(root, "dist/src/cli/main.js"),
          "standings",
          "alms-2003",
          "--class",
          klass,
          "--format",
          "csv",
        ],
        {
          encoding: "utf8",
        },
      );
      const rows = parse(out, { columns: true }) as Record<string, string>[];
      expect(
        rows.map((r) => [
          r["pos"],
          r["team"],
          ...ROUNDS.map((n) => (r[`r${n}`] === "0" ? "" : r[`r${n}`])),
          r["total"],
        ]),
      ).toEqual(
        expected.map((r) => [r["pos"], r["team"], ...ROUNDS.map((n) => r[`r${n}`]), r["total"]]),
      );
    });
  });
});

describe("2003 ALMS class winners equal the seed's season results", () => {
  it.each(winners.map((w) => [`round ${w["round"]} ${w["class"]}`, w] as const))(
    "%s",
    (_name, w) => {
      const race = bundle.season.rounds.find((r) => r.number === Number(w["round"]))!.races[0]!;
      const rows = bundle.season.results.filter((r) => r.raceId === race.id);
      const positioned = positionRace(bundle.season, bundle.rules, race.id);
      const winner = positioned.find(
        (p) => p.scoringClass === w["class"] && p.pointsPosition === 1,
      );
      expect(winner).toBeDefined();
      const team = bundle.season.teams.find((t) => t.id === winner!.row.teamId);
      expect(team?.name).toBe(w["team"]);
      // The bundle knows the winning car's number only where a source gives it; then it must agree.
      // A number the bundle took from this very table (its citation says so) is no evidence.
      const fromThisTable = winner!.row.citation.includes("class-winners.csv");
      if (winner!.row.number !== null && !fromThisTable)
        expect(winner!.row.number).toBe(w["number"]);
      const overall = rows.find((r) => r.position === 1);
      expect(w["overall_winner"] === "yes").toBe(
        overall !== undefined && overall.classId === w["class"] && overall.number === w["number"],
      );
    },
  );
});

describe("2003 ALMS title scenarios after round 8", () => {
  const expected = JSON.parse(
    readFileSync(join(fixtures, "title-scenarios-after-round-8.json"), "utf8"),
  ) as {
    maxPerRace: string;
    classes: Record<
      string,
      {
        clinched: boolean;
        leader: string;
        points: Record<string, string>;
        contenders: string[];
        pointsToDrawLevel?: Record<string, string>;
        lastRace?: Record<
          string,
          Record<string, { rival?: string; mayFinishAtBest?: number | null; tieOnly?: boolean }>
        >;
      }
    >;
  };
  it.each(CLASSES)("%s", (klass) => {
    const want = expected.classes[klass]!;
    const scenario = titleScenarios(bundle.season, bundle.rules, 8).find(
      (s) => s.classId === klass,
    )!;
    expect(scenario.remainingRaces).toHaveLength(1);
    expect(formatPoints(scenario.maxPerRace[0]!.points)).toBe(expected.maxPerRace);
    expect(scenario.clinched).toBe(want.clinched);
    const byName = new Map(scenario.outlooks.map((o) => [o.competitor.name, o]));
    expect(scenario.outlooks[0]!.competitor.name).toBe(want.leader);
    for (const [team, pts] of Object.entries(want.points))
      expect(formatPoints(byName.get(team)!.points)).toBe(pts);
    expect(
      scenario.outlooks.filter((o) => o.status === "contender").map((o) => o.competitor.name),
    ).toEqual(want.contenders);
    if (want.clinched) expect(byName.get(want.leader)!.status).toBe("champion");
    for (const [team, pts] of Object.entries(want.pointsToDrawLevel ?? {}))
      expect(formatPoints(byName.get(team)!.pointsToDrawLevel)).toBe(pts);
    for (const [team, positions] of Object.entries(want.lastRace ?? {})) {
      const table = byName.get(team)!.lastRace!;
      for (const [pos, need] of Object.entries(positions)) {
        if (!pos.startsWith("P")) continue;
        const row = table.find((p) => p.position === Number(pos.slice(1)))!;
        const rival = row.rivals.find(
          (r) =>
            scenario.outlooks.find((o) => o.competitor.id === r.competitorId)?.competitor.name ===
            need.rival,
        )!;
        if (need.tieOnly) expect(rival.tieOnly).toBe(true);
        else expect(rival.mayFinishAtBest).toBe(need.mayFinishAtBest);
      }
    }
  });
});
