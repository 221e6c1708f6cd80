// The checkpoint gives the standings computeStandings gives: for each published season of
// fixtures/rules-history and a builder season with stewards' decisions, each race is left out,
// its rows put back in other orders, and both computations compared whole.
import { describe, expect, it } from "vitest";
import { historyCases } from "../../test/support/published-tables.js";
import { computeStandings } from "./compute-standings.js";
import type { TrailEntry } from "./compute-standings.js";
import { rulesFromInput } from "./points-rules.js";
import type { PointsRules } from "./points-rules.js";
import type { ResultRow, Season } from "./season.js";
import { seasonIndexReplacingRace } from "./season-index.js";
import {
  checkpointApplies,
  standingsCheckpoint,
  standingsFromCheckpoint,
} from "./standings-checkpoint.js";
import { makeSeason } from "./testing/season-builder.js";
import type { SeasonSpec } from "./testing/season-builder.js";

/** The published cases' seasons and rules. */
function publishedSeasons(): [string, Season, PointsRules][] {
  return historyCases().map(([file, c]) => {
    const rules = rulesFromInput(c.rules);
    if (!rules.ok) throw new Error(`${file}: ${JSON.stringify(rules.error)}`);
    return [file, makeSeason(c.season), rules.value];
  });
}

/** A small deterministic shuffle (the same orders on every run). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The race's rows with their places dealt out in another order (unplaced rows stay unplaced). */
function reordered(rows: readonly ResultRow[], seed: number): ResultRow[] {
  const places = shuffled(
    rows.map((r) => r.position),
    seed,
  );
  return rows.map((r, i) => ({ ...r, position: places[i] ?? null, classPosition: null }));
}

function check(season: Season, rules: PointsRules, orders: number): number {
  let compared = 0;
  const races = [...new Set(season.results.map((r) => r.raceId))];
  for (const raceId of races) {
    const round = season.rounds.find((r) => r.races.some((x) => x.id === raceId))?.number;
    const without: Season = {
      ...season,
      results: season.results.filter((r) => r.raceId !== raceId),
    };
    const rows = season.results.filter((r) => r.raceId === raceId);
    for (const upto of [undefined, round ?? undefined]) {
      const cp = standingsCheckpoint(without, rules, raceId, upto);
      for (let k = 0; k <= orders; k++) {
        const next: Season = {
          ...without,
          results: [...without.results, ...(k === 0 ? rows : reordered(rows, k))],
        };
        seasonIndexReplacingRace(without, next, raceId);
        expect(checkpointApplies(cp, next), `${raceId}: the checkpoint is used`).toBe(true);
        const got = JSON.stringify(standingsFromCheckpoint(cp, next));
        const want = JSON.stringify(
          computeStandings(next, rules, { uptoRound: upto, trail: false }),
        );
        expect(got, `${raceId} order ${k} upto ${upto ?? "-"}`).toBe(want);
        // With a trail: the race's own entries, as the whole computation tells them.
        const told = (trail: readonly TrailEntry[]) =>
          JSON.stringify(trail.filter((e) => e.raceId === raceId));
        const traced = standingsFromCheckpoint(cp, next, { trail: true });
        expect(JSON.stringify(traced.tables)).toBe(JSON.stringify(JSON.parse(want).tables));
        expect(told(traced.trail)).toBe(
          told(computeStandings(next, rules, { uptoRound: upto }).trail),
        );
        compared++;
      }
    }
  }
  return compared;
}

describe("standings from a checkpoint: the same as computed the whole way", () => {
  it.each(publishedSeasons())("%s", (_name, season, rules) => {
    expect(check(season, rules, 3)).toBeGreaterThan(0);
  });

  it("with stewards' decisions, drop rules and teams' best cars", () => {
    const rules = rulesFromInput({
      format: "paddock-rules/1",
      id: "t",
      name: "t",
      version: 1,
      scales: { s: [10, 8, 6, 5, 4, 3, 2, 1] },
      defaultScale: "s",
      championships: [
        {
          id: "teams",
          name: "Teams",
          kind: "teams",
          perClass: true,
          counting: { cars: "best", nonCounting: "nextCar" },
          drop: { unit: "round", best: 2 },
          bonuses: [{ kind: "pole", points: 1 }],
        },
        { id: "drivers", name: "Drivers", kind: "drivers", perClass: false },
      ],
    });
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    const rows: SeasonSpec["rows"] = [];
    for (let r = 1; r <= 3; r++)
      for (let c = 1; c <= 6; c++)
        rows.push({
          race: `r${r}`,
          pos: c === 6 ? null : c,
          status: c === 6 ? "dnf" : "classified",
          cls: c % 2 === 0 ? "A" : "B",
          car: String(c),
          team: `T${(c % 3) + 1}`,
          drivers: [`D${c}`, `E${c}`],
          laps: 50,
          pole: c === 2,
        });
    const season = makeSeason({
      classes: ["A", "B"],
      rounds: 3,
      rows,
      decisions: [
        {
          id: "d1",
          kind: "deduct_points",
          championship: "teams",
          team: "T1",
          cls: "A",
          points: "3",
        },
        { id: "d2", kind: "disqualify", race: "r2", car: "3" },
        { id: "d3", kind: "exclude_from_championship", championship: "drivers", driver: "D4" },
      ],
    });
    expect(check(season, rules.value, 5)).toBeGreaterThan(0);
  });
});
