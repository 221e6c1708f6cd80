// The points each result row of a race earned, per championship, read from the points trail:
// what the round page and the round results JSON show beside each car.
import { add, formatPoints, ZERO } from "../../core/points.js";
import type { Points } from "../../core/points.js";
import type { TrailEntry } from "../../core/standings-types.js";

/** A result row's key in the trail: its source file and line. */
export const rowKey = (source: { readonly file?: string; readonly line?: number }): string =>
  `${source.file ?? ""}:${source.line ?? ""}`;

/** Points awarded in one race, by row (rowKey), then championship, then competitor. */
export type RacePoints = Map<string, Map<string, Map<string, Points>>>;

export function racePoints(trail: readonly TrailEntry[], raceId: string): RacePoints {
  const byRow: RacePoints = new Map();
  for (const e of trail) {
    if (e.kind !== "awarded" || e.raceId !== raceId || !e.row) continue;
    const key = rowKey(e.row);
    let championships = byRow.get(key);
    if (!championships) byRow.set(key, (championships = new Map()));
    let competitors = championships.get(e.championshipId);
    if (!competitors) championships.set(e.championshipId, (competitors = new Map()));
    competitors.set(e.competitorId, add(competitors.get(e.competitorId) ?? ZERO, e.points));
  }
  return byRow;
}

/**
 * A row's points in one championship as one text: the points when every competitor the row
 * scores for got the same (a team; a car's drivers sharing fully), else each competitor's, joined.
 */
export function rowPointsText(competitors: ReadonlyMap<string, Points> | undefined): string {
  if (!competitors || competitors.size === 0) return "";
  const texts = [...competitors.values()].map(formatPoints);
  return texts.every((t) => t === texts[0]) ? (texts[0] ?? "") : texts.join(" + ");
}
