// The engine under test, and how its output is compared with the SQL baseline's.
import { computeStandings } from "../src/core/compute-standings.js";
import type { Standings } from "../src/core/compute-standings.js";
import { formatPoints } from "../src/core/points.js";
import type { PointsRules } from "../src/core/points-rules.js";
import type { Season } from "../src/core/season.js";
import type { TeamTotal } from "./sql-baseline.js";

export function runEngine(season: Season, rules: PointsRules, trail: boolean): Standings {
  return computeStandings(season, rules, { trail });
}

/** Totals of every competitor in every table of one championship, in the SQL baseline's shape. */
export function engineTotals(standings: Standings, championshipId: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const table of standings.tables) {
    if (table.championshipId !== championshipId) continue;
    for (const row of table.rows)
      out.set(key(table.classId ?? "", row.competitor.id), formatPoints(row.total));
  }
  return out;
}

function key(classId: string, teamId: string): string {
  return `${classId}|${teamId}`;
}

/** Every (class, team) whose totals differ, or that only one side lists. Empty when they agree. */
export function compareTotals(
  engine: ReadonlyMap<string, string>,
  sql: readonly TeamTotal[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of sql) {
    const k = key(t.classId, t.teamId);
    seen.add(k);
    const mine = engine.get(k);
    if (mine === undefined)
      problems.push(`${k}: SQL ${t.total}, missing from the engine's standings`);
    else if (mine !== String(t.total)) problems.push(`${k}: engine ${mine}, SQL ${t.total}`);
  }
  for (const [k, total] of engine)
    if (!seen.has(k)) problems.push(`${k}: engine ${total}, missing from the SQL result`);
  return problems;
}

/** How many trail entries each rule produced: shows that the data exercises every rule. */
export function trailRuleCounts(standings: Standings): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of standings.trail) counts[t.rule] = (counts[t.rule] ?? 0) + 1;
  return counts;
}
